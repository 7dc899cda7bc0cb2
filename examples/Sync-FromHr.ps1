<#
.SYNOPSIS
    The nightly desired-state sync: plan from an HR export to a file, show it, then apply the file.
.DESCRIPTION
    Compare-CodeStarUserProfile plans what makes CodeStar match the export within -Scope (create who
    joined, update who changed, remove who left) and saves the plan with Export-Clixml; the plan is
    shown for review; Sync-CodeStarUserProfile applies exactly the saved plan, refusing any change whose
    profile moved on since (StalePlanItem) and any plan over the removal limit (RemovalLimitExceeded).
    With -PlanOnly it stops after the plan, for a human to review before a second run with -PlanPath.

    Connection settings are the module's usual ones (parameters, environment, shared config files).
.EXAMPLE
    ./examples/Sync-FromHr.ps1 -CsvPath hr.csv -Scope 'arn:aws:iam::111111111111:user/staff/*' -PlanOnly -PlanPath plan.xml
    # review plan.xml (Import-Clixml plan.xml | Format-Table), then:
    ./examples/Sync-FromHr.ps1 -Scope 'arn:aws:iam::111111111111:user/staff/*' -PlanPath plan.xml -ApplyOnly
.EXAMPLE
    ./examples/Sync-FromHr.ps1 -EndpointUrl http://127.0.0.1:4599 -Region us-east-1 -Demo   # seeds a local endpoint, then plans and applies
#>
[CmdletBinding()]
param(
    [string] $CsvPath = (Join-Path $PSScriptRoot 'hr.csv'),
    [string[]] $Scope = @('arn:aws:iam::111111111111:user/staff/*'),
    [string] $PlanPath = (Join-Path ([IO.Path]::GetTempPath()) "codestar-plan-$(Get-Date -Format yyyyMMdd-HHmmss).xml"),
    [string] $EndpointUrl,
    [string] $Region,
    [string] $ProfileName,
    [int] $MaxRemove = -1,
    [switch] $PlanOnly,
    [switch] $ApplyOnly,
    # Seeds the endpoint with yesterday's state first (for trying this against a fresh local endpoint).
    [switch] $Demo
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if (-not (Get-Module CodeStarProfiles)) { Import-Module CodeStarProfiles }   # by name from PSModulePath, unless already imported

$connection = @{}
foreach ($name in 'EndpointUrl', 'Region', 'ProfileName') {
    if ($PSBoundParameters.ContainsKey($name)) { $connection[$name] = $PSBoundParameters[$name] }
}
$limit = @{}
if ($MaxRemove -ge 0) { $limit.MaxRemove = $MaxRemove }

if ($Demo) {
    # Yesterday: everyone in the export as it was, plus two who have left since, and a contractor outside the scope.
    $yesterday = @(Import-Csv $CsvPath | Where-Object Arn -notlike '*new.hire*') + @(
        [pscustomobject]@{ Arn = 'arn:aws:iam::111111111111:user/staff/left.one'; Name = 'Left One'; Email = 'left.one@example.com' }
        [pscustomobject]@{ Arn = 'arn:aws:iam::111111111111:user/staff/left.two'; Name = 'Left Two'; Email = 'left.two@example.com' }
        [pscustomobject]@{ Arn = 'arn:aws:iam::111111111111:user/contractors/casey'; Name = 'Casey Contractor'; Email = 'casey@example.com' })
    $yesterday | ForEach-Object { if ($_.Arn -like '*mary.major') { $_.Email = 'mary@old.example.com' }; $_ } |
        New-CodeStarUserProfile @connection -Force | Out-Null
    Write-Host "Seeded $($yesterday.Count) profiles as yesterday's state."
}

if (-not $ApplyOnly) {
    Write-Host "`n=== Plan: $CsvPath against CodeStar, scope $($Scope -join ', ') ==="
    $plan = @(Import-Csv $CsvPath | Compare-CodeStarUserProfile -Scope $Scope @connection)
    $plan | Export-Clixml -Path $PlanPath
    $plan | Format-Table | Out-Host
    Write-Host "$($plan.Count) changes saved to $PlanPath"
    if ($PlanOnly) { return }
}

Write-Host "`n=== Apply: $PlanPath ==="
$saved = @(Import-Clixml -Path $PlanPath)
if ($saved.Count -eq 0) {
    # Sync refuses an empty input (it looks the same as a failed export), so a quiet night skips the apply.
    Write-Host 'The plan has no changes: nothing to apply.'
    return
}
$results = @($saved | Sync-CodeStarUserProfile -Scope $Scope @connection @limit -Force -ErrorAction Continue -ErrorVariable failed)
$results | Format-Table | Out-Host
$count = { param($outcome) @($results | Where-Object Outcome -eq $outcome).Count }
Write-Host ("Applied {0}, already as planned {1}, stale {2}, failed {3}." -f (& $count 'Applied'), (& $count 'AsPlanned'), (& $count 'Stale'), (& $count 'Failed'))
if ((& $count 'Stale') + (& $count 'Failed')) { exit 3 } # a partial run, which a scheduler should see; a retry of the same plan (-ApplyOnly) finds what was done as AsPlanned
