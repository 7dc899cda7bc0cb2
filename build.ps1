<#
.SYNOPSIS
    Builds, tests or packages CodeStarProfiles: a thin wrapper over the same dotnet commands.
.EXAMPLE
    ./build.ps1                 # Build: out/CodeStarProfiles, importable
.EXAMPLE
    ./build.ps1 -Task Test      # Build, then every xunit project and every Pester suite (as ./test.sh does)
.EXAMPLE
    ./build.ps1 -Task Test -PesterPath tests/Smoke.Tests.ps1 -TestFilter 'FullyQualifiedName~PureLogic'
    # a subset: one Pester file, and the xunit tests that match a 'dotnet test --filter' expression
.EXAMPLE
    ./build.ps1 -Task Test -NoBuild   # the tests only, on what the last build left
.EXAMPLE
    ./build.ps1 -Task Package   # Build, then out/CodeStarProfiles.<version>.nupkg for the PowerShell Gallery
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Test: the Pester files to run (default: tests/*.Tests.ps1).
    [string[]] $PesterPath,

    # Test: a 'dotnet test --filter' expression for the xunit projects (default: all).
    [string] $TestFilter,

    # Test: where results go (default: TestResults/).
    [string] $ResultsDirectory,

    # Test or Package: use what the last build left, as 'dotnet test --no-build' does.
    [switch] $NoBuild
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Runs one step and stops the build at the first that fails.
function Invoke-Step {
    param([string] $Name, [string] $Command, [string[]] $Arguments)
    $Host.UI.WriteLine("==> $Name")
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Name failed ($Command exited with $LASTEXITCODE)."
    }
}

# Absolute paths, so it runs from any directory and leaves the current location alone.
$root = $PSScriptRoot
$solution = "$root/CodeStarProfiles.sln"
if (-not $ResultsDirectory) { $ResultsDirectory = "$root/TestResults" }

if (-not $NoBuild -or $Task -eq 'Build') {
    Invoke-Step 'Build' 'dotnet' @('build', $solution, '-c', $Configuration, '-nologo')
}
switch ($Task) {
    'Test' {
        $xunit = @('test', $solution, '-c', $Configuration, '--no-build', '-nologo', '--results-directory', $ResultsDirectory)
        if ($TestFilter) { $xunit += @('--filter', $TestFilter) }
        Invoke-Step 'xunit tests' 'dotnet' $xunit
        # The Pester suites run in a pwsh of their own (this one's executable: pwsh, or pwsh.dll under dotnet).
        $pwsh = @([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'dotnet') { $pwsh += "$PSHOME/pwsh.dll" }
        $pester = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', "$root/tests/run.ps1",
            '-Configuration', $Configuration, '-ResultsDirectory', $ResultsDirectory)
        if ($PesterPath) { $pester += @('-Path', (($PesterPath | ForEach-Object { (Resolve-Path $_).Path }) -join ',')) }
        Invoke-Step 'Pester tests' $pwsh[0] $pester
    }
    'Package' {
        Invoke-Step 'Package' 'dotnet' @('run', '--project', "$root/build/CodeStarProfiles.Build", '-c', $Configuration, '--', 'package', "$root/out/CodeStarProfiles", "$root/out")
    }
}
