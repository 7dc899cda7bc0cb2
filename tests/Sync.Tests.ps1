# Desired-state sync from an HR export: Compare-CodeStarUserProfile plans, Sync-CodeStarUserProfile
# applies, and each safety rule holds: scope, compared columns, saved plans applied exactly (stale items
# refused), the mass-removal guard, untrustworthy input, and no plan from a partial reading.
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $endpoint = Start-TestEndpoint
    $conn = $endpoint.Connection

    # A fresh account (its own ARN prefix) with staff profiles a..e, one contractor, and the HR rows for it.
    function New-Account([int] $Staff = 5) {
        $account = '{0:D12}' -f (Get-Random -Minimum 100000000000 -Maximum 999999999999)
        $prefix = "arn:aws:iam::${account}:user/staff/"
        $names = @('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l')[0..($Staff - 1)]
        foreach ($n in $names) { New-CodeStarUserProfile "$prefix$n" "User $n" "$n@example.com" -SshPublicKey $TestSshKey @conn | Out-Null }
        $contractor = "arn:aws:iam::${account}:user/contractors/zed"
        New-CodeStarUserProfile $contractor 'Zed Contractor' 'zed@example.com' @conn | Out-Null
        [pscustomobject]@{ Prefix = $prefix; Scope = "$prefix*"; Contractor = $contractor; Names = $names }
    }
    function Row($acct, $n, $name = "User $n", $mail = "$n@example.com") { [pscustomobject]@{ Arn = "$($acct.Prefix)$n"; Name = $name; Email = $mail } }
    function Profiles($acct) { Get-CodeStarUserProfile @conn | Where-Object UserArn -like "arn:aws:iam::$(($acct.Prefix -split ':')[4]):*" }
}
AfterAll { Stop-TestEndpoint $endpoint }

