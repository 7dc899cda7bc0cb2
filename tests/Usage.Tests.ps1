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
