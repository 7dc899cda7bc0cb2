# Bulk work against a misbehaving endpoint (throttling, 500/503 before or after the write, dropped
# connections, stalls, a crash): every valid row done exactly once, every row accounted for in the
# output or the error stream, nothing reported done that was not nor failed that was done, and a
# re-run with -Force completes the rest. With the default retry settings unless a test says otherwise.
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force

    function New-FaultRows {
        param([string] $Tag, [int] $Count, [int] $InvalidEvery = 0)
        foreach ($i in 0..($Count - 1)) {
            $invalid = $InvalidEvery -gt 0 -and $i % $InvalidEvery -eq $InvalidEvery - 1
            [pscustomobject]@{
                UserArn      = if ($invalid) { "arn:aws:iam::1:user/$Tag$i" } else { "arn:aws:iam::777777777777:user/$Tag/u{0:D4}" -f $i }
                DisplayName  = "$Tag User $i"
                EmailAddress = "u$i@$Tag.example.com"
            }
        }
    }

    # The profiles stored under the rows' tag. The endpoint may still be injecting faults into reads too,
    # so the listing retries far more than a row ever needs (0.3 ** 21 of a page failing at a 30% fault rate).
    function Get-StoredProfiles {
        param($Endpoint, [string] $Tag)
        $conn = $Endpoint.Connection
        @(Get-CodeStarUserProfile @conn -MaxRetryAttempts 20 | Where-Object UserArn -like "*/$Tag/*")
    }

    # Every valid row stored exactly once, with its values.
    # A re-run of the same rows with -Force on a healthy endpoint: no errors, every row out, each stored once.
    function Assert-ForceRerunCompletes {
        param($Endpoint, [object[]] $Rows, [string] $Tag, [int] $Expected)
        $conn = $Endpoint.Connection
        $again = @($Rows | New-CodeStarUserProfile @conn -Force -ErrorVariable againFailed)
        $againFailed | Should -BeNullOrEmpty
        $again.Count | Should -Be $Expected
        Assert-ExactlyOnce -Rows $Rows -Stored (Get-StoredProfiles $Endpoint $Tag) -Tag $Tag
    }

    function Assert-ExactlyOnce {
        param([object[]] $Rows, [object[]] $Stored, [string] $Tag)
        $valid = @($Rows | Where-Object UserArn -like "*/$Tag/*")
        @($Stored | ForEach-Object UserArn | Sort-Object) | Should -Be @($valid | ForEach-Object UserArn | Sort-Object)
        $byArn = @{}
        foreach ($r in $valid) { $byArn[$r.UserArn] = $r }
        foreach ($p in $Stored) { $p.DisplayName | Should -Be $byArn[$p.UserArn].DisplayName }
    }

    # Runs a command in a PowerShell instance of this process with the module loaded, for the streams
    # a test watches as they come (progress, requests after Stop).
    function New-ModuleInstance {
        $ps = [powershell]::Create()
        [void] $ps.AddScript('param($m) Import-Module $m').AddArgument($ModuleManifest).Invoke()
        $ps.Commands.Clear()
        $ps
    }

    # The endpoint's request log lines so far (started with '--log', 'requests').
    function Get-RequestCount {
        param($Endpoint)
        @(Get-Content $Endpoint.Log -ErrorAction SilentlyContinue | Where-Object { $_ -match '^\d{4}-\d\d-\d\dT\S+ \S+ \S+ \d+ ' }).Count
    }
}

