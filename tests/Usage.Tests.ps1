# The module in the everyday PowerShell patterns: CSV files in and out, strict mode, and more than one
# runspace at once (ForEach-Object -Parallel, Start-ThreadJob), each as a user writes it.
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $endpoint = Start-TestEndpoint
    $conn = $endpoint.Connection
    $dir = $endpoint.Directory
}
AfterAll {
    Stop-TestEndpoint $endpoint
}

Describe 'CSV in, CSV out' {
    BeforeAll {
        $good = 1..4 | ForEach-Object {
            [ordered]@{ Arn = (New-TestArn -Prefix csv); Name = "Csv User $_"; Email = "csv$_@example.com"; SshKey = ''; Department = 'Sales' }
        }
        $bad = @(
            [ordered]@{ Arn = (New-TestArn -Prefix csvbad); Name = 'No Mail'; Email = ''; SshKey = ''; Department = 'Ops' }
            [ordered]@{ Arn = 'arn:aws:iam::1:user/short'; Name = 'Short Account'; Email = 'short@example.com'; SshKey = ''; Department = 'Ops' }
        )
        $csv = New-TestCsv -Rows (@($good[0..1]) + $bad[0] + @($good[2..3]) + $bad[1]) -Path (Join-Path $dir 'users.csv')
        $created = @(Import-Csv $csv | New-CodeStarUserProfile @conn -ErrorAction SilentlyContinue -ErrorVariable failed)
    }

    It 'creates the good rows and reports each bad one, in a run that goes on' {
        # Output comes as requests complete (-ThrottleLimit in flight), so compare as sets.
        $created.UserArn | Sort-Object | Should -Be ($good.Arn | Sort-Object)
        $failed.Count | Should -Be 2
        $failed.FullyQualifiedErrorId | ForEach-Object { $_.Split(',')[0] } | Should -Be @('MissingEmailAddress', 'InvalidUserArn')
    }

    It 'gives the failed rows back as they were: $failed.TargetObject | Export-Csv' {
        $failedCsv = Join-Path $dir 'failed.csv'
        $failed.TargetObject | Export-Csv $failedCsv -NoTypeInformation
        $back = @(Import-Csv $failedCsv)
        $back.Arn | Should -Be $bad.Arn
        $back.Department | Should -Be @('Ops', 'Ops')
        $back[0].PSObject.Properties.Name | Should -Be @('Arn', 'Name', 'Email', 'SshKey', 'Department')
    }

    It 'exports profiles to CSV and reads them back into Set-CodeStarUserProfile' {
        $out = Join-Path $dir 'profiles.csv'
        $good.Arn | Get-CodeStarUserProfile @conn | Export-Csv $out -NoTypeInformation
        $exported = @(Import-Csv $out)
        $exported.UserArn | Should -Be $good.Arn
        $exported[0].PSObject.Properties.Name | Should -Contain 'EmailAddress'
        $exported | ForEach-Object { $_.DisplayName = $_.DisplayName + ' Jr' ; $_ } |
            Select-Object UserArn, DisplayName | Set-CodeStarUserProfile @conn -ErrorVariable setErrors
        $setErrors | Should -BeNullOrEmpty
        (Get-CodeStarUserProfile -UserArn $good[0].Arn @conn).DisplayName | Should -Be 'Csv User 1 Jr'
    }
}

