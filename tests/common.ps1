# Shared fixture for the Pester suites: dot-source it in BeforeAll ({ . $PSScriptRoot/common.ps1 }).
# It imports nothing by itself. It knows where the built module and the built local endpoint are,
# starts and stops real endpoints on free loopback ports, makes unique ARNs, and runs fresh pwsh
# processes (for settings that a process reads once: environment variables, profile files).
Set-StrictMode -Version Latest

$RepoRoot = Split-Path -Parent $PSScriptRoot
$ModuleManifest = Join-Path $RepoRoot 'out/CodeStarProfiles/CodeStarProfiles.psd1'
$TestConfiguration = if ($env:CODESTAR_TEST_CONFIGURATION) { $env:CODESTAR_TEST_CONFIGURATION } else { 'Release' }
$EndpointDll = Join-Path $RepoRoot "src/CodeStarProfiles.LocalEndpoint/bin/$TestConfiguration/net10.0/CodeStarProfiles.LocalEndpoint.dll"
# The local endpoint's published default key pair (local only: never valid on AWS).
$LocalAccessKey = 'AKIACODESTARLOCAL001'
$LocalSecretKey = 'LocalOnlyCodeStarSecretKeyDoNotUseInAws0'

if (-not (Test-Path $ModuleManifest)) { throw "The module is not built: $ModuleManifest is missing. Run 'dotnet build' first." }
if (-not (Test-Path $EndpointDll)) { throw "The local endpoint is not built: $EndpointDll is missing. Run 'dotnet build -c $TestConfiguration' first." }

# The dotnet host that runs this pwsh (the PowerShell global tool runs pwsh.dll under dotnet).
function Get-TestPwshCommand {
    $process = [Environment]::ProcessPath
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet' -and (Test-Path $pwshDll)) {
        return @($process, $pwshDll)
    }
    return @($process)
}