Describe 'Throttling with the default retry settings' {
    It 'lands every row at -ThrottleLimit <Limit> while the service accepts some requests, the opening burst included' -TestCases @(
        @{ Limit = 1 }, @{ Limit = 16 }, @{ Limit = 64 }
    ) {
        $endpoint = Start-TestEndpoint -ArgumentList '--throttle-rps', '20'
        try {
            $conn = $endpoint.Connection
            $rows = @(New-FaultRows -Tag "thr$Limit" -Count 60)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $out = @($rows | New-CodeStarUserProfile @conn -ThrottleLimit $Limit -ErrorVariable failed)
            $clock.Stop()
            $failed | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
            $out.Count | Should -Be 60
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 20 -Because '60 rows at 20 a second take 3 s; the backoff must not add many seconds'
            Assert-ExactlyOnce -Rows $rows -Stored (Get-StoredProfiles $endpoint "thr$Limit") -Tag "thr$Limit"
        }
        finally { Stop-TestEndpoint $endpoint }
    }

    It 'retries throttling until every row lands (80 rows at 40 a second)' {
        $endpoint = Start-TestEndpoint -ArgumentList '--throttle-rps', '40'
        try {
            $conn = $endpoint.Connection
            $rows = @(New-FaultRows -Tag throttle -Count 80)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $out = @($rows | New-CodeStarUserProfile @conn -ThrottleLimit 8 -ErrorVariable failed)
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 20 -Because "80 rows at 40/s took $($clock.Elapsed)"
            $failed | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
            $out.Count | Should -Be 80
            Assert-ExactlyOnce -Rows $rows -Stored (Get-StoredProfiles $endpoint throttle) -Tag throttle
        }
        finally { Stop-TestEndpoint $endpoint }
    }

    It 'is bounded: once the service has accepted nothing for CODESTAR_MAX_THROTTLE_WAIT seconds, the remaining rows fail as Throttled' {
        # One token, then one every 20 s: the first row goes through, the others meet nothing but "Rate exceeded".
        $endpoint = Start-TestEndpoint -ArgumentList '--throttle-rps', '0.05'
        try {
            $script = @"
`$ProgressPreference = 'SilentlyContinue'
`$conn = @{ EndpointUrl = '$($endpoint.Url)'; Region = 'us-east-1'; AccessKey = '$LocalAccessKey'; SecretKey = '$LocalSecretKey' }
`$rows = 0..3 | ForEach-Object { [pscustomobject]@{ UserArn = "arn:aws:iam::777777777777:user/bounded/u`$_"; DisplayName = "B `$_"; EmailAddress = "b`$_@example.com" } }
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$out = @(`$rows | New-CodeStarUserProfile @conn -ThrottleLimit 4 -ErrorVariable failed -ErrorAction SilentlyContinue)
[pscustomobject]@{
    Seconds = `$clock.Elapsed.TotalSeconds; Created = `$out.Count
    Errors = @(`$failed | ForEach-Object { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId; Category = [string] `$_.CategoryInfo.Category; Target = `$_.TargetObject.UserArn; Message = `$_.Exception.Message; Advice = `$_.ErrorDetails.RecommendedAction } })
} | ConvertTo-Json -Depth 4 -Compress
"@
            $r = Invoke-TestPwsh -Command $script -Environment @{ CODESTAR_MAX_THROTTLE_WAIT = '3' }
            $r.Error | Should -BeNullOrEmpty
            $result = $r.Output[-1] | ConvertFrom-Json
            $result.Created | Should -Be 1
            @($result.Errors).Count | Should -Be 3
            foreach ($e in $result.Errors) {
                $e.Id | Should -BeLike 'Throttled,*'
                $e.Category | Should -Be 'LimitsExceeded'
                $e.Target | Should -BeLike 'arn:aws:iam::777777777777:user/bounded/u*'
                $e.Message | Should -Match 'Rate exceeded'
                $e.Advice | Should -Match "nothing but 'Rate exceeded'"
            }
            $result.Seconds | Should -BeGreaterThan 2.5
            $result.Seconds | Should -BeLessThan 15 -Because 'the wait is 3 s, not the 120 s default'
        }
        finally { Stop-TestEndpoint $endpoint }
    }

    It 'shows retries in verbose as they happen, not when the command ends' {
        # 2 requests a second: most of the 6 rows are throttled at first and retried for seconds.
        $endpoint = Start-TestEndpoint -ArgumentList '--throttle-rps', '2'
        try {
            $conn = $endpoint.Connection
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $script:firstThrottled = $null
            $out = @(New-FaultRows -Tag live -Count 6 | New-CodeStarUserProfile @conn -ThrottleLimit 6 -MaxRetryAttempts 20 -Verbose 4>&1 | ForEach-Object {
                    if ($_ -is [Management.Automation.VerboseRecord]) {
                        if ($null -eq $script:firstThrottled -and $_.Message -match 'ThrottlingException') { $script:firstThrottled = $clock.Elapsed }
                    }
                    else { $_ }
                })
            $ended = $clock.Elapsed
            $out.Count | Should -Be 6
            $script:firstThrottled | Should -Not -BeNullOrEmpty
            ($ended - $script:firstThrottled).TotalSeconds | Should -BeGreaterThan 1 -Because "first throttling reported at $($script:firstThrottled), the command ended at $ended"
        }
        finally { Stop-TestEndpoint $endpoint }
    }
}