Describe 'Compare-CodeStarUserProfile' {
    BeforeAll {
        $acct = New-Account
        # a unchanged, b renamed, c and d gone, e new mail, f new; no key column
        $hr = @((Row $acct a), (Row $acct b 'User Bee'), (Row $acct e -mail 'e.new@example.com'), (Row $acct f))
        $plan = @($hr | Compare-CodeStarUserProfile -Scope $acct.Scope @conn -Verbose 4>&1)
        $verbose = $plan | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $plan = @($plan | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
    }

    It 'emits one change per ARN that differs, in input order then removals' {
        $plan | ForEach-Object { "$($_.Action) $($_.UserName)" } | Should -Be @('Update b', 'Update e', 'Create f', 'Remove c', 'Remove d')
        $plan[0].PSObject.TypeNames[0] | Should -Be 'CodeStarProfiles.CodeStarUserProfileChange'
    }

    It 'gives the property-level differences and the current profile with its LastModifiedTimestamp' {
        $b = $plan | Where-Object UserName -eq 'b'
        $b.Changes.Count | Should -Be 1
        $b.Changes[0].Property | Should -Be 'DisplayName'
        $b.Changes[0].Current | Should -Be 'User b'
        $b.Changes[0].Desired | Should -Be 'User Bee'
        $b.Current.LastModifiedTimestamp | Should -Be (Get-CodeStarUserProfile -UserArn $b.UserArn @conn).LastModifiedTimestamp
        $b.CurrentLastModifiedTimestamp | Should -Not -BeNullOrEmpty
        ($plan | Where-Object Action -eq 'Create').Current | Should -BeNullOrEmpty
    }

    It 'leaves keys alone when the input has no key column, and changes nothing' {
        $plan.Changes.Property | Should -Not -Contain 'SshPublicKey'
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)b" @conn).DisplayName | Should -Be 'User b'
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)c" @conn) | Should -Not -BeNullOrEmpty
    }

    It 'compares the key when the column is there: an empty cell means no key' {
        $rows = @([pscustomobject]@{ Arn = "$($acct.Prefix)a"; Name = 'User a'; Email = 'a@example.com'; SshKey = '' })
        $c = @($rows | Compare-CodeStarUserProfile @conn)
        $c.Count | Should -Be 1
        $c[0].Changes.Property | Should -Be 'SshPublicKey'
        $c[0].Changes[0].Desired | Should -Be ''
        $c[0].SetsSshPublicKey | Should -BeTrue
    }

    It 'decides per row: in mixed input, only the rows that have the key column compare keys' {
        $rows = @(
            [pscustomobject]@{ Arn = "$($acct.Prefix)a"; Name = 'User a'; Email = 'a@example.com'; SshKey = '' }
            [pscustomobject]@{ Arn = "$($acct.Prefix)b"; Name = 'User b'; Email = 'b@example.com' }
            [pscustomobject]@{ Arn = "$($acct.Prefix)c"; Name = 'User c'; Email = 'c@example.com'; SshPublicKeyPath = '' }
        )
        $c = @($rows | Compare-CodeStarUserProfile @conn -IncludeEqual)
        $c | ForEach-Object { "$($_.UserName) $($_.Action) $($_.SetsSshPublicKey)" } | Should -Be @('a Update True', 'b Unchanged False', 'c Update True')
    }

    It 'never plans a removal without -Scope, and never touches profiles outside it' {
        @($hr | Compare-CodeStarUserProfile @conn).Action | Should -Not -Contain 'Remove'
        $plan.UserArn | Should -Not -Contain $acct.Contractor
    }

    It 'with -IncludeEqual also lists the profiles that match' {
        $all = @($hr | Compare-CodeStarUserProfile -Scope $acct.Scope -IncludeEqual @conn)
        ($all | Where-Object UserName -eq 'a').Action | Should -Be 'Unchanged'
    }

    It 'ends -Verbose with the counts' {
        ($verbose.Message -join "`n") | Should -Match '4 input rows, 5 profiles in scope; plan: 1 to create, 2 to update, 2 to remove'
    }

    It 'shows action, user name and what changes in a table that fits 120 columns' {
        $text = $plan | Format-Table | Out-String -Width 120
        $text | Should -Match "Update\s+b\s+DisplayName: 'User b' -> 'User Bee'"
        $text | Should -Match 'Create\s+f\s+DisplayName: User f; EmailAddress: f@example.com'
        ($text -split "`n" | Measure-Object -Maximum Length).Maximum | Should -BeLessOrEqual 120
    }

    It 'binds and validates rows as New-CodeStarUserProfile does, and withholds removals for a bad row' {
        $rows = @((Row $acct a), [pscustomobject]@{ Arn = "$($acct.Prefix)bad"; Name = 'Bad Mail'; Email = 'not-an-email' })
        $out = @($rows | Compare-CodeStarUserProfile -Scope $acct.Scope @conn -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEmailAddress,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be $rows[1]
        $out | Where-Object Action -eq 'Remove' | Should -BeNullOrEmpty
        ($warns -join ' ') | Should -Match 'No removals were planned because an input row was invalid'
    }

    It 'reports a duplicate ARN, plans its first row, and withholds removals' {
        $rows = @((Row $acct b 'First'), (Row $acct b 'Second'))
        $out = @($rows | Compare-CodeStarUserProfile -Scope $acct.Scope @conn -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateUserArn,*'
        $errs[0].TargetObject.Name | Should -Be 'Second'
        $out.Action | Should -Be @('Update')
        $out[0].DisplayName | Should -Be 'First'
    }

    It 'refuses a row outside -Scope (OutsideScope)' {
        $rows = @([pscustomobject]@{ Arn = $acct.Contractor; Name = 'Zed Changed'; Email = 'zed@example.com' })
        $out = @($rows | Compare-CodeStarUserProfile -Scope $acct.Scope @conn -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Where-Object UserArn -eq $acct.Contractor | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutsideScope,*'
        $errs[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }
}

Describe 'Sync-CodeStarUserProfile from rows' {
    It '-WhatIf shows the plan and changes nothing' {
        $acct = New-Account
        $before = Profiles $acct | ConvertTo-Json
        $out = @((Row $acct a), (Row $acct b 'Bee') | Sync-CodeStarUserProfile -Scope $acct.Scope @conn -WhatIf)
        $out.Action | Should -Be @('Update', 'Remove', 'Remove', 'Remove')
        $out.Outcome | Select-Object -Unique | Should -Be 'NotApplied'
        Profiles $acct | ConvertTo-Json | Should -Be $before
    }

    It 'creates who joined, updates who changed, removes who left, and emits each change with its outcome' {
        $acct = New-Account
        $rows = @((Row $acct a), (Row $acct b 'Bee'), (Row $acct c), (Row $acct d), (Row $acct new))
        $out = @($rows | Sync-CodeStarUserProfile -Scope $acct.Scope @conn -Force)
        ($out | Sort-Object UserName | ForEach-Object { "$($_.Action) $($_.UserName) $($_.Outcome)" }) | Should -Be @('Update b Applied', 'Remove e Applied', 'Create new Applied')
        $now = Profiles $acct
        $now.UserName | Sort-Object | Should -Be @('a', 'b', 'c', 'd', 'new', 'zed')
        ($now | Where-Object UserName -eq 'b').DisplayName | Should -Be 'Bee'
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)b" @conn).SshPublicKey | Should -Be $TestSshKey -Because 'no key column: keys are left as they are'
        ($out | Where-Object Action -eq 'Update').Result.DisplayName | Should -Be 'Bee'
    }

    It 'asks before removing; a host that cannot ask fails those removals (RemovalNotConfirmed) and applies the rest' {
        $acct = New-Account
        $r = Invoke-TestPwsh @"
Import-Module CodeStarProfiles
`$conn = @{ EndpointUrl = '$($endpoint.Url)'; Region = 'us-east-1'; AccessKey = '$LocalAccessKey'; SecretKey = '$LocalSecretKey' }
`$rows = 'a','b','c','d' | ForEach-Object { [pscustomobject]@{ Arn = '$($acct.Prefix)' + `$_; Name = 'User ' + `$_; Email = `$_ + '@example.com' } }
`$rows += [pscustomobject]@{ Arn = '$($acct.Prefix)new'; Name = 'New'; Email = 'new@example.com' }
`$out = `$rows | Sync-CodeStarUserProfile -Scope '$($acct.Scope)' @conn -ErrorVariable ev -ErrorAction SilentlyContinue
`$out | ForEach-Object { 'out ' + `$_.Action + ' ' + `$_.Outcome }
`$ev | ForEach-Object { 'err ' + `$_.FullyQualifiedErrorId.Split(',')[0] }
"@
        $r.Output | Should -Contain 'out Create Applied'
        $r.Output | Should -Contain 'out Remove Failed'
        $r.Output | Should -Contain 'err RemovalNotConfirmed'
        @(Profiles $acct).Count | Should -Be 7 -Because 'e was not removed; new was created'
    }

    It 'with -Confirm in a host that cannot ask, fails each change (ChangeNotConfirmed, RemovalNotConfirmed) and changes nothing' {
        $acct = New-Account
        $before = Profiles $acct | ForEach-Object { "$($_.UserName) $($_.DisplayName)" } | Sort-Object
        $r = Invoke-TestPwsh @"
Import-Module CodeStarProfiles
`$conn = @{ EndpointUrl = '$($endpoint.Url)'; Region = 'us-east-1'; AccessKey = '$LocalAccessKey'; SecretKey = '$LocalSecretKey' }
`$rows = 'a','b','c','d' | ForEach-Object { [pscustomobject]@{ Arn = '$($acct.Prefix)' + `$_; Name = 'User ' + `$_ + `$(if (`$_ -eq 'b') { ' Renamed' }); Email = `$_ + '@example.com' } }
`$rows += [pscustomobject]@{ Arn = '$($acct.Prefix)new'; Name = 'New'; Email = 'new@example.com' }
`$out = `$rows | Sync-CodeStarUserProfile -Scope '$($acct.Scope)' @conn -Confirm -Force -ErrorVariable ev -ErrorAction SilentlyContinue
`$out | ForEach-Object { 'out ' + `$_.Action + ' ' + `$_.Outcome }
`$ev | ForEach-Object { 'err ' + `$_.FullyQualifiedErrorId.Split(',')[0] + ' ' + `$_.TargetObject.Action }
try { `$rows | Sync-CodeStarUserProfile -Scope '$($acct.Scope)' @conn -Confirm -Force -ErrorAction Stop | ForEach-Object { 'stop-out ' + `$_.Action + ' ' + `$_.Outcome } }
catch { 'stop-err ' + `$_.FullyQualifiedErrorId.Split(',')[0] }
"@
        ($r.Error -join "`n") | Should -BeNullOrEmpty
        @($r.Output | Where-Object { $_ -like 'stop-*' }) | Should -Be @('stop-out Update Failed', 'stop-err ChangeNotConfirmed') -Because 'with -ErrorAction Stop the failed change is written before its error ends the command'
        $r.Output | Should -Contain 'out Create Failed'
        $r.Output | Should -Contain 'out Update Failed'
        $r.Output | Should -Contain 'out Remove Failed'
        $r.Output | Should -Contain 'err ChangeNotConfirmed Create'
        $r.Output | Should -Contain 'err ChangeNotConfirmed Update'
        $r.Output | Should -Contain 'err RemovalNotConfirmed Remove'
        (Profiles $acct | ForEach-Object { "$($_.UserName) $($_.DisplayName)" } | Sort-Object) | Should -Be $before -Because 'nothing was confirmed'
    }
}

Describe 'Sync-CodeStarUserProfile from a saved plan' {
    It 'applies a plan read back with <Format> exactly, and refuses each stale item (StalePlanItem) while the others go on' -ForEach @(
        @{ Format = 'Import-Clixml' }, @{ Format = 'ConvertFrom-Json' }
    ) {
        $acct = New-Account
        $file = Join-Path $endpoint.Directory "plan-$([guid]::NewGuid().ToString('N')).dat"
        # Plan: update b, update c, create f, create g, remove d, remove e.
        $rows = @((Row $acct a), (Row $acct b 'Bee'), (Row $acct c 'Cee'), (Row $acct f), (Row $acct g))
        $plan = $rows | Compare-CodeStarUserProfile -Scope $acct.Scope @conn
        if ($Format -eq 'Import-Clixml') { $plan | Export-Clixml $file } else { $plan | ConvertTo-Json -Depth 5 | Set-Content $file }

        # Meanwhile: c is modified, g is created, e is removed.
        Start-Sleep -Milliseconds 20
        Set-CodeStarUserProfile -UserArn "$($acct.Prefix)c" -EmailAddress 'c.moved@example.com' @conn
        New-CodeStarUserProfile "$($acct.Prefix)g" 'Someone Else' 'g@example.com' @conn | Out-Null
        Remove-CodeStarUserProfile -UserArn "$($acct.Prefix)e" -Force @conn

        $saved = if ($Format -eq 'Import-Clixml') { Import-Clixml $file } else { Get-Content -Raw $file | ConvertFrom-Json }
        $out = @($saved | Sync-CodeStarUserProfile -Scope $acct.Scope @conn -Force -ErrorVariable errs -ErrorAction SilentlyContinue)
        ($out | Sort-Object UserName | ForEach-Object { "$($_.Action) $($_.UserName) $($_.Outcome)" }) | Should -Be @(
            'Update b Applied', 'Update c Stale', 'Remove d Applied', 'Remove e AsPlanned', 'Create f Applied', 'Create g Stale')
        $stale = @($errs | Where-Object { $_.FullyQualifiedErrorId -like 'StalePlanItem,*' })
        $stale.Count | Should -Be 2 -Because 'e was removed meanwhile, as the plan would have: that is no error'
        $stale.CategoryInfo.Category | Select-Object -Unique | Should -Be 'InvalidOperation'
        ($stale.Exception.Message -join "`n") | Should -Match ([regex]::Escape("$($acct.Prefix)c"))
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)c" @conn).EmailAddress | Should -Be 'c.moved@example.com'
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)g" @conn).DisplayName | Should -Be 'Someone Else'
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)b" @conn).DisplayName | Should -Be 'Bee'
    }
}

Describe 'Sync-CodeStarUserProfile re-applying a saved plan' {
    It 'finds every change already made the second time (Outcome AsPlanned), with no error and nothing written' {
        $acct = New-Account
        $file = Join-Path $endpoint.Directory "plan-$([guid]::NewGuid().ToString('N')).xml"
        # Plan: update b, create f, remove c, d, e.
        @((Row $acct a), (Row $acct b 'Bee'), (Row $acct f)) | Compare-CodeStarUserProfile -Scope $acct.Scope @conn | Export-Clixml $file
        $first = @(Import-Clixml $file | Sync-CodeStarUserProfile -Scope $acct.Scope @conn -Force -MaxRemove 3)
        ($first | Sort-Object UserName | ForEach-Object { "$($_.Action) $($_.UserName) $($_.Outcome)" }) | Should -Be @(
            'Update b Applied', 'Remove c Applied', 'Remove d Applied', 'Remove e Applied', 'Create f Applied')
        $after = Profiles $acct | ForEach-Object { "$($_.UserName) $($_.DisplayName) $($_.LastModifiedTimestamp)" } | Sort-Object

        # The runbook is run again on the same plan (it stopped half-way, or is retried): nothing is left to do.
        $again = @(Import-Clixml $file | Sync-CodeStarUserProfile -Scope $acct.Scope @conn -Force -MaxRemove 3 -ErrorVariable errs -Verbose 4>&1)
        $verbose = @($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $again = @($again | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $errs | Should -BeNullOrEmpty
        ($again | Sort-Object UserName | ForEach-Object { "$($_.Action) $($_.UserName) $($_.Outcome)" }) | Should -Be @(
            'Update b AsPlanned', 'Remove c AsPlanned', 'Remove d AsPlanned', 'Remove e AsPlanned', 'Create f AsPlanned')
        ($again | Where-Object UserName -EQ 'b').Result.DisplayName | Should -Be 'Bee'
        $verbose | Should -Contain "Update $($acct.Prefix)b: already as planned (the plan was applied before, or the change made by hand); nothing sent."
        (Profiles $acct | ForEach-Object { "$($_.UserName) $($_.DisplayName) $($_.LastModifiedTimestamp)" } | Sort-Object) | Should -Be $after -Because 'nothing was written'

        # A create the profile holds with other values is still stale.
        Set-CodeStarUserProfile -UserArn "$($acct.Prefix)f" -DisplayName 'Changed By Hand' @conn
        $third = @(Import-Clixml $file | Where-Object UserArn -EQ "$($acct.Prefix)f" | Sync-CodeStarUserProfile -Scope $acct.Scope @conn -Force -ErrorVariable stale -ErrorAction SilentlyContinue)
        $third.Outcome | Should -Be 'Stale'
        @($stale).Count | Should -Be 1
    }
}

Describe 'Sync-CodeStarUserProfile -WhatIf on a saved plan' {
    It 'checks each item as applying would: the stale ones are StalePlanItem errors, the others What if, and nothing is written' {
        $acct = New-Account
        $rows = @((Row $acct a), (Row $acct b 'Bee'), (Row $acct c 'Cee'), (Row $acct f), (Row $acct g))
        $file = Join-Path $endpoint.Directory "plan-$([guid]::NewGuid().ToString('N')).xml"
        $rows | Compare-CodeStarUserProfile -Scope $acct.Scope @conn | Export-Clixml $file   # update b, c; create f, g; remove d, e
        Start-Sleep -Milliseconds 20
        Set-CodeStarUserProfile -UserArn "$($acct.Prefix)c" -EmailAddress 'c.moved@example.com' @conn
        New-CodeStarUserProfile "$($acct.Prefix)g" 'Someone Else' 'g@example.com' @conn | Out-Null
        Remove-CodeStarUserProfile -UserArn "$($acct.Prefix)e" -Force @conn

        $r = Invoke-TestPwsh @"
Import-Module CodeStarProfiles
`$conn = @{ EndpointUrl = '$($endpoint.Url)'; Region = 'us-east-1'; AccessKey = '$LocalAccessKey'; SecretKey = '$LocalSecretKey' }
`$out = Import-Clixml '$file' | Sync-CodeStarUserProfile -Scope '$($acct.Scope)' @conn -WhatIf -ErrorVariable ev -ErrorAction SilentlyContinue
`$ev | ForEach-Object { 'err ' + `$_.FullyQualifiedErrorId.Split(',')[0] + ' ' + `$_.TargetObject.UserName }
`$out | Where-Object Outcome -EQ AsPlanned | ForEach-Object { 'out ' + `$_.Action + ' ' + `$_.UserName + ' ' + `$_.Outcome }
"@
        $r.Output | Where-Object { $_ -like 'err *' } | Sort-Object | Should -Be @('err StalePlanItem c', 'err StalePlanItem g')
        $r.Output | Should -Contain 'out Remove e AsPlanned'
        $whatIf = @($r.Output | Where-Object { $_ -like 'What if:*' })
        $whatIf.Count | Should -Be 3 -Because 'b, d and f would be applied'
        ($whatIf -join "`n") | Should -Match ([regex]::Escape("$($acct.Prefix)f"))
        ($whatIf -join "`n") | Should -Not -Match ([regex]::Escape("$($acct.Prefix)c`""))
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)b" @conn).DisplayName | Should -Not -Be 'Bee' -Because '-WhatIf writes nothing'
        Get-CodeStarUserProfile -UserArn "$($acct.Prefix)f" @conn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-CodeStarUserProfile -UserArn "$($acct.Prefix)d" @conn).Count | Should -Be 1
    }
}

Describe 'The mass-removal guard' {
    It 'refuses, before changing anything, a plan that removes more than max(5, 10%) of the profiles in scope' {
        $acct = New-Account -Staff 8
        $rows = @((Row $acct a), (Row $acct b 'Bee'))   # would remove 6 of 8
        { $rows | Sync-CodeStarUserProfile -Scope $acct.Scope @conn -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'RemovalLimitExceeded,CodeStarProfiles.Commands.SyncCodeStarUserProfileCommand' -ExpectedMessage '*remove 6 of the 8 profiles in scope*'
        @(Profiles $acct).Count | Should -Be 9
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)b" @conn).DisplayName | Should -Be 'User b' -Because 'nothing at all is changed'
    }

    It '-MaxRemove raises the limit, and -MaxRemove 0 forbids removals' {
        $acct = New-Account -Staff 8
        $rows = @((Row $acct a), (Row $acct b))
        { $rows | Sync-CodeStarUserProfile -Scope $acct.Scope -MaxRemove 0 @conn -Force -ErrorAction Stop } | Should -Throw -ErrorId 'RemovalLimitExceeded*'
        $out = @($rows | Sync-CodeStarUserProfile -Scope $acct.Scope -MaxRemove 6 @conn -Force)
        @($out | Where-Object { $_.Action -eq 'Remove' -and $_.Outcome -eq 'Applied' }).Count | Should -Be 6
    }

    It 'refuses an empty input with -Scope' {
        $acct = New-Account -Staff 3
        $err = { @() | Sync-CodeStarUserProfile -Scope $acct.Scope @conn -Force -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'RemovalLimitExceeded,*'
        $err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $err.Exception.Message | Should -Match 'The input is empty'
        @(Profiles $acct).Count | Should -Be 4
    }
}

Describe 'What a sync never removes' {
    It 'an empty input, whatever -MaxRemove says (an empty plan or a failed export looks the same)' {
        $acct = New-Account -Staff 3
        $err = { @() | Sync-CodeStarUserProfile -Scope $acct.Scope -MaxRemove 10 @conn -Force -ErrorAction Stop } | Should -Throw -ErrorId 'RemovalLimitExceeded*' -PassThru
        $err.ErrorDetails.RecommendedAction | Should -BeLike '*no -MaxRemove makes a sync remove profiles because its input is empty*' -Because 'a larger -MaxRemove would not help'
        $err.ErrorDetails.RecommendedAction | Should -Not -Match 'pass -MaxRemove with a limit'
        @(Profiles $acct).Count | Should -Be 4
    }

    It 'a profile that is not in the plan, even when every change of the plan is refused (a wrong -Scope)' {
        $acct = New-Account -Staff 3
        $plan = @((Row $acct a 'Aye') | Compare-CodeStarUserProfile -Scope $acct.Scope @conn)
        $contractors = $acct.Contractor -replace 'zed$', '*'
        $out = @($plan | Sync-CodeStarUserProfile -Scope $contractors -MaxRemove 10 @conn -Force -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.FullyQualifiedErrorId | ForEach-Object { $_.Split(',')[0] } | Select-Object -Unique | Should -Be 'OutsideScope'
        $out | Should -BeNullOrEmpty
        @(Profiles $acct).Count | Should -Be 4 -Because 'the contractor, outside the plan, is still there'
    }

    It 'anything, when the input rows are outside -Scope (the scope is likely wrong)' {
        $acct = New-Account -Staff 3
        $contractors = $acct.Contractor -replace 'zed$', '*'
        $out = @((Row $acct a), (Row $acct b) | Sync-CodeStarUserProfile -Scope $contractors -MaxRemove 10 @conn -Force -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue)
        $out | Where-Object Action -eq 'Remove' | Should -BeNullOrEmpty
        ($warns -join ' ') | Should -Match 'outside -Scope'
        @(Profiles $acct).Count | Should -Be 4
    }

    It 'a removal from a saved plan applied without -Scope' {
        $acct = New-Account -Staff 3
        $plan = @((Row $acct a), (Row $acct b) | Compare-CodeStarUserProfile -Scope $acct.Scope @conn)
        ($plan | Where-Object Action -eq 'Remove').UserName | Should -Be 'c'
        $out = @($plan | Sync-CodeStarUserProfile @conn -Force -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutsideScope,*'
        $errs[0].Exception.Message | Should -Match 'only inside -Scope'
        Get-CodeStarUserProfile -UserArn "$($acct.Prefix)c" @conn | Should -Not -BeNullOrEmpty
    }

    It 'a profile the input names with its ARN in another case; two such rows are duplicates' {
        $acct = New-Account -Staff 2
        $rows = @((Row $acct a), [pscustomobject]@{ Arn = "$($acct.Prefix)B"; Name = 'User b'; Email = 'b@example.com' })
        $plan = @($rows | Compare-CodeStarUserProfile -Scope $acct.Scope @conn)
        $plan | Where-Object Action -eq 'Remove' | Should -BeNullOrEmpty
        $dup = @((Row $acct a), [pscustomobject]@{ Arn = "$($acct.Prefix)A"; Name = 'User a'; Email = 'a@example.com' })
        $null = $dup | Compare-CodeStarUserProfile -Scope $acct.Scope @conn -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateUserArn,*'
    }
}

Describe 'Typed use and bad settings' {
    It 'takes one profile as parameters, as New-CodeStarUserProfile does' {
        $acct = New-Account -Staff 1
        $c = @(Compare-CodeStarUserProfile "$($acct.Prefix)a" 'Typed Name' 'a@example.com' @conn)
        $c.Action | Should -Be 'Update'
        $c.Changes[0].Desired | Should -Be 'Typed Name'
        $s = @(Sync-CodeStarUserProfile -UserArn "$($acct.Prefix)new" -DisplayName 'Typed New' -EmailAddress 'new@example.com' @conn)
        $s.Action | Should -Be 'Create'
        $s.Outcome | Should -Be 'Applied'
    }

    It 'refuses a -Scope that is not an IAM user ARN pattern before reading anything (InvalidScope)' {
        $err = { (Row (New-Account -Staff 1) a) | Compare-CodeStarUserProfile -Scope 'staff/*' @conn -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidScope,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be 'staff/*'
    }

    It 'shows each change with its values in Format-List and Export-Csv, for a live plan and one read back' {
        $acct = New-Account -Staff 1
        $plan = @((Row $acct a -mail 'a.new@example.com') | Compare-CodeStarUserProfile @conn)
        $plan[0].ChangeSummary | Should -Be "EmailAddress: 'a@example.com' -> 'a.new@example.com'"
        ($plan | Format-List | Out-String) | Should -Match ([regex]::Escape("EmailAddress: 'a@example.com' -> 'a.new@example.com'"))
        $file = Join-Path $endpoint.Directory "p$([guid]::NewGuid().ToString('N')).xml"
        $plan | Export-Clixml $file
        $back = @(Import-Clixml $file)
        $back.Count | Should -Be 1
        ($back | Format-Table | Out-String -Width 120) | Should -Match "Update\s+a\s+EmailAddress: 'a@example.com' -> 'a.new@example.com'"
        (($plan | ConvertTo-Csv) -join "`n") | Should -Match ([regex]::Escape("EmailAddress: 'a@example.com' -> 'a.new@example.com'"))
    }

    It 'refuses a plan read back from CSV, saying to save plans with Export-Clixml, and changes nothing' {
        $acct = New-Account -Staff 1
        $plan = @((Row $acct a -mail 'a.csv@example.com') | Compare-CodeStarUserProfile @conn)
        $fromCsv = @($plan | ConvertTo-Csv | ConvertFrom-Csv)
        $applied = @($fromCsv | Sync-CodeStarUserProfile @conn -Force -ErrorVariable refused -ErrorAction SilentlyContinue)
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'InvalidChange,*'
        $refused[0].Exception.Message | Should -BeLike '*read from CSV*Export-Clixml or ConvertTo-Json*'
        @($applied | Where-Object Outcome -ne 'Failed') | Should -BeNullOrEmpty
        (Get-CodeStarUserProfile -UserArn "$($acct.Prefix)a" @conn).EmailAddress | Should -Be 'a@example.com'
    }
}

Describe 'Reading the current state' {
    It 'is a terminating error before anything is applied when the endpoint cannot be read' {
        $down = @{ EndpointUrl = 'http://127.0.0.1:9'; Region = 'us-east-1'; AccessKey = $LocalAccessKey; SecretKey = $LocalSecretKey; MaxRetryAttempts = 0 }
        $rows = @([pscustomobject]@{ Arn = (New-TestArn -Prefix down); Name = 'Down'; Email = 'down@example.com' })
        $err = { $rows | Sync-CodeStarUserProfile @down -Force -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'CurrentStateUnreadable,*'
        $err.CategoryInfo.Category | Should -Be 'ReadError'
        $err.Exception.Message | Should -Match 'nothing was planned or applied'
    }
}

Describe 'Credentials refused while applying' {
    BeforeAll {
        # A stand-in CodeStar that lists no profiles and creates the first $writes.Accept profiles it is sent
        # (0 unless a test says otherwise), then refuses every other request as an expired session token would, so
        # the plan is made and the refusal comes in the middle of applying it; with $writes.Fault 'internal' it
        # answers them 500 InternalFailure instead. It counts those requests.
        # The free port is found by opening and closing a listener, so another process may take it in between: try again.
        for ($try = 1; ; $try++) {
            $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
            $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
            $listener = [Net.HttpListener]::new()
            $listener.Prefixes.Add("http://127.0.0.1:$port/")
            try { $listener.Start(); break } catch { $listener.Close(); if ($try -ge 5) { throw } }
        }
        $writes = [hashtable]::Synchronized(@{ Count = 0; Accept = 0; Accepted = 0; Fault = $null })
        $stub = [powershell]::Create()
        [void] $stub.AddScript({
            param($listener, $writes)
            while ($listener.IsListening) {
                try { $ctx = $listener.GetContext() } catch { break }
                $request = [IO.StreamReader]::new($ctx.Request.InputStream).ReadToEnd()
                if ($ctx.Request.Headers['X-Amz-Target'] -like '*.ListUserProfiles') { $status = 200; $body = '{"userProfiles":[]}' }
                elseif ($writes.Accepted -lt $writes.Accept) {
                    $writes.Accepted++
                    $r = $request | ConvertFrom-Json
                    $status = 200
                    $body = @{ userArn = $r.userArn; displayName = $r.displayName; emailAddress = $r.emailAddress; createdTimestamp = 1.7e9; lastModifiedTimestamp = 1.7e9 } | ConvertTo-Json -Compress
                }
                elseif ($writes.Fault -eq 'internal') { $writes.Count++; $status = 500; $body = '{"__type":"InternalFailure","message":"Something broke"}' }
                else { $writes.Count++; $status = 400; $body = '{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}' }
                $bytes = [Text.Encoding]::UTF8.GetBytes($body)
                $ctx.Response.StatusCode = $status
                $ctx.Response.ContentType = 'application/x-amz-json-1.1'
                $ctx.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $ctx.Response.Close()
            }
        }).AddArgument($listener).AddArgument($writes)
        $running = $stub.BeginInvoke()
        $expiring = @{ EndpointUrl = "http://127.0.0.1:$port"; Region = 'us-east-1'; AccessKey = $LocalAccessKey; SecretKey = $LocalSecretKey; SessionToken = 'token-that-expires' }
    }
    AfterAll { $listener.Stop(); [void] $stub.EndInvoke($running); $stub.Dispose() }

    It 'stops, sending no more, with every change it took in the output as Failed with its own error, then one CredentialsRefused' {
        $rows = 1..30 | ForEach-Object { [pscustomobject]@{ Arn = "arn:aws:iam::444455556666:user/expiring/u$_"; Name = "User $_"; Email = "u$_@example.com" } }
        $out = [System.Collections.Generic.List[object]]::new()
        $stopped = $null
        try { $rows | Sync-CodeStarUserProfile @expiring -ThrottleLimit 4 -ErrorVariable ev -ErrorAction SilentlyContinue | ForEach-Object { $out.Add($_) } } catch { $stopped = $_ }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*' -Because 'every further change would be refused the same way'
        $stopped.Exception.Message | Should -Match 'ExpiredTokenException'
        $stopped.Exception.Message | Should -Match "the sync stopped after (\d+) of the plan's 30 changes, each of which is in the output with its Outcome \(a failed one with its own error before this one\); the other (\d+) were not taken, and nothing was sent for them"
        $m = [regex]::Match($stopped.Exception.Message, 'after (\d+) of the plan.s 30 changes.*the other (\d+) were not taken')
        $handled = [int] $m.Groups[1].Value
        [int] $m.Groups[2].Value | Should -Be (30 - $handled)
        $stopped.Exception.Message | Should -Match 'Sync again with valid credentials; for a saved plan, make a new one with Compare-CodeStarUserProfile first, as its applied changes would now be stale\.$'
        $writes.Count | Should -BeLessOrEqual 4 -Because 'only the 4 in flight when the first refusal came were sent, not the changes queued ahead or the 30 changes'
        $handled | Should -BeGreaterThan $writes.Count -Because 'the change being queued when the refusal came was not sent'
        $handled | Should -BeLessOrEqual 10
        $out.Count | Should -Be $handled -Because 'one result per change taken'
        $out.Outcome | Select-Object -Unique | Should -Be 'Failed'
        @($out.UserArn | Sort-Object) | Should -Be @($rows[0..($handled - 1)].Arn | Sort-Object) -Because 'the changes taken are the first ones of the plan'
        $errors = @(Get-ErrorRecord $ev | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' })
        $errors.Count | Should -Be $handled -Because 'each change taken has its own error: refused, or not sent after the first refusal'
        @($errors.TargetObject.UserArn | Select-Object -Unique).Count | Should -Be $handled
        @($errors | Where-Object { $_.Exception.Message -like '*not sent, since the service refused the credentials*' }).Count | Should -Be ($handled - $writes.Count)
        ($errors + $stopped | ForEach-Object { $_.ToString() }) -join "`n" | Should -Not -Match 'token-that-expires|LocalOnlyCodeStarSecretKey'
    }

    It 'keeps the changes applied before the refusal as Applied, and fails only those the refusal ended' {
        $writes.Count = 0; $writes.Accepted = 0; $writes.Accept = 3
        try {
            $rows = 1..30 | ForEach-Object { [pscustomobject]@{ Arn = "arn:aws:iam::444455556666:user/partly/u$_"; Name = "User $_"; Email = "u$_@example.com" } }
            $out = [System.Collections.Generic.List[object]]::new()
            $stopped = $null
            try { $rows | Sync-CodeStarUserProfile @expiring -ThrottleLimit 1 -ErrorVariable ev -ErrorAction SilentlyContinue | ForEach-Object { $out.Add($_) } } catch { $stopped = $_ }
        } finally { $writes.Accept = 0 }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*'
        $handled = [int] [regex]::Match($stopped.Exception.Message, "stopped after (\d+) of the plan's 30 changes").Groups[1].Value
        $handled | Should -BeGreaterThan 3
        $out.Count | Should -Be $handled -Because 'one result per change taken'
        @($out | Where-Object Outcome -EQ 'Applied').UserArn | Should -Be $rows[0..2].Arn -Because 'the three the service created stay Applied'
        @($out | Where-Object Outcome -EQ 'Failed').Count | Should -Be ($handled - 3)
        @(Get-ErrorRecord $ev | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' }).Count | Should -Be ($handled - 3)
    }

    It 'ends with -ErrorAction Stop on the one CredentialsRefused error, a saved plan too, with every change it took in the output' {
        $rows = 1..12 | ForEach-Object { [pscustomobject]@{ Arn = "arn:aws:iam::444455556666:user/stopping/u$_"; Name = "User $_"; Email = "u$_@example.com" } }
        $plan = @($rows | Compare-CodeStarUserProfile @expiring)
        $plan.Count | Should -Be 12
        foreach ($input in @{ Name = 'rows'; Items = $rows }, @{ Name = 'saved plan'; Items = $plan }) {
            $writes.Count = 0; $writes.Accepted = 0; $writes.Accept = 2
            $out = [System.Collections.Generic.List[object]]::new()
            $stopped = $null
            try {
                try { $input.Items | Sync-CodeStarUserProfile @expiring -ThrottleLimit 4 -ErrorVariable ev -ErrorAction Stop | ForEach-Object { $out.Add($_) } } catch { $stopped = $_ }
            } finally { $writes.Accept = 0 }
            $stopped.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*' -Because "($($input.Name)) the refusal is the first error, not whichever change's error came out first"
            $stopped.Exception.Message | Should -Match '^Could not create the user profile arn:aws:iam::444455556666:user/stopping/u\d+: .*ExpiredTokenException'
            $stopped.Exception.Message | Should -Match "with -ErrorAction Stop the sync stopped at this first refusal\. It had handled (\d+) of the plan's 12 changes, each of which is in the output with its Outcome \(those the refusal ended as Failed, with no error of their own\); the other (\d+) were not taken"
            $m = [regex]::Match($stopped.Exception.Message, "handled (\d+) of the plan's 12 changes.*the other (\d+) were not taken")
            $handled = [int] $m.Groups[1].Value
            [int] $m.Groups[2].Value | Should -Be (12 - $handled)
            $out.Count | Should -Be $handled -Because "($($input.Name)) one result per change taken"
            @($out | Where-Object Outcome -EQ 'Applied').Count | Should -Be 2
            @($out | Where-Object Outcome -EQ 'Failed').Count | Should -Be ($handled - 2)
            @(Get-ErrorRecord $ev | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' }) | Should -BeNullOrEmpty
            $stopped.ToString() | Should -Not -Match 'token-that-expires|LocalOnlyCodeStarSecretKey'
        }
    }

    It 'previews a saved plan under refused credentials as a preview: the changes it took in the output as Failed, and the plan still holds' {
        $rows = 1..30 | ForEach-Object { [pscustomobject]@{ Arn = "arn:aws:iam::444455556666:user/preview/u$_"; Name = "User $_"; Email = "u$_@example.com" } }
        $plan = @($rows | Compare-CodeStarUserProfile @expiring)
        $writes.Count = 0
        $out = [System.Collections.Generic.List[object]]::new()
        $stopped = $null
        try { $plan | Sync-CodeStarUserProfile @expiring -WhatIf -ThrottleLimit 2 -ErrorVariable ev -ErrorAction SilentlyContinue | ForEach-Object { $out.Add($_) } } catch { $stopped = $_ }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*'
        $stopped.Exception.Message | Should -Match 'This was a preview \(-WhatIf\) of a saved plan: only describes were sent and nothing was changed, so the plan still holds; preview or apply it again with valid credentials\.$'
        $stopped.Exception.Message | Should -Not -Match 'stale' -Because 'a preview applied nothing, so nothing in the plan went stale'
        $handled = [int] [regex]::Match($stopped.Exception.Message, "stopped after (\d+) of the plan's 30 changes").Groups[1].Value
        $handled | Should -BeGreaterThan 0
        $out.Count | Should -Be $handled -Because 'one result per change taken'
        $out.Outcome | Select-Object -Unique | Should -Be 'Failed'
    }

    It 'writes a previewed change whose describe failed, and a change whose call failed, as Failed before its own error' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Arn = "arn:aws:iam::444455556666:user/faulty/u$_"; Name = "User $_"; Email = "u$_@example.com" } }
        $plan = @($rows | Compare-CodeStarUserProfile @expiring)
        foreach ($case in @{ Fault = 'internal'; WhatIf = $true; Id = 'ServiceError' }, @{ Fault = 'internal'; WhatIf = $false; Id = 'ServiceError|OutcomeUnknown' }) {
            $writes.Fault = $case.Fault
            try {
                $out = @($plan | Sync-CodeStarUserProfile @expiring -MaxRetryAttempts 0 -WhatIf:$case.WhatIf -Force -ErrorVariable ev -ErrorAction SilentlyContinue)
            } finally { $writes.Fault = $null }
            $because = "($($case.Fault), -WhatIf:$($case.WhatIf)) every change has a result"
            $out.Count | Should -Be 3 -Because $because
            $out.Outcome | Select-Object -Unique | Should -Be 'Failed' -Because $because
            $errors = @(Get-ErrorRecord $ev)
            $errors.Count | Should -Be 3 -Because $because
            $errors | ForEach-Object { "$($_.FullyQualifiedErrorId) $($_.Exception.Message)" | Should -Match "^($($case.Id))," -Because $because }
            @($errors.TargetObject.UserArn | Sort-Object) | Should -Be @($rows.Arn | Sort-Object)
        }
    }

    It 'says so when the refusal came after every change of the plan was taken' {
        $row = [pscustomobject]@{ Arn = 'arn:aws:iam::444455556666:user/expiring/last'; Name = 'Last'; Email = 'last@example.com' }
        $stopped = $null
        $out = [System.Collections.Generic.List[object]]::new()
        try { $row | Sync-CodeStarUserProfile @expiring -ErrorVariable ev -ErrorAction SilentlyContinue | ForEach-Object { $out.Add($_) } } catch { $stopped = $_ }
        $out.Count | Should -Be 1
        $out[0].Outcome | Should -Be 'Failed'
        $stopped.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*'
        $stopped.Exception.Message | Should -Match 'the sync stopped once it had taken every change of the plan \(1\), each of which is in the output with its Outcome'
        $stopped.Exception.Message | Should -Not -Match 'were not taken'
        @(Get-ErrorRecord $ev | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' }).Count | Should -Be 1
    }
}
