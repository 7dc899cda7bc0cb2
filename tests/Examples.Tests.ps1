# The main job as users run it: examples/Onboard-Users.ps1 in a fresh pwsh, and the README's main
# command (the Onboarding launcher) that runs the same script against a fresh local endpoint.
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $csv = Join-Path $RepoRoot 'examples/users.csv'
    $rows = @(Import-Csv $csv)
    $credentials = @{ AWS_ACCESS_KEY_ID = $LocalAccessKey; AWS_SECRET_ACCESS_KEY = $LocalSecretKey; AWS_SESSION_TOKEN = $null; AWS_PROFILE = $null; AWS_REGION = $null }
}

Describe 'examples/Onboard-Users.ps1' {
    BeforeAll {
        # What pwsh itself makes of the CSV: the same rows piped in this session, against an endpoint of their own.
        $reference = Start-TestEndpoint
        $refConn = $reference.Connection
        $expectedCreated = @($rows | New-CodeStarUserProfile @refConn -ErrorAction SilentlyContinue -ErrorVariable expectedFailed)
        Stop-TestEndpoint $reference

        $endpoint = Start-TestEndpoint
        $conn = $endpoint.Connection
        $failedPath = Join-Path $endpoint.Directory 'failed.csv'
        $script = Join-Path $RepoRoot 'examples/Onboard-Users.ps1'
        $run = Invoke-TestPwsh "& '$script' -CsvPath '$csv' -EndpointUrl '$($endpoint.Url)' -Region us-east-1 -FailedRowsPath '$failedPath'; exit `$LASTEXITCODE" -Environment $credentials
        $text = $run.Output -join "`n"
    }
    AfterAll { Stop-TestEndpoint $endpoint }

    It 'runs to the end without a terminating error, and exits 3 because rows failed' {
        $run.ExitCode | Should -Be 3 -Because (($run.Output + $run.Error) -join "`n")
        $text | Should -Match 'Read 25 rows'
    }

    It 'reports the counts that Import-Csv piped into New-CodeStarUserProfile gives' {
        $expectedCreated.Count + $expectedFailed.Count | Should -Be $rows.Count
        $text | Should -Match "Created: $($expectedCreated.Count) profiles"
        $text | Should -Match "Failed: $($expectedFailed.Count) rows"
        @(Get-CodeStarUserProfile @conn).Count | Should -Be $expectedCreated.Count
    }

    It 'creates the row whose cells have leading spaces, as real Import-Csv reads it' {
        $row = $rows | Where-Object Arn -like '*leading.space'
        $row | Should -Not -BeNullOrEmpty
        (Get-CodeStarUserProfile -UserArn $row.Arn @conn).DisplayName | Should -Be $row.Name
    }

    It 'shows each failed row with its ErrorId and reason' {
        foreach ($e in $expectedFailed) {
            $text | Should -Match ([regex]::Escape($e.FullyQualifiedErrorId.Split(',')[0]))
            $text | Should -Match ([regex]::Escape($e.TargetObject.Arn))
        }
    }

    It 'writes the failed rows with every column, exactly as they were in the CSV' {
        $failedRows = @(Import-Csv $failedPath)
        $failedRows.Count | Should -Be $expectedFailed.Count
        ($failedRows | ConvertTo-Csv) -join "`n" | Should -Be (($expectedFailed.TargetObject | ConvertTo-Csv) -join "`n")
        $failedRows[0].PSObject.Properties.Name | Should -Be $rows[0].PSObject.Properties.Name
    }

    It 'exits 0 when every row was created' {
        $good = Join-Path $endpoint.Directory 'good.csv'
        @($rows | Where-Object Arn -Like '*:user/*' | Select-Object -First 1) | Export-Csv $good
        $one = Import-Csv $good
        $clean = Start-TestEndpoint
        try {
            $ok = Invoke-TestPwsh "& '$script' -CsvPath '$good' -EndpointUrl '$($clean.Url)' -Region us-east-1; exit `$LASTEXITCODE" -Environment $credentials
            ($ok.Output -join "`n") | Should -Match 'Failed: 0 rows' -Because "the row $($one.Arn) is a good one"
            $ok.ExitCode | Should -Be 0 -Because (($ok.Output + $ok.Error) -join "`n")
        }
        finally { Stop-TestEndpoint $clean }
    }

    It 'ends with the listing of what was created' {
        $text | Should -Match 'Get-CodeStarUserProfile'
        # The table may cut a long user name short at this width: match its first 15 characters.
        foreach ($p in $expectedCreated) { $text | Should -Match ([regex]::Escape($p.UserName.Substring(0, [Math]::Min(15, $p.UserName.Length)))) }
    }
}