Describe 'Server errors and dropped connections' {
    It 'never loses or duplicates a row or reports a false exists, with errors before and after the write' {
        $endpoint = Start-TestEndpoint -ArgumentList '--fault-rate', '0.3', '--fault-seed', '12345'
        try {
            $conn = $endpoint.Connection
            $rows = @(New-FaultRows -Tag faults -Count 50 -InvalidEvery 10)
            $all = @($rows | New-CodeStarUserProfile @conn -ThrottleLimit 8 -MaxRetryAttempts 10 -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1)
            $verbose = @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
            @($all | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }).Count | Should -Be 45
            $failed.Count | Should -Be 5
            $failed | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidUserArn,*' }
            # Some creates failed after the service wrote them: the retry met 'already exists' and recognised its own write.
            $verbose | Where-Object { $_ -match 'an earlier attempt had been written before it failed' } | Should -Not -BeNullOrEmpty
            $verbose | Where-Object { $_ -match 'InternalFailure|ServiceUnavailable' } | Should -Not -BeNullOrEmpty
            Assert-ExactlyOnce -Rows $rows -Stored (Get-StoredProfiles $endpoint faults) -Tag faults
        }
        finally { Stop-TestEndpoint $endpoint }
    }

    It 'retries dropped connections and accounts for every row' {
        $endpoint = Start-TestEndpoint -ArgumentList '--drop-rate', '0.25', '--latency-ms', '2', '--fault-seed', '12345'
        try {
            $conn = $endpoint.Connection
            $rows = @(New-FaultRows -Tag drops -Count 40)
            $out = @($rows | New-CodeStarUserProfile @conn -ThrottleLimit 4 -MaxRetryAttempts 10 -ErrorVariable failed)
            $failed | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
            $out.Count | Should -Be 40
            Assert-ExactlyOnce -Rows $rows -Stored (Get-StoredProfiles $endpoint drops) -Tag drops
        }
        finally { Stop-TestEndpoint $endpoint }
    }

    It 'takes the retry attempts from the parameters' {
        $endpoint = Start-TestEndpoint -ArgumentList '--fault-rate', '1.0', '--fault-seed', '12345'
        try {
            $conn = $endpoint.Connection
            $all = @(New-FaultRows -Tag attempts -Count 1 | New-CodeStarUserProfile @conn -MaxRetryAttempts 2 -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1)
            $failed.Count | Should -Be 1
            @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -match 'CreateUserProfile' -and $_.Message -match 'failed with' }).Count | Should -Be 3
        }
        finally { Stop-TestEndpoint $endpoint }
    }

    It 'reports each row failed without retries as ServiceError (not stored) or OutcomeUnknown, and a -Force re-run completes the rest' {
        $dir = New-TestDirectory
        $db = Join-Path $dir 'rerun.db'
        $rows = @(New-FaultRows -Tag rerun -Count 40)
        $faulty = Start-TestEndpoint -Database $db -ArgumentList '--fault-rate', '0.4', '--fault-seed', '99'
        try {
            $conn = $faulty.Connection
            $out = @($rows | New-CodeStarUserProfile @conn -ThrottleLimit 4 -MaxRetryAttempts 0 -ErrorVariable failed -ErrorAction SilentlyContinue)
        }
        finally { Stop-TestEndpoint $faulty }
        ($out.Count + $failed.Count) | Should -Be 40 -Because 'nothing is silently missing'
        $failed.Count | Should -BeGreaterThan 0 -Because 'a 40% fault rate with no retries fails some rows'
        $out.Count | Should -BeLessThan 40

        $healthy = Start-TestEndpoint -Database $db
        try {
            $storedArns = @(Get-StoredProfiles $healthy rerun | ForEach-Object UserArn)
            foreach ($e in $failed) {
                $e.TargetObject | Should -BeIn $rows -Because 'the TargetObject is the input row itself'
                switch -Wildcard ($e.FullyQualifiedErrorId) {
                    'ServiceError,*' {
                        $e.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
                        $storedArns | Should -Not -Contain $e.TargetObject.UserArn -Because 'a row reported failed was checked and is not there'
                    }
                    'OutcomeUnknown,*' {
                        $e.CategoryInfo.Category | Should -Be 'InvalidResult'
                        $e.ErrorDetails.RecommendedAction | Should -Match '-Force is safe'
                    }
                    default { throw "unexpected error $($e.FullyQualifiedErrorId): $e" }
                }
            }
            foreach ($p in $out) { $storedArns | Should -Contain $p.UserArn -Because 'a row reported created is stored' }

            Assert-ForceRerunCompletes -Endpoint $healthy -Rows $rows -Tag rerun -Expected 40
        }
        finally { Stop-TestEndpoint $healthy; Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }
    }
}

