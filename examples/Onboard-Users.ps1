<#
.SYNOPSIS
    Onboards the users of a CSV file as CodeStar user profiles and reports what happened.
.DESCRIPTION
    What a bulk onboarding runbook does: Import-Csv piped into New-CodeStarUserProfile, one bad row never
    stopping the rest. It prints the profiles created, each failed row with its ErrorId and reason
    (optionally writing the failed rows, as they were, to a CSV to fix and re-run), and the listing.

    Connection settings are the module's usual ones: pass -EndpointUrl/-Region/-ProfileName, or let the
    environment (AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_CODESTAR)
    and the shared config files decide. 'dotnet run --project examples/Onboarding' runs this script against a
    fresh local endpoint.
    Exit code: 0 when every row was created, 3 when some rows failed (each is reported, and written to
    -FailedRowsPath), 1 when the run itself stopped (no credentials, the credentials refused), so that a
    scheduler or CI step sees a partial run.
.EXAMPLE
    ./examples/Onboard-Users.ps1 -CsvPath users.csv -ProfileName onboarding -Region us-east-1 -FailedRowsPath failed.csv
.EXAMPLE
    ./examples/Onboard-Users.ps1 -EndpointUrl http://127.0.0.1:4599 -Region us-east-1   # a local endpoint, credentials from the environment
#>
[CmdletBinding()]
param(
    [string] $CsvPath = (Join-Path $PSScriptRoot 'users.csv'),
    [string] $EndpointUrl,
    [string] $Region,
    [string] $ProfileName,
    [ValidateRange(1, 64)] [int] $ThrottleLimit = 4,
    # Where to write the failed rows (every column, as read), ready to fix and re-run; none when omitted.
    [string] $FailedRowsPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if (-not (Get-Module CodeStarProfiles)) { Import-Module CodeStarProfiles }   # by name from PSModulePath, unless already imported

$connection = @{}
foreach ($name in 'EndpointUrl', 'Region', 'ProfileName') {
    if ($PSBoundParameters.ContainsKey($name)) { $connection[$name] = $PSBoundParameters[$name] }
}

$rows = @(Import-Csv -Path $CsvPath)
Write-Host "Read $($rows.Count) rows from $CsvPath"

$created = @($rows | New-CodeStarUserProfile @connection -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable failed)

Write-Host "`n=== Created: $($created.Count) profiles ==="
$created | Format-Table | Out-Host

Write-Host "=== Failed: $($failed.Count) rows, each with its reason ==="
$failed | ForEach-Object {
    # The row as it came from Import-Csv; its first column names it (the ARN in users.csv).
    $row = $_.TargetObject
    [pscustomobject]@{
        ErrorId = $_.FullyQualifiedErrorId.Split(',')[0]
        Row     = if ($row) { @($row.PSObject.Properties)[0].Value } else { $null }
        Reason  = $_.Exception.Message
    }
} | Format-List | Out-Host
if ($FailedRowsPath -and $failed.Count) {
    $failed.TargetObject | Export-Csv -Path $FailedRowsPath -NoTypeInformation
    Write-Host "The $($failed.Count) failed rows, as they were, are in $FailedRowsPath"
}

Write-Host "=== Get-CodeStarUserProfile (a listing: ListUserProfiles returns no timestamps) ==="
Get-CodeStarUserProfile @connection | Format-Table | Out-Host

if ($failed.Count) { exit 3 } # some rows failed: a partial run, which a scheduler should see
