<#
.SYNOPSIS
    Runs the Pester suites (tests/*.Tests.ps1) in this pwsh against the built module in out/.
.DESCRIPTION
    Needs 'dotnet build' first (the module, the local endpoint, and Pester 5.9.1, which the build
    restores as a PackageDownload into the NuGet package folder). Writes NUnit XML results and a
    summary (passed, failed, skipped) to TestResults/, and exits 1 when anything failed.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/run.ps1                              # every suite
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/run.ps1 -Path tests/Usage.Tests.ps1  # one suite
#>
[CmdletBinding()]
param(
    [string[]] $Path = @(Join-Path $PSScriptRoot '*.Tests.ps1'),
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release',
    [string] $ResultsDirectory = (Join-Path (Split-Path -Parent $PSScriptRoot) 'TestResults'),
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')] [string] $Output = 'Normal'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$pesterVersion = '5.9.1'
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$pester = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
if (-not (Test-Path $pester)) { throw "Pester $pesterVersion is not restored ($pester is missing): run 'dotnet build' (or 'dotnet restore') first." }
Import-Module $pester -RequiredVersion $pesterVersion -Force

# 'pwsh -File' passes '-Path a,b' as one string: split it.
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$env:CODESTAR_TEST_CONFIGURATION = $Configuration
New-Item -ItemType Directory -Force -Path $ResultsDirectory | Out-Null
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = $Output
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultsDirectory 'Pester.xml'
$result = Invoke-Pester -Configuration $config

# A block or file that failed outside any test (BeforeAll, discovery) counts as a failure too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$summary = [ordered]@{ passed = $result.PassedCount; failed = $failed; skipped = $result.SkippedCount + $result.NotRunCount }
$summary | ConvertTo-Json | Set-Content -Path (Join-Path $ResultsDirectory 'pester-summary.json')
"Pester: $($summary.passed) passed, $($summary.failed) failed, $($summary.skipped) skipped"
exit ([int]($failed -gt 0))