Describe 'The fault mix with the default retry settings' {
    It 'reports no New-, Set- or Remove- row failed that was done, nor done that was not' {
        # Throttling, 10% 500/503 and 1% dropped connections, before or after the write.
        $endpoint = Start-TestEndpoint -ArgumentList '--throttle-rps', '100', '--fault-rate', '0.1', '--drop-rate', '0.01'
        try {
            $conn = $endpoint.Connection
            $rows = @(New-FaultRows -Tag mix -Count 150)
            # What is stored, read through the same endpoint with enough retries to get past its faults.
            function Get-Stored { $h = @{}; Get-CodeStarUserProfile @conn -MaxRetryAttempts 10 | Where-Object UserArn -like '*/mix/*' | ForEach-Object { $h[$_.UserArn] = $_ }; $h }
            function Test-Reports {
                param($Done, $Failed, [scriptblock] $IsDone, [string] $What)
                foreach ($arn in $Done) { & $IsDone $arn | Should -BeTrue -Because "$What reported $arn done" }
                foreach ($e in $Failed) {
                    if ($e.FullyQualifiedErrorId -notlike 'OutcomeUnknown,*') {
                        & $IsDone $e.TargetObject.UserArn | Should -BeFalse -Because "$What reported $($e.TargetObject.UserArn) failed ($($e.FullyQualifiedErrorId))"
                    }
                }
                $Failed.Count | Should -BeLessOrEqual 3 -Because "$What failed $($Failed.Count) of 150 rows"
            }

            $created = @($rows | New-CodeStarUserProfile @conn -ThrottleLimit 16 -ErrorVariable newFailed -ErrorAction SilentlyContinue)
            ($created.Count + $newFailed.Count) | Should -Be 150
            $stored = Get-Stored
            Test-Reports -Done @($created | ForEach-Object UserArn) -Failed $newFailed -What 'New-' -IsDone { param($a) $stored.ContainsKey($a) -and $stored[$a].DisplayName -eq "mix User $([int]$a.Substring($a.Length - 4))" }

            $renames = @($rows | ForEach-Object { [pscustomobject]@{ UserArn = $_.UserArn; DisplayName = 'Renamed ' + $_.UserArn.Substring($_.UserArn.Length - 4) } })
            $updated = @($renames | Set-CodeStarUserProfile @conn -ThrottleLimit 16 -PassThru -ErrorVariable setFailed -ErrorAction SilentlyContinue)
            ($updated.Count + $setFailed.Count) | Should -Be 150
            $stored = Get-Stored
            Test-Reports -Done @($updated | ForEach-Object UserArn) -Failed $setFailed -What 'Set-' -IsDone { param($a) $stored.ContainsKey($a) -and $stored[$a].DisplayName -eq ('Renamed ' + $a.Substring($a.Length - 4)) }

            $before = $stored
            $removed = @($rows | Remove-CodeStarUserProfile @conn -ThrottleLimit 16 -Force -PassThru -ErrorVariable removeFailed -ErrorAction SilentlyContinue)
            # A row New- could not create is no profile: removing it succeeds with nothing to pass on, so it is in neither stream.
            $accounted = @($removed | ForEach-Object UserArn) + @($removeFailed | ForEach-Object { $_.TargetObject.UserArn })
            $lost = @($rows | Where-Object { $before.ContainsKey($_.UserArn) -and $_.UserArn -notin $accounted } | ForEach-Object UserArn)
            $lost.Count | Should -Be 0 -Because "every stored row is removed or failed (not accounted: $($lost -join ', '))"
            ($removed.Count + $removeFailed.Count) | Should -BeLessOrEqual 150
            $stored = Get-Stored
            Test-Reports -Done @($removed | ForEach-Object UserArn) -Failed $removeFailed -What 'Remove-' -IsDone { param($a) $before.ContainsKey($a) -and -not $stored.ContainsKey($a) }
        }
        finally { Stop-TestEndpoint $endpoint }
    }
}