Describe 'The README main command (the Onboarding launcher)' {
    It 'starts its own endpoint, runs the script in pwsh and exits 0' {
        $launcher = Join-Path $RepoRoot "examples/Onboarding/bin/$TestConfiguration/net10.0/Onboarding.dll"
        $launcher | Should -Exist
        $out = & dotnet $launcher 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $text = $out -join "`n"
        $text | Should -Match 'Local CodeStar endpoint: http://127\.0\.0\.1:\d+'
        $text | Should -Match 'Created: \d+ profiles'
        $text | Should -Match 'exited with 3, its code for a run in which some rows failed' -Because 'the demo CSV has bad rows on purpose'
        $text | Should -Not -Match '\x1b\[' -Because 'redirected output is plain text'
    }
}

Describe 'examples/Sync-FromHr.ps1' {
    BeforeAll {
        $endpoint = Start-TestEndpoint
        $conn = $endpoint.Connection
        $script = Join-Path $RepoRoot 'examples/Sync-FromHr.ps1'
        $plan = Join-Path $endpoint.Directory 'plan.xml'
        $run = Invoke-TestPwsh "& '$script' -EndpointUrl '$($endpoint.Url)' -Region us-east-1 -Demo -PlanPath '$plan'" -Environment $credentials
        $text = $run.Output -join "`n"
    }
    AfterAll { Stop-TestEndpoint $endpoint }

    It 'plans to a file, shows the plan, and applies the file' {
        $run.ExitCode | Should -Be 0 -Because (($run.Output + $run.Error) -join "`n")
        $text | Should -Match "Update\s+mary\.major\s+EmailAddress: 'mary@old\.example\.com'"
        $text | Should -Match 'Create\s+new\.hire'
        $text | Should -Match 'Remove\s+left\.one'
        $text | Should -Match 'Applied 4, already as planned 0, stale 0, failed 0\.'
        @(Import-Clixml $plan).Count | Should -Be 4
    }

    It 'leaves CodeStar matching the export within the scope, and the contractor outside it untouched' {
        $now = @(Get-CodeStarUserProfile @conn)
        $staff = $now | Where-Object UserArn -like '*:user/staff/*'
        ($staff.UserArn | Sort-Object) | Should -Be (@(Import-Csv (Join-Path $RepoRoot 'examples/hr.csv')).Arn | Sort-Object)
        ($now | Where-Object UserName -eq 'mary.major').EmailAddress | Should -Be 'mary.major@example.com'
        $now.UserArn | Should -Contain 'arn:aws:iam::111111111111:user/contractors/casey'
    }

    It 'on a quiet night plans nothing and applies nothing, whatever -MaxRemove says' {
        $again = Invoke-TestPwsh "& '$script' -EndpointUrl '$($endpoint.Url)' -Region us-east-1 -MaxRemove 10 -PlanPath '$plan'" -Environment $credentials
        $again.ExitCode | Should -Be 0 -Because (($again.Output + $again.Error) -join "`n")
        ($again.Output -join "`n") | Should -Match '0 changes saved'
        ($again.Output -join "`n") | Should -Match 'The plan has no changes: nothing to apply'
        @(Get-CodeStarUserProfile @conn | Where-Object UserArn -like '*:user/staff/*').Count | Should -Be 5
    }
}