function New-TestDirectory {
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('codestar-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $dir | Out-Null
    $dir
}

<#
Starts the built local endpoint on a free loopback port (port 0) with a database of its own (or the one
given), and waits until it says where it listens. Extra options go in -ArgumentList, e.g.
'--throttle-rps', '20'. Returns Url, Process, Database, Directory, Log (its console output file) and
Connection: a hashtable to splat into every cmdlet (EndpointUrl, Region, AccessKey, SecretKey).
#>
function Start-TestEndpoint {
    [CmdletBinding()]
    param(
        [string[]] $ArgumentList = @(),
        [string] $Database,
        [string] $Urls = 'http://127.0.0.1:0',
        [int] $TimeoutSec = 60
    )
    $dir = New-TestDirectory
    if (-not $Database) { $Database = Join-Path $dir 'codestar.db' }
    $log = Join-Path $dir 'endpoint.out'
    $arguments = @($EndpointDll, '--urls', $Urls, '--database', $Database) + $ArgumentList
    if ($arguments -notcontains '--log') { $arguments += @('--log', 'none') }
    $dotnet = (Get-TestPwshCommand)[0]
    if ([IO.Path]::GetFileNameWithoutExtension($dotnet) -ne 'dotnet') { $dotnet = 'dotnet' }
    $process = Start-Process -FilePath $dotnet -ArgumentList $arguments -RedirectStandardOutput $log `
        -RedirectStandardError (Join-Path $dir 'endpoint.err') -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $url = $null
    while (-not $url) {
        if ($process.HasExited) {
            $text = (Get-Content -Raw $log -ErrorAction SilentlyContinue) + (Get-Content -Raw (Join-Path $dir 'endpoint.err') -ErrorAction SilentlyContinue)
            throw "The local endpoint exited with $($process.ExitCode) before listening: $text"
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            $process.Kill()
            throw "The local endpoint did not start listening within $TimeoutSec s."
        }
        $text = [string](Get-Content -Raw $log -ErrorAction SilentlyContinue)
        $found = [regex]::Match($text, 'listening on (\S+)')
        if ($found.Success) { $url = $found.Groups[1].Value } else { Start-Sleep -Milliseconds 50 }
    }
    [pscustomobject]@{
        Url        = $url
        Process    = $process
        Database   = $Database
        Directory  = $dir
        Log        = $log
        Connection = @{ EndpointUrl = $url; Region = 'us-east-1'; AccessKey = $LocalAccessKey; SecretKey = $LocalSecretKey }
    }
}

# Stops an endpoint: SIGTERM and a wait (it stops cleanly), or -Kill (SIGKILL, as a crash would).
function Stop-TestEndpoint {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] $Endpoint, [switch] $Kill, [switch] $KeepFiles)
    if ($null -eq $Endpoint) { return }  # an AfterAll after a BeforeAll that failed before starting one
    $p = $Endpoint.Process
    if (-not $p.HasExited) {
        if ($Kill) { $p.Kill() } else { & kill -TERM $p.Id }
        if (-not $p.WaitForExit(15000)) { $p.Kill(); $p.WaitForExit(5000) | Out-Null }
    }
    if (-not $KeepFiles) { Remove-Item -Recurse -Force $Endpoint.Directory -ErrorAction SilentlyContinue }
}

$script:TestArnCounter = 0
# A unique IAM user ARN (a fresh name per call and per run, so suites never collide on one endpoint).
function New-TestArn {
    param([string] $Prefix = 'user', [string] $Account = '123456789012')
    $script:TestArnCounter++
    $run = [guid]::NewGuid().ToString('N').Substring(0, 6)
    "arn:aws:iam::${Account}:user/$Prefix$run$('{0:D4}' -f $script:TestArnCounter)"
}

<#
Runs -Command in a fresh pwsh process (same pwsh as this one) with the built module's folder first on
PSModulePath (set in the child's environment, so the built-in modules stay), -NoProfile -NonInteractive.
-Environment sets variables for the child; a $null value removes one. Returns ExitCode, Output
(stdout lines) and Error (stderr lines).
#>
function Invoke-TestPwsh {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Command,
        [hashtable] $Environment = @{},
        [int] $TimeoutSec = 120,
        # Interactive (no -NonInteractive), with standard input closed at once, as under cron or a CI step.
        [switch] $StdinClosed
    )
    $exe = Get-TestPwshCommand
    $psi = [System.Diagnostics.ProcessStartInfo]::new($exe[0])
    foreach ($a in $exe | Select-Object -Skip 1) { $psi.ArgumentList.Add($a) }
    foreach ($a in @('-NoProfile') + @(if (-not $StdinClosed) { '-NonInteractive' }) + @('-OutputFormat', 'Text', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command)))) {
        $psi.ArgumentList.Add($a)
    }
    $psi.RedirectStandardInput = [bool] $StdinClosed
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $moduleDir = Split-Path -Parent (Split-Path -Parent $ModuleManifest)
    $psi.Environment['PSModulePath'] = $moduleDir
    $psi.Environment['NO_COLOR'] = '1'
    foreach ($k in $Environment.Keys) {
        if ($null -eq $Environment[$k]) { [void] $psi.Environment.Remove($k) } else { $psi.Environment[$k] = [string] $Environment[$k] }
    }
    $p = [System.Diagnostics.Process]::Start($psi)
    if ($StdinClosed) { $p.StandardInput.Close() }
    $stdout = $p.StandardOutput.ReadToEndAsync()
    $stderr = $p.StandardError.ReadToEndAsync()
    if (-not $p.WaitForExit($TimeoutSec * 1000)) {
        $p.Kill($true)
        throw "The child pwsh did not finish within $TimeoutSec s."
    }
    $p.WaitForExit()
    [pscustomobject]@{
        ExitCode = $p.ExitCode
        Output   = @($stdout.Result -split "\r?\n" | Where-Object { $_ -ne '' })
        Error    = @($stderr.Result -split "\r?\n" | Where-Object { $_ -ne '' })
    }
}

# Writes rows (hashtables or objects) to a CSV file the way a user's spreadsheet export would be, and returns its path.
function New-TestCsv {
    param([Parameter(Mandatory)] [object[]] $Rows, [string] $Path)
    if (-not $Path) { $Path = Join-Path (New-TestDirectory) 'users.csv' }
    $Rows | ForEach-Object { [pscustomobject] $_ } | Export-Csv -Path $Path -NoTypeInformation
    $Path
}

# How many requests an endpoint from Start-TestEndpoint has answered so far: the lines of its request log
# (written asynchronously, so it waits until two readings agree). Start it with '--log', 'requests'.
function Get-SentCount {
    param([Parameter(Mandatory)] $Endpoint)
    $last = -1
    while ($true) {
        $n = @(Get-Content $Endpoint.Log | Where-Object { $_ -match '^\d{4}-\d\d-\d\dT\S+ \S+ \S+ \d{3} ' }).Count
        if ($n -eq $last) { return $n }
        $last = $n
        Start-Sleep -Milliseconds 300
    }
}

# The error records of an -ErrorVariable (which holds an ActionPreferenceStopException's record wrapped).
function Get-ErrorRecord([object[]] $Errors) { @($Errors | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_ } else { $_.ErrorRecord } }) }

# An OpenSSH ed25519 public key line (and its fingerprint) that the module and the endpoint accept.
$TestSshKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiroZ98I56c7NWMGI8B6ZAh90G38vcD5iO9mmVD mary@laptop'
$TestSshKeyFingerprint = 'SHA256:V2VKcnl/xUoBc+i7fofGvMyMZyOprT2VNUPx5Mm4TSY'