Describe 'A write whose last attempt may have been carried out' {
    BeforeAll {
        # Every write is answered 4 s late, after it is done; reads are not held back. With -TimeoutSec 1
        # and no retries, each write's only attempt times out: its outcome is known only by looking.
        $stalling = Start-TestEndpoint -ArgumentList '--stall-rate', '1.0', '--stall-ms', '4000'
        $conn = $stalling.Connection
    }
    AfterAll { Stop-TestEndpoint $stalling }

    It 'reports a create that timed out after the write as created (with retries)' {
        $rows = @(New-FaultRows -Tag stall -Count 3)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $all = @($rows | New-CodeStarUserProfile @conn -ThrottleLimit 3 -TimeoutSec 1 -Verbose -ErrorVariable failed 4>&1)
        $clock.Stop()
        $failed | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
        @($all | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }).Count | Should -Be 3
        @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -match 'an earlier attempt had been written before it failed' }).Count | Should -Be 3
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4 -Because "took $($clock.Elapsed): the 1 s timeout was not applied"
        Assert-ExactlyOnce -Rows $rows -Stored (Get-StoredProfiles $stalling stall) -Tag stall
    }

    It 'checks with a describe when the last attempt of New-, Set- and Remove- timed out, and reports what happened' {
        $row = New-FaultRows -Tag verify -Count 1
        $created = @($row | New-CodeStarUserProfile @conn -TimeoutSec 1 -MaxRetryAttempts 0 -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        $created.DisplayName | Should -Be $row.DisplayName

        $updated = @([pscustomobject]@{ UserArn = $row.UserArn; DisplayName = 'Verified Name' } | Set-CodeStarUserProfile @conn -TimeoutSec 1 -MaxRetryAttempts 0 -PassThru -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        $updated.DisplayName | Should -Be 'Verified Name'

        $removed = @($row | Remove-CodeStarUserProfile @conn -TimeoutSec 1 -MaxRetryAttempts 0 -Force -PassThru -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        $removed.UserArn | Should -Be $row.UserArn
        Get-StoredProfiles $stalling verify | Should -BeNullOrEmpty
    }
}

Describe 'An outcome that cannot be known' {
    It 'gets its own ErrorId, says re-running with -Force is safe, and the -Force re-run completes it' {
        $dir = New-TestDirectory
        $db = Join-Path $dir 'unknown.db'
        $rows = @(New-FaultRows -Tag unknown -Count 3)
        # Every request fails with a 500 or 503, before or after the write: the describe that would tell fails too.
        $broken = Start-TestEndpoint -Database $db -ArgumentList '--fault-rate', '1.0', '--fault-seed', '7'
        try {
            $conn = $broken.Connection
            $out = @($rows | New-CodeStarUserProfile @conn -ErrorVariable failed -ErrorAction SilentlyContinue)
            $gone = @($rows | Remove-CodeStarUserProfile @conn -Force -ErrorVariable removeFailed -ErrorAction SilentlyContinue)
        }
        finally { Stop-TestEndpoint $broken }
        $out | Should -BeNullOrEmpty
        $failed.Count | Should -Be 3
        foreach ($e in @($failed) + @($removeFailed)) {
            $e.FullyQualifiedErrorId | Should -BeLike 'OutcomeUnknown,*'
            $e.CategoryInfo.Category | Should -Be 'InvalidResult'
            $e.TargetObject.UserArn | Should -BeIn @($rows | ForEach-Object UserArn)
            $e.Exception.Message | Should -Match 'The outcome of the attempt to .+ is unknown: the last \w+UserProfile attempt failed'
            $e.Exception.Message | Should -Match 'DescribeUserProfile'
            $e.ErrorDetails.RecommendedAction | Should -Match 'with -Force is safe'
        }
        $removeFailed.Count | Should -Be 3

        $healthy = Start-TestEndpoint -Database $db
        try {
            Assert-ForceRerunCompletes -Endpoint $healthy -Rows $rows -Tag unknown -Expected 3
        }
        finally { Stop-TestEndpoint $healthy; Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }
    }
}

Describe 'The endpoint killed in the middle of a run' {
    It 'keeps what it acknowledged, accounts for every row, and a -Force re-run completes the rest with the CSV values' {
        $dir = New-TestDirectory
        $db = Join-Path $dir 'crash.db'
        $csv = New-TestCsv -Rows @(New-FaultRows -Tag crash -Count 400) -Path (Join-Path $dir 'users.csv')
        $rows = @(Import-Csv $csv)
        $endpoint = Start-TestEndpoint -Database $db -ArgumentList '--latency-ms', '20'
        $ps = New-ModuleInstance
        try {
            $conn = $endpoint.Connection
            [void] $ps.AddScript('param($rows, $conn) $rows | New-CodeStarUserProfile @conn -ThrottleLimit 8').AddArgument($rows).AddArgument($conn)
            $output = [Management.Automation.PSDataCollection[psobject]]::new()
            $noInput = [Management.Automation.PSDataCollection[psobject]]::new()
            $noInput.Complete()
            $running = $ps.BeginInvoke($noInput, $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($output.Count -lt 60 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            Stop-TestEndpoint $endpoint -Kill -KeepFiles   # SIGKILL, as a crash would
            $output.Count | Should -BeLessThan 400 -Because 'the kill came in the middle of the run'
            [void] $ps.EndInvoke($running)
            $done = @($output)
            $errors = @($ps.Streams.Error)
        }
        finally { $ps.Dispose(); Stop-TestEndpoint $endpoint -KeepFiles }
        ($done.Count + $errors.Count) | Should -Be 400 -Because 'every row is in the output or the error stream'
        foreach ($e in $errors) {
            $e.FullyQualifiedErrorId | Should -Match '^(ConnectionFailed|OutcomeUnknown|ServiceUnreachable),'
            $e.TargetObject | Should -BeIn $rows
        }

        $restarted = Start-TestEndpoint -Database $db
        try {
            $storedArns = @(Get-StoredProfiles $restarted crash | ForEach-Object UserArn)
            foreach ($p in $done) { $storedArns | Should -Contain $p.UserArn -Because 'what the endpoint acknowledged is stored' }
            $conn = $restarted.Connection
            $again = @(Import-Csv $csv | New-CodeStarUserProfile @conn -Force -ThrottleLimit 8 -ErrorVariable againFailed)
            $againFailed | Should -BeNullOrEmpty
            $again.Count | Should -Be 400
            Assert-ExactlyOnce -Rows $rows -Stored (Get-StoredProfiles $restarted crash) -Tag crash
        }
        finally { Stop-TestEndpoint $restarted; Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }
    }
}

Describe 'A service that answers nothing' {
    BeforeAll {
        # Runs 60 (or -Count) rows at -ThrottleLimit 4 against $Url in a fresh pwsh; what came out, as one object.
        function Invoke-Unanswered {
            param([string] $Url, [int] $Count = 60, [string] $Extra = '', [hashtable] $Environment = @{})
            $script = @"
`$ProgressPreference = 'SilentlyContinue'
`$conn = @{ EndpointUrl = '$Url'; Region = 'us-east-1'; AccessKey = '$LocalAccessKey'; SecretKey = '$LocalSecretKey' }
`$rows = 1..$Count | ForEach-Object { [pscustomobject]@{ UserArn = "arn:aws:iam::777777777777:user/silent/u`$_"; DisplayName = "S `$_"; EmailAddress = "s`$_@example.com" } }
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$out = @(`$rows | New-CodeStarUserProfile @conn -ThrottleLimit 4 $Extra -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue)
[pscustomobject]@{
    Seconds = `$clock.Elapsed.TotalSeconds; Created = `$out.Count; Warnings = @(`$warned | ForEach-Object Message)
    Errors = @(`$failed | ForEach-Object { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId.Split(',')[0]; Category = [string] `$_.CategoryInfo.Category; Target = `$_.TargetObject.UserArn; Message = `$_.Exception.Message } })
} | ConvertTo-Json -Depth 4 -Compress
"@
            $r = Invoke-TestPwsh -Command $script -Environment $Environment
            $r.Error | Should -BeNullOrEmpty
            $r.Output[-1] | ConvertFrom-Json
        }
    }

    It 'fails the rows that follow a run of unanswered ones at once, without sending them, and accounts for every row (endpoint down)' {
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()   # a port nothing listens on
        $result = Invoke-Unanswered -Url "http://127.0.0.1:$port"
        $result.Created | Should -Be 0
        @($result.Errors).Count | Should -Be 60 -Because 'every row is in the error stream'
        @($result.Errors.Target | Sort-Object -Unique).Count | Should -Be 60
        $unsent = @($result.Errors | Where-Object Id -EQ 'ServiceUnreachable')
        $unsent.Count | Should -BeGreaterThan 30 -Because 'after 8 rows in a row got no answer, the rest are not sent'
        ($result.Errors | Where-Object Id -NE 'ServiceUnreachable').Id | Select-Object -Unique | Should -Be 'ConnectionFailed'
        $unsent[0].Category | Should -Be 'ConnectionError'
        $unsent[0].Message | Should -BeLike 'Did not create the user profile arn:aws:iam::777777777777:user/silent/u*: not sent, since the service has answered nothing for * s (one row every 5 s is sent*'
        @($result.Warnings).Count | Should -Be 1
        $result.Warnings[0] | Should -BeLike '*answered nothing*8 rows in a row failed without an answer*'
    }

    It 'does not wait out every row of a hung endpoint: once it has answered nothing for the bound, the rest fail at once' {
        $hung = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $hung.Start()   # connections are made, never answered
        try {
            $result = Invoke-Unanswered -Url "http://127.0.0.1:$($hung.LocalEndpoint.Port)" -Count 40 -Extra '-TimeoutSec 1' -Environment @{ CODESTAR_MAX_THROTTLE_WAIT = '3' }
        }
        finally { $hung.Stop() }
        @($result.Errors).Count | Should -Be 40
        @($result.Errors | Where-Object Id -EQ 'ServiceUnreachable').Count | Should -BeGreaterThan 20
        $result.Seconds | Should -BeLessThan 90 -Because 'without the bound the 40 rows would wait about 40 * 6 timeouts / 4 in flight'
    }

    It 'sends rows again once a probe row gets an answer: the endpoint down, then started on the same port' {
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $rows = @(New-FaultRows -Tag revive -Count 40)
        $conn = @{ EndpointUrl = "http://127.0.0.1:$port"; Region = 'us-east-1'; AccessKey = $LocalAccessKey; SecretKey = $LocalSecretKey }
        $ps = New-ModuleInstance
        $endpoint = $null
        try {
            [void] $ps.AddScript('param($conn) $input | New-CodeStarUserProfile @conn -ThrottleLimit 2 -WarningAction SilentlyContinue').AddArgument($conn)
            $in = [Management.Automation.PSDataCollection[psobject]]::new()
            $output = [Management.Automation.PSDataCollection[psobject]]::new()
            $running = $ps.BeginInvoke($in, $output)
            foreach ($r in $rows[0..19]) { $in.Add($r) }   # nothing listens: they fail, and the later ones are not sent
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            # (Count only: enumerating a running pipeline's error stream waits for it to end.) 8 unanswered, then the rest not
            # sent, but the results of the last window of rows (2 x -ThrottleLimit) are written only when the next row comes in.
            while ($ps.Streams.Error.Count -lt 16 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $ps.Streams.Error.Count | Should -BeGreaterOrEqual 16 -Because 'the first rows fail at once while nothing listens'
            $endpoint = Start-TestEndpoint -Urls "http://127.0.0.1:$port"
            Start-Sleep -Seconds 6   # past the next probe
            foreach ($r in $rows[20..39]) { $in.Add($r) }
            $in.Complete()
            [void] $ps.EndInvoke($running)
            $done = @($output)
            $errors = @($ps.Streams.Error)
        }
        finally { $ps.Dispose(); if ($endpoint) { Stop-TestEndpoint $endpoint } }
        ($done.Count + $errors.Count) | Should -Be 40 -Because 'every row is in the output or the error stream'
        @($errors | Where-Object { $_.FullyQualifiedErrorId -like 'ServiceUnreachable,*' }).Count | Should -BeGreaterOrEqual 5
        @($done.UserArn | Where-Object { $_ -in $rows[20..39].UserArn }).Count | Should -Be 20 -Because 'the first row after the endpoint came back is the probe, and its answer lets the rest through'
    }
}

Describe 'Progress and stopping' {
    It 'shows progress for long runs, and none when silenced' {
        $endpoint = Start-TestEndpoint -ArgumentList '--latency-ms', '100'
        $ps = New-ModuleInstance
        try {
            $conn = $endpoint.Connection
            [void] $ps.AddScript('param($rows, $conn) $rows | New-CodeStarUserProfile @conn -ThrottleLimit 1').AddArgument(@(New-FaultRows -Tag progress -Count 26)).AddArgument($conn)
            @($ps.Invoke()).Count | Should -Be 26
            $records = @($ps.Streams.Progress | Where-Object Activity -eq 'New-CodeStarUserProfile')
            $records | Should -Not -BeNullOrEmpty
            $records.Count | Should -BeLessOrEqual 8 -Because "a modest refresh rate: about one a second, got $($records.Count)"
            $records | Where-Object { $_.StatusDescription -match 'processed' -and $_.StatusDescription -match 'created' -and $_.StatusDescription -match '/s' } | Should -Not -BeNullOrEmpty
            $records[-1].RecordType | Should -Be 'Completed'

            $ps.Commands.Clear()
            $ps.Streams.Progress.Clear()
            [void] $ps.AddScript('param($rows, $conn) $ProgressPreference = ''SilentlyContinue''; $rows | New-CodeStarUserProfile @conn -ThrottleLimit 1').AddArgument(@(New-FaultRows -Tag progressquiet -Count 26)).AddArgument($conn)
            @($ps.Invoke()).Count | Should -Be 26
            $ps.Streams.Progress | Where-Object Activity -eq 'New-CodeStarUserProfile' | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose(); Stop-TestEndpoint $endpoint }
    }

    It 'cancels what is in flight when the pipeline stops, and sends nothing more' {
        $endpoint = Start-TestEndpoint -ArgumentList '--latency-ms', '400', '--log', 'requests'
        $ps = New-ModuleInstance
        try {
            $conn = $endpoint.Connection
            [void] $ps.AddScript('param($rows, $conn) $rows | New-CodeStarUserProfile @conn -ThrottleLimit 4').AddArgument(@(New-FaultRows -Tag stop -Count 200)).AddArgument($conn)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $running = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 1500
            $ps.Stop() # what Ctrl+C does: StopProcessing
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because "Stop took until $($clock.Elapsed)"
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            Start-Sleep -Milliseconds 500 # the log is written asynchronously
            $afterStop = Get-RequestCount $endpoint
            Start-Sleep -Milliseconds 1000
            Get-RequestCount $endpoint | Should -Be $afterStop -Because 'nothing more is sent'
            $afterStop | Should -BeLessThan 40 -Because "$afterStop requests: the run was cut short"
        }
        finally { $ps.Dispose(); Stop-TestEndpoint $endpoint }
    }
}