Describe 'Rows from any source' {
    It 'reads the columns of database rows, JSON and custom objects in any case, a DBNull cell as empty' {
        $table = [Data.DataTable]::new()
        foreach ($c in 'ARN', 'name', 'Mail', 'SshKey') { [void] $table.Columns.Add($c) }
        $fromDb = New-TestArn -Prefix db
        [void] $table.Rows.Add($fromDb, 'Db User', 'db@example.com', [DBNull]::Value)
        $fromJson = New-TestArn -Prefix json
        $json = "[{""userarn"":""$fromJson"",""DISPLAYNAME"":""Json User"",""email"":""json@example.com"",""Extra"":42}]" | ConvertFrom-Json
        $created = @(@($table.Rows) + @($json) | New-CodeStarUserProfile @conn -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        ($created | Sort-Object DisplayName | ForEach-Object { "$($_.UserArn) $($_.DisplayName) $($_.EmailAddress) [$($_.SshPublicKey)]" }) |
            Should -Be @("$fromDb Db User db@example.com []", "$fromJson Json User json@example.com []")
    }

    It 'reads a hashtable''s keys as its columns (the binder would not)' {
        $arn = New-TestArn -Prefix hash
        $created = @(@{ Arn = $arn; name = 'Hash User'; Mail = 'hash@example.com' } | New-CodeStarUserProfile @conn -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        "$($created.UserArn) $($created.DisplayName) $($created.EmailAddress)" | Should -Be "$arn Hash User hash@example.com"
    }

    It 'lets a value typed on the command line win over every row''s column' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ UserArn = (New-TestArn -Prefix typed); DisplayName = "Row $_"; EmailAddress = "row$_@example.com" } }
        $created = @($rows | New-CodeStarUserProfile -DisplayName 'Typed Name' @conn)
        $created.DisplayName | Should -Be @('Typed Name', 'Typed Name', 'Typed Name')
        ($created.EmailAddress | Sort-Object) | Should -Be @('row1@example.com', 'row2@example.com', 'row3@example.com')
    }

    It 'rejects a row whose property cannot be read, naming the column, and the other rows go on' {
        $good = [pscustomobject]@{ UserArn = (New-TestArn -Prefix getter); DisplayName = 'Good Row'; EmailAddress = 'good@example.com' }
        $broken = [pscustomobject]@{ UserArn = (New-TestArn -Prefix getter); EmailAddress = 'broken@example.com' }
        $broken | Add-Member -MemberType ScriptProperty -Name Name -Value { throw 'the HR system is down' }
        $created = @($broken, $good | New-CodeStarUserProfile @conn -ErrorAction SilentlyContinue -ErrorVariable failed)
        $created.UserArn | Should -Be $good.UserArn
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDisplayName,*'
        $failed[0].Exception.Message | Should -BeLike "Row 1 ($($broken.UserArn)): DisplayName could not be read from the input row's 'Name' property:*the HR system is down*"
        [object]::ReferenceEquals($failed[0].TargetObject, $broken) | Should -BeTrue
    }

    It 'takes a row whose UserArn column holds several ARNs as several items in Set- and Remove-' {
        $arns = @((New-TestArn -Prefix multi), (New-TestArn -Prefix multi))
        foreach ($a in $arns) { New-CodeStarUserProfile $a 'Multi' multi@example.com @conn | Out-Null }
        $updated = @([pscustomobject]@{ UserArn = $arns; DisplayName = 'Multi Renamed' } | Set-CodeStarUserProfile @conn -PassThru)
        ($updated.UserArn | Sort-Object) | Should -Be ($arns | Sort-Object) # written as they complete
        $updated.DisplayName | Should -Be @('Multi Renamed', 'Multi Renamed')
        [pscustomobject]@{ Arn = $arns } | Remove-CodeStarUserProfile @conn -Force
        foreach ($a in $arns) { Get-CodeStarUserProfile -UserArn $a @conn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty }
    }
}

Describe 'Under Set-StrictMode -Version Latest' {
    It 'every cmdlet runs, and its output properties read without errors' {
        $r = Invoke-TestPwsh @"
Set-StrictMode -Version Latest
`$ErrorActionPreference = 'Stop'
Import-Module CodeStarProfiles
`$conn = @{ EndpointUrl = '$($endpoint.Url)'; Region = 'us-east-1'; AccessKey = '$LocalAccessKey'; SecretKey = '$LocalSecretKey' }
`$arn = '$(New-TestArn -Prefix strict)'
`$p = New-CodeStarUserProfile `$arn 'Strict Mode' strict@example.com @conn
'{0}|{1}|{2}|{3}' -f `$p.UserName, `$p.Initials, `$p.AccountId, (`$null -ne `$p.CreatedTimestamp)
`$l = Get-CodeStarUserProfile -DisplayName 'Strict*' @conn
`$l | Format-Table | Out-String | Out-Null
`$l | Format-List | Out-String | Out-Null
Set-CodeStarUserProfile `$arn -DisplayName 'Strict Mode 2' @conn
Remove-CodeStarUserProfile `$arn -Force @conn
'done'
"@
        $r.ExitCode | Should -Be 0 -Because (($r.Output + $r.Error) -join "`n")
        $r.Output[0] | Should -Match '^strict\w+\|SM\|123456789012\|True$'
        $r.Output[-1] | Should -Be 'done'
    }
}

Describe 'More than one runspace' {
    It 'ForEach-Object -Parallel imports the module in each runspace and every row is created once' {
        $arns = 1..6 | ForEach-Object { New-TestArn -Prefix par }
        $manifest = $ModuleManifest
        $results = $arns | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:manifest
            $c = $using:conn
            New-CodeStarUserProfile -UserArn $_ -DisplayName 'Parallel User' -EmailAddress 'par@example.com' @c
        }
        @($results).Count | Should -Be 6
        ($results.UserArn | Sort-Object) | Should -Be ($arns | Sort-Object)
        @($arns | Get-CodeStarUserProfile @conn).Count | Should -Be 6
    }

    It 'Start-ThreadJob runs a bulk job in the background and returns its output and errors' {
        $rows = @(
            [pscustomobject]@{ UserArn = (New-TestArn -Prefix job); DisplayName = 'Job One'; EmailAddress = 'job1@example.com' }
            [pscustomobject]@{ UserArn = (New-TestArn -Prefix job); DisplayName = 'Job Bad'; EmailAddress = 'not-an-email' }
        )
        $job = Start-ThreadJob -ArgumentList $ModuleManifest, $conn, $rows -ScriptBlock {
            param($manifest, $c, $rows)
            Import-Module $manifest
            $rows | New-CodeStarUserProfile @c
        }
        $out = @($job | Wait-Job -Timeout 120 | Receive-Job -ErrorVariable jobErrors -ErrorAction SilentlyContinue)
        $job.State | Should -Be 'Completed'
        $out.UserArn | Should -Be $rows[0].UserArn
        @($jobErrors).Count | Should -Be 1
        $jobErrors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEmailAddress,*'
        $jobErrors[0].TargetObject.UserArn | Should -Be $rows[1].UserArn
    }
}
