<#
.SYNOPSIS
    Builds, tests or packages CodeStarProfiles: a thin wrapper over the same dotnet commands.
.EXAMPLE
    ./build.ps1                 # Build: out/CodeStarProfiles, importable
.EXAMPLE
    ./build.ps1 -Task Test      # Build and run every test (the README's ./test.sh does the same)
.EXAMPLE
    ./build.ps1 -Task Package   # Build, then out/CodeStarProfiles.<version>.nupkg for the PowerShell Gallery
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Runs one dotnet step and stops the build at the first that fails.
function Invoke-Step {
    param([string] $Name, [string[]] $Arguments)
    $Host.UI.WriteLine("==> $Name")
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Name failed (dotnet exited with $LASTEXITCODE)."
    }
}

# Absolute paths, so it runs from any directory and leaves the current location alone.
$root = $PSScriptRoot
$solution = "$root/CodeStarProfiles.sln"

Invoke-Step 'Build' @('build', $solution, '-c', $Configuration, '-nologo')
switch ($Task) {
    'Test' {
        Invoke-Step 'Test' @('test', $solution, '-c', $Configuration, '--no-build', '-nologo')
    }
    'Package' {
        Invoke-Step 'Package' @('run', '--project', "$root/build/CodeStarProfiles.Build", '-c', $Configuration, '--', 'package', "$root/out/CodeStarProfiles", "$root/out")
    }
}
