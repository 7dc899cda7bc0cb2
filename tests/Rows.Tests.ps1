# What a new user meets first, driven as they drive it: Remove in a host that cannot ask, CSV headers as
# people write them (two spellings of one column, spaces and underscores, a misspelt header), and the
# progress of a run counting the rows finished.
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $endpoint = Start-TestEndpoint
    $conn = $endpoint.Connection
    $connText = "-EndpointUrl '$($endpoint.Url)' -Region us-east-1 -AccessKey $LocalAccessKey -SecretKey $LocalSecretKey"

    function New-Existing([string] $Prefix) {
        $arn = New-TestArn -Prefix $Prefix
        New-CodeStarUserProfile $arn 'Row Test' row@example.com @conn | Out-Null
        $arn
    }
    function Test-Exists([string] $Arn) { [bool] (Get-CodeStarUserProfile $Arn @conn -ErrorAction SilentlyContinue) }
    # In a child's script: the terminating error that stopped a command, one line per part.
    $reportStop = "catch { 'id ' + `$_.FullyQualifiedErrorId; 'category ' + `$_.CategoryInfo.Category; 'target ' + `$_.TargetObject.UserArn; 'message ' + `$_.Exception.Message; 'advice ' + `$_.ErrorDetails.RecommendedAction }"
}
AfterAll {
    Stop-TestEndpoint $endpoint
}

Describe 'New- and Set- asked to confirm in a host that cannot ask' {
    It 'New -Confirm stops at the first row with one ChangeNotConfirmed error naming it, before creating anything' {
        $arns = @((New-TestArn -Prefix nc), (New-TestArn -Prefix nc))
        $r = Invoke-TestPwsh -Command @"
Import-Module CodeStarProfiles
try { '$($arns -join "','")' | ForEach-Object { [pscustomobject]@{ UserArn = `$_; DisplayName = 'Not Confirmed'; EmailAddress = 'nc@example.com' } } | New-CodeStarUserProfile -Confirm $connText; 'NOT STOPPED' }
$reportStop
"@
        $r.Output | Should -Contain 'id ChangeNotConfirmed,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand'
        $r.Output | Should -Contain 'category OperationStopped'
        $r.Output | Should -Contain "target $($arns[0])"
        $message = @($r.Output | Where-Object { $_ -like 'message *' })
        $message.Count | Should -Be 1
        $message[0] | Should -BeLike "*Confirmation is needed to create the user profile $($arns[0]), and this host cannot ask for it (PSInvalidOperationException: PowerShell is in NonInteractive mode.*nothing was changed. Leave out -Confirm, or pass -Confirm:`$false*"
        @($r.Output | Where-Object { $_ -like 'advice *-Confirm:$false*' }).Count | Should -Be 1
        $r.Output | Should -Not -Contain 'NOT STOPPED'
        foreach ($arn in $arns) { Test-Exists $arn | Should -BeFalse -Because 'nothing was created' }
    }

    It 'Set under $ConfirmPreference Low stops the same way, and the rows done before are counted in the message' {
        $first, $second = (New-Existing sc), (New-Existing sc)
        $r = Invoke-TestPwsh -Command @"
Import-Module CodeStarProfiles
Set-CodeStarUserProfile '$first' -DisplayName 'Done First' $connText
`$ConfirmPreference = 'Low'
try { Set-CodeStarUserProfile '$second' -DisplayName 'Never' $connText; 'NOT STOPPED' }
catch { 'id ' + `$_.FullyQualifiedErrorId; 'message ' + `$_.Exception.Message }
"@
        $r.Output | Should -Contain 'id ChangeNotConfirmed,CodeStarProfiles.Commands.SetCodeStarUserProfileCommand'
        @($r.Output | Where-Object { $_ -like "message Confirmation is needed to update the user profile $second, *nothing was changed.*" }).Count | Should -Be 1
        (Get-CodeStarUserProfile $first @conn).DisplayName | Should -Be 'Done First'
        (Get-CodeStarUserProfile $second @conn).DisplayName | Should -Be 'Row Test' -Because 'the row that needed confirmation was not sent'
    }
}

Describe 'Remove-CodeStarUserProfile in a host that cannot ask' {
    It 'stops before removing anything with one RemovalNotConfirmed error (pwsh -NonInteractive), and says to pass -Force or -Confirm:$false' {
        $arns = @((New-Existing ni), (New-Existing ni), (New-Existing ni))
        $r = Invoke-TestPwsh -Command @"
Import-Module CodeStarProfiles
try { '$($arns -join "','")' | ForEach-Object { [pscustomobject]@{ UserArn = `$_ } } | Remove-CodeStarUserProfile $connText -ErrorAction SilentlyContinue; 'NOT STOPPED' }
$reportStop
"@
        $r.Output | Should -Contain 'id RemovalNotConfirmed,CodeStarProfiles.Commands.RemoveCodeStarUserProfileCommand'
        $r.Output | Should -Contain 'category OperationStopped'
        $r.Output | Should -Contain "target $($arns[0])"
        $message = @($r.Output | Where-Object { $_ -like 'message *' })
        $message.Count | Should -Be 1
        $message[0] | Should -BeLike "*Removing $($arns[0]) needs confirmation, and this host cannot ask for it (PSInvalidOperationException: PowerShell is in NonInteractive mode.*nothing was removed. *pass -Force or -Confirm:`$false*"
        $r.Output | Should -Not -Contain 'NOT STOPPED'
        ($r.Error -join "`n") | Should -BeNullOrEmpty
        foreach ($arn in $arns) { Test-Exists $arn | Should -BeTrue -Because 'nothing was removed' }
    }

    It 'stops the same way in a console whose input is closed (cron, a CI step), saying so rather than how the host failed' {
        $arn = New-Existing stdin
        $r = Invoke-TestPwsh -StdinClosed -Command @"
Import-Module CodeStarProfiles
try { Remove-CodeStarUserProfile -UserArn '$arn' $connText -ErrorAction SilentlyContinue; 'NOT STOPPED' }
catch { 'id ' + `$_.FullyQualifiedErrorId; 'message ' + `$_.Exception.Message }
"@
        # The console host writes its question before it finds its input at an end, so the id may follow the prompt on its line.
        @($r.Output | Where-Object { $_ -like '*id RemovalNotConfirmed,CodeStarProfiles.Commands.RemoveCodeStarUserProfileCommand' }).Count | Should -Be 1
        $message = @($r.Output | Where-Object { $_ -like 'message *' })
        $message.Count | Should -Be 1
        $message[0] | Should -BeLike "*Removing $arn needs confirmation, and this host cannot ask for it (its input is at its end: standard input is closed or empty), so the command stopped: nothing was removed.*"
        ($r.Output + $r.Error) -join "`n" | Should -Not -Match 'NullReferenceException'
        Test-Exists $arn | Should -BeTrue -Because 'nothing was removed'
    }

    It 'stops the same way in a runspace without a user interface ([powershell]::Create(), a runbook host)' {
        $arn = New-Existing noui
        $ps = [powershell]::Create()
        try {
            [void] $ps.AddScript('param($m, $arn, $c) Import-Module $m; Remove-CodeStarUserProfile -UserArn $arn @c').AddArgument($ModuleManifest).AddArgument($arn).AddArgument($conn)
            $ps.Invoke() | Should -BeNullOrEmpty
            $thrown = @($ps.Streams.Error)
            $thrown.Count | Should -Be 1
            $thrown = $thrown[0]
            $thrown.FullyQualifiedErrorId | Should -Be 'RemovalNotConfirmed,CodeStarProfiles.Commands.RemoveCodeStarUserProfileCommand'
            $thrown.Exception.Message | Should -BeLike '*(HostException: *nothing was removed*'
        }
        finally { $ps.Dispose() }
        Test-Exists $arn | Should -BeTrue
    }

    It 'still previews with -WhatIf and removes with -Force, -Confirm:$false or $ConfirmPreference None, without asking' {
        $whatIf, $force, $confirmOff, $none = (New-Existing wi), (New-Existing f), (New-Existing cf), (New-Existing none)
        $r = Invoke-TestPwsh -Command @"
Import-Module CodeStarProfiles
Remove-CodeStarUserProfile '$whatIf' -WhatIf $connText
Remove-CodeStarUserProfile '$force' -Force $connText
Remove-CodeStarUserProfile '$confirmOff' -Confirm:`$false $connText
& { `$ConfirmPreference = 'None'; Remove-CodeStarUserProfile '$none' $connText }
'finished'
"@
        $r.Output | Should -Contain 'finished'
        ($r.Output -join "`n") | Should -Match ([regex]::Escape("What if: Performing the operation `"Remove CodeStar user profile`" on target `"$whatIf`"."))
        ($r.Error -join "`n") | Should -BeNullOrEmpty
        Test-Exists $whatIf | Should -BeTrue
        foreach ($arn in $force, $confirmOff, $none) { Test-Exists $arn | Should -BeFalse -Because "$arn was removed without a question" }
    }
}

Describe 'CSV headers as people write them' {
    BeforeAll {
        $dir = New-TestDirectory
    }
    AfterAll { Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }

    It 'reads "User Arn", "Display Name", "E-mail", "SSH Public Key" and the like as their columns' {
        $a1, $a2 = (New-TestArn -Prefix loose), (New-TestArn -Prefix loose)
        $csv = Join-Path $dir 'loose.csv'
        Set-Content -Path $csv -Value @(
            '"User Arn","Display Name","E-mail","SSH Public Key","Team"'
            "`"$a1`",`"Loose One`",`"one@example.com`",`"$TestSshKey`",`"Eng`""
        )
        $csv2 = Join-Path $dir 'underscores.csv'
        Set-Content -Path $csv2 -Value @('user_arn,display_name,email_address', "$a2,Loose Two,two@example.com")
        $out = @(Import-Csv $csv) + @(Import-Csv $csv2) | New-CodeStarUserProfile @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $out = @($out | Sort-Object { $_.UserArn -ne $a1 }) # results come as they complete
        $out.UserArn | Should -Be @($a1, $a2)
        $out[0].DisplayName | Should -Be 'Loose One'
        $out[0].EmailAddress | Should -Be 'one@example.com'
        $out[0].SshPublicKey | Should -Be $TestSshKey
        $out[1].EmailAddress | Should -Be 'two@example.com'
    }

    It 'reads a key that later rows of one CSV gain (Add-Member), or that the type data of a later row''s type name gives it' {
        # Rows of one shape are read by the first row's names; a spelling the first lacked must still be seen,
        # whether a row has it itself or its type name gets it from Update-TypeData (checked with -WhatIf:
        # the key's value is checked before anything would be sent).
        $arns = 1..4 | ForEach-Object { New-TestArn -Prefix gain }
        $csv = Join-Path $dir 'gain.csv'
        Set-Content -Path $csv -Value (@('UserArn,DisplayName,EmailAddress') + ($arns | ForEach-Object { "$_,Gain,gain@example.com" }))
        $typeName = "CodeStarProfilesTest.Keyed$(Get-Random)"
        Update-TypeData -TypeName $typeName -MemberType NoteProperty -MemberName SshKey -Value 'not a key from the type data'
        try {
            $rows = @(Import-Csv $csv)
            $rows[1] | Add-Member -NotePropertyName SshPublicKey -NotePropertyValue 'not a key of its own'
            $rows[3].PSObject.TypeNames.Insert(0, $typeName)
            $null = $rows | New-CodeStarUserProfile -WhatIf @conn -ErrorVariable errs -ErrorAction SilentlyContinue
        }
        finally {
            Remove-TypeData -TypeName $typeName
        }

        @($errs).Count | Should -Be 2
        $errs.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidSshPublicKey,*' }
        $errs.TargetObject.UserArn | Should -Be @($arns[1], $arns[3])
    }

    It 'rejects a row whose two spellings of a column differ, naming both headers and values; equal or empty ones are fine, and the other rows go on' {
        $good, $same, $empty, $conflict, $other = 1..5 | ForEach-Object { New-TestArn -Prefix both }
        $rows = @(
            [pscustomobject]@{ UserArn = $good; Arn = ''; DisplayName = 'Good'; EmailAddress = 'good@example.com' }
            [pscustomobject]@{ UserArn = $same; Arn = $same; DisplayName = 'Same'; Name = 'Same'; EmailAddress = 's@example.com'; Mail = 's@example.com' }
            [pscustomobject]@{ UserArn = $conflict; Arn = $other; DisplayName = 'Conflict'; EmailAddress = 'c@example.com' }
            [pscustomobject]@{ UserArn = $empty; DisplayName = 'Mary'; Name = 'Maria'; EmailAddress = 'e@example.com' }
            [pscustomobject]@{ UserArn = $other; DisplayName = 'Other'; EmailAddress = 'o@example.com'; 'E-mail' = 'x@example.com' }
        )
        $out = $rows | New-CodeStarUserProfile @conn -ErrorVariable failed -ErrorAction SilentlyContinue
        $out.UserArn | Sort-Object | Should -Be (@($good, $same) | Sort-Object)
        $e = @(Get-ErrorRecord $failed)
        $e.Count | Should -Be 3
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidUserArn,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        [object]::ReferenceEquals($e[0].TargetObject, $rows[2]) | Should -BeTrue
        $e[0].Exception.Message | Should -Be "Row 3: The row has both UserArn '$conflict' and Arn '$other': both columns mean UserArn, and their values differ. Keep one of the columns, or give both the same value."
        $e[1].FullyQualifiedErrorId | Should -BeLike 'InvalidDisplayName,*'
        $e[1].Exception.Message | Should -BeLike "Row 4 ($empty): The row has both DisplayName 'Mary' and Name 'Maria'*" -Because 'a row is named by its number, and its ARN when that is valid'
        $e[2].FullyQualifiedErrorId | Should -BeLike 'InvalidEmailAddress,*'
        $e[2].Exception.Message | Should -BeLike "Row 5 ($other): The row has both EmailAddress 'o@example.com' and E-mail 'x@example.com'*"
        foreach ($arn in $conflict, $empty, $other) { Test-Exists $arn | Should -BeFalse }

        # Set and Remove read the ARN the same way.
        [pscustomobject]@{ UserArn = $good; Arn = $same } | Remove-CodeStarUserProfile -Force @conn -ErrorVariable rm -ErrorAction SilentlyContinue
        (Get-ErrorRecord $rm)[0].FullyQualifiedErrorId | Should -Be 'InvalidUserArn,CodeStarProfiles.Commands.RemoveCodeStarUserProfileCommand'
        [pscustomobject]@{ UserArn = $good; 'Display Name' = 'A'; Name = 'B' } | Set-CodeStarUserProfile @conn -ErrorVariable set -ErrorAction SilentlyContinue
        (Get-ErrorRecord $set)[0].FullyQualifiedErrorId | Should -Be 'InvalidDisplayName,CodeStarProfiles.Commands.SetCodeStarUserProfileCommand'
        Test-Exists $good | Should -BeTrue
        Test-Exists $same | Should -BeTrue
        (Get-CodeStarUserProfile $good @conn).DisplayName | Should -Be 'Good'
    }

    It 'says which columns a row has when a required one is missing, so a misspelt header shows at once' {
        $csv = Join-Path $dir 'misspelt.csv'
        Set-Content -Path $csv -Value @('Usr,Name,Mail,Team', 'arn:aws:iam::123456789012:user/misspelt,Mis Spelt,m@example.com,Eng')
        $row = Import-Csv $csv
        $row | New-CodeStarUserProfile @conn -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e = @(Get-ErrorRecord $failed)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'MissingUserArn,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].Exception.Message | Should -Be 'Row 1: The row has no UserArn column (nor Arn); its columns are: Usr, Name, Mail, Team.'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'Name the column UserArn'

        # A column that is there but empty keeps its own message; Remove lists the columns too; a wide row is cut short.
        [pscustomobject]@{ UserArn = ''; DisplayName = 'x'; EmailAddress = 'x@example.com' } | New-CodeStarUserProfile @conn -ErrorVariable empty -ErrorAction SilentlyContinue
        (Get-ErrorRecord $empty)[0].Exception.Message | Should -BeLike 'Row 1: UserArn is required but the value is missing or empty*'
        $row | Remove-CodeStarUserProfile -Force @conn -ErrorVariable rm -ErrorAction SilentlyContinue
        (Get-ErrorRecord $rm)[0].FullyQualifiedErrorId | Should -Be 'MissingUserArn,CodeStarProfiles.Commands.RemoveCodeStarUserProfileCommand'
        (Get-ErrorRecord $rm)[0].Exception.Message | Should -Be 'Row 1: The row has no UserArn column (nor Arn); its columns are: Usr, Name, Mail, Team.'
        $wide = [ordered]@{ Arn = (New-TestArn -Prefix wide) }
        1..12 | ForEach-Object { $wide["Col$_"] = $_ }
        [pscustomobject] $wide | New-CodeStarUserProfile @conn -ErrorVariable w -ErrorAction SilentlyContinue
        (Get-ErrorRecord $w)[0].Exception.Message | Should -BeLike "Row 1 ($($wide.Arn)): 2 problems: The row has no DisplayName column (nor Name); its columns are: Arn, Col1, *, Col9, ....*The row has no EmailAddress column*"
    }


    It 'names a refused row by its number in the input, and its ARN when valid, so the console shows which row to fix' {
        $ok1, $noName, $ok3 = (New-TestArn -Prefix rowno), (New-TestArn -Prefix rowno), (New-TestArn -Prefix rowno)
        $csv = Join-Path $dir 'rownumbers.csv'
        Set-Content -Path $csv -Value @('UserArn,DisplayName,EmailAddress', "$ok1,One,one@example.com", "$noName,,two@example.com", "$ok3,Three,three@example.com", 'not-an-arn,Four,four@example.com')
        $out = @(Import-Csv $csv | New-CodeStarUserProfile @conn -ErrorVariable failed -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 2
        $e = @(Get-ErrorRecord $failed)
        $e.Count | Should -Be 2
        $e[0].Exception.Message | Should -BeLike "Row 2 ($noName): DisplayName is required but the value is missing or empty.*"
        $e[1].Exception.Message | Should -BeLike "Row 4: UserArn 'not-an-arn' is not valid*" -Because 'an ARN that is not one is not repeated in the label'
        $e[0].TargetObject.UserArn | Should -Be $noName -Because 'the target is still the row itself'
        # Typed on the command line there is no row to name, -InputObject too.
        New-CodeStarUserProfile -UserArn (New-TestArn -Prefix rowno) -DisplayName ' ' -EmailAddress 'x@example.com' @conn -ErrorVariable typed -ErrorAction SilentlyContinue
        (Get-ErrorRecord $typed)[0].Exception.Message | Should -BeLike "DisplayName ' ' is not valid*"
        New-CodeStarUserProfile -InputObject ([pscustomobject]@{ UserArn = $noName; EmailAddress = 'two@example.com' }) @conn -ErrorVariable typedRow -ErrorAction SilentlyContinue
        (Get-ErrorRecord $typedRow)[0].Exception.Message | Should -BeLike 'The row has no DisplayName column*'
    }

    It 'says to read a file separated by semicolons with -Delimiter, and points at a space at the end of a value' {
        $csv = Join-Path $dir 'semicolons.csv'
        Set-Content -Path $csv -Value @('UserArn;DisplayName;EmailAddress', "$(New-TestArn -Prefix semi);Semi Colon;semi@example.com")
        foreach ($command in 'New-CodeStarUserProfile', 'Remove-CodeStarUserProfile', 'Get-CodeStarUserProfile') {
            $extra = if ($command -like 'Remove-*') { @{ Force = $true } } else { @{} }
            Import-Csv $csv | & $command @conn @extra -ErrorVariable semi -ErrorAction SilentlyContinue | Out-Null
            $e = @(Get-ErrorRecord $semi)
            $e.Count | Should -Be 1 -Because $command
            $e[0].FullyQualifiedErrorId | Should -BeLike 'MissingUserArn,*'
            $e[0].ErrorDetails.RecommendedAction | Should -BeLike "*separated by ';'*Import-Csv -Delimiter ';'*" -Because $command
        }
        # A tab-separated file: the advice's -Delimiter is one PowerShell takes (a tab only in double quotes).
        $tsv = Join-Path $dir 'tabs.csv'
        Set-Content -Path $tsv -Value @("UserArn`tDisplayName`tEmailAddress", "$(New-TestArn -Prefix tab)`tTab`ttab@example.com")
        Import-Csv $tsv | New-CodeStarUserProfile @conn -ErrorVariable tabbed -ErrorAction SilentlyContinue | Out-Null
        $advice = (Get-ErrorRecord $tabbed)[0].ErrorDetails.RecommendedAction
        $advice | Should -Match ('holds a tab between names.*' + [regex]::Escape('Import-Csv -Delimiter "`t"'))
        @(Import-Csv $tsv -Delimiter "`t").Count | Should -Be 1 -Because 'the advised command reads the file'

        # A comma-separated file with a misspelt header keeps the advice to name the column.
        [pscustomobject]@{ Usr = 'x'; Name = 'y' } | New-CodeStarUserProfile @conn -ErrorVariable plain -ErrorAction SilentlyContinue
        (Get-ErrorRecord $plain)[0].ErrorDetails.RecommendedAction | Should -BeLike 'Name the column UserArn*'

        $trailing = "$(New-TestArn -Prefix trail) "
        [pscustomobject]@{ UserArn = $trailing; DisplayName = 'Trailing'; EmailAddress = 'trail@example.com' } | New-CodeStarUserProfile @conn -ErrorVariable sp -ErrorAction SilentlyContinue
        (Get-ErrorRecord $sp)[0].Exception.Message | Should -BeLike "Row 1: UserArn '$trailing' is not valid: it does not have the required form: it starts or ends with a space*"
        Test-Exists $trailing.Trim() | Should -BeFalse
    }
    It 'reads the ARN of a row piped to Get- as the other cmdlets do (a loose header, a hashtable), and names the columns of a row without one' {
        $loose, $keyed, $named = (New-TestArn -Prefix getrow), (New-TestArn -Prefix getrow), (New-TestArn -Prefix getrow)
        foreach ($arn in $loose, $keyed, $named) {
            $null = New-CodeStarUserProfile @conn -UserArn $arn -DisplayName 'Get Row' -EmailAddress 'get.row@example.com'
        }
        $csv = Join-Path $dir 'get.csv'
        Set-Content -Path $csv -Value @('"User Arn","Team"', "`"$loose`",`"Eng`"")
        $misspelt = [pscustomobject]@{ Usr = $named; Team = 'Eng' }
        $rows = @(Import-Csv $csv) + @(@{ Arn = $keyed }, $misspelt, [pscustomobject]@{ UserArn = $named }, $named)
        $out = @($rows | Get-CodeStarUserProfile @conn -ThrottleLimit 4 -ErrorVariable failed -ErrorAction SilentlyContinue)
        $out.UserArn | Should -Be @($loose, $keyed, $named, $named) -Because 'the rows are read in the input order, the misspelt one left out'
        $e = @(Get-ErrorRecord $failed)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'MissingUserArn,CodeStarProfiles.Commands.GetCodeStarUserProfileCommand'
        $e[0].Exception.Message | Should -Be 'Row 3: The row has no UserArn column (nor Arn); its columns are: Usr, Team.'
        $e[0].TargetObject | Should -Be $misspelt
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'Name the column UserArn'

        # An ARN that is not one is still an InvalidUserArn of its text, piped as a string or in a row (the row its target);
        # two spellings that disagree are refused as the other cmdlets refuse them; a list in the column is several ARNs.
        $conflict = [pscustomobject]@{ UserArn = $loose; Arn = $keyed }
        $badRow = [pscustomobject]@{ 'User Arn' = 'nope' }
        $listed = @('nope', $badRow, $conflict, [pscustomobject]@{ UserArn = @($loose, $keyed) }) | Get-CodeStarUserProfile @conn -ErrorVariable bad -ErrorAction SilentlyContinue
        @($listed).UserArn | Should -Be @($loose, $keyed)
        $bad = @(Get-ErrorRecord $bad)
        $bad.FullyQualifiedErrorId | Should -Be (@('InvalidUserArn,CodeStarProfiles.Commands.GetCodeStarUserProfileCommand') * 3)
        $bad[0].TargetObject | Should -Be 'nope'
        $bad[1].TargetObject | Should -Be $badRow
        $bad[2].TargetObject | Should -Be $conflict
        $bad[2].Exception.Message | Should -BeLike "Row 3: The row has both UserArn '$loose' and Arn '$keyed'*"

        # The same given as an argument: profiles, rows and ARNs mixed, and a row whose column holds a list, in one flat list.
        $profiles = @(Get-CodeStarUserProfile @conn -UserArn $loose, $keyed)
        $given = @(Get-CodeStarUserProfile @conn -UserArn $profiles -ErrorAction Stop)
        $given.UserArn | Should -Be @($loose, $keyed)
        $mixed = @(Get-CodeStarUserProfile @conn -UserArn @($named, [pscustomobject]@{ 'User Arn' = $loose }, 'nope', [pscustomobject]@{ Arn = @($keyed, $named) }) -ErrorVariable mixedErrors -ErrorAction SilentlyContinue)
        $mixed.UserArn | Should -Be @($named, $loose, $keyed, $named)
        @(Get-ErrorRecord $mixedErrors).FullyQualifiedErrorId | Should -Be 'InvalidUserArn,CodeStarProfiles.Commands.GetCodeStarUserProfileCommand'
    }
}

Describe 'Progress' {
    BeforeAll {
        $slow = Start-TestEndpoint -ArgumentList '--latency-ms', '150'
        function Get-ProgressOf([scriptblock] $Script, [object[]] $Arguments) {
            $ps = [powershell]::Create()
            try {
                [void] $ps.AddScript('param($m) Import-Module $m').AddArgument($ModuleManifest).Invoke()
                $ps.Commands.Clear()
                [void] $ps.AddScript($Script.ToString())
                foreach ($a in $Arguments) { [void] $ps.AddArgument($a) }
                $output = @($ps.Invoke())
                [pscustomobject]@{ Output = $output; Errors = @($ps.Streams.Error); Progress = @($ps.Streams.Progress | Where-Object Activity -Like '*-CodeStarUserProfile') }
            }
            finally { $ps.Dispose() }
        }
    }
    AfterAll { Stop-TestEndpoint $slow }

    It 'counts the rows finished, not the rows sent, while rows are in flight' {
        $rows = 1..30 | ForEach-Object { [pscustomobject]@{ UserArn = (New-TestArn -Prefix progress); DisplayName = "Progress $_"; EmailAddress = "p$_@example.com" } }
        $run = Get-ProgressOf { param($rows, $c) $rows | New-CodeStarUserProfile @c -ThrottleLimit 2 } @($rows, $slow.Connection)
        $run.Output.Count | Should -Be 30
        $running = @($run.Progress | Where-Object RecordType -EQ 'Processing')
        $running.Count | Should -BeGreaterThan 0 -Because 'a run of about 2.3 s shows progress'
        foreach ($record in $running) {
            $record.StatusDescription -match '^(\d+) processed: (\d+) created, (\d+) failed, (\d+) skipped; \d+/s$' | Should -BeTrue -Because $record.StatusDescription
            [int] $Matches[1] | Should -Be ([int] $Matches[2] + [int] $Matches[3] + [int] $Matches[4]) -Because "'$($record.StatusDescription)' counts what ended"
            [int] $Matches[1] | Should -BeLessThan 30
            $record.PercentComplete | Should -Be -1 -Because 'how many rows come down a pipeline is not known'
        }
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'shows the percentage of a plan''s changes applied, reaching 100 only at the end (Sync)' {
        $rows = 1..30 | ForEach-Object { [pscustomobject]@{ UserArn = (New-TestArn -Prefix syncprogress); DisplayName = "Sync $_"; EmailAddress = "s$_@example.com" } }
        $run = Get-ProgressOf { param($rows, $c) $rows | Sync-CodeStarUserProfile @c -ThrottleLimit 2 } @($rows, $slow.Connection)
        @($run.Output | Where-Object Outcome -EQ 'Applied').Count | Should -Be 30
        $running = @($run.Progress | Where-Object RecordType -EQ 'Processing')
        $running.Count | Should -BeGreaterThan 0
        foreach ($record in $running) {
            $record.StatusDescription -match '^(\d+) of 30 processed: (\d+) applied, (\d+) failed, (\d+) skipped' | Should -BeTrue -Because $record.StatusDescription
            $done = [int] $Matches[1]
            $done | Should -Be ([int] $Matches[2] + [int] $Matches[3] + [int] $Matches[4])
            $record.PercentComplete | Should -Be ([int] [math]::Floor($done * 100 / 30))
        }
        $running[0].PercentComplete | Should -BeLessThan 100 -Because 'the first record comes while changes are still being applied'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}

Describe 'New-CodeStarUserProfile -WhatIf with an ARN twice' {
    It 'reports the second row as the real run would (UserProfileAlreadyExists), and nothing with -Force; Sync keeps its DuplicateUserArn' {
        $arn, $other = (New-TestArn -Prefix twice), (New-TestArn -Prefix twice)
        $rows = @(
            [pscustomobject]@{ UserArn = $arn; DisplayName = 'First'; EmailAddress = 'first@example.com' }
            [pscustomobject]@{ UserArn = $other; DisplayName = 'Other'; EmailAddress = 'other@example.com' }
            [pscustomobject]@{ UserArn = $arn; DisplayName = 'Second'; EmailAddress = 'second@example.com' }
        )
        $rows | New-CodeStarUserProfile -WhatIf @conn -ErrorVariable preview -ErrorAction SilentlyContinue 6>$null | Should -BeNullOrEmpty
        $e = @(Get-ErrorRecord $preview)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'UserProfileAlreadyExists,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        [object]::ReferenceEquals($e[0].TargetObject, $rows[2]) | Should -BeTrue
        $e[0].Exception.Message | Should -BeLike "Row 3: An earlier row of the input creates the profile for $arn, so a real run would fail this row*-WhatIf*" -Because 'the message names the ARN already, so the label gives only the number'
        $e[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        Test-Exists $arn | Should -BeFalse

        # The same in a wrapper's inherited -WhatIf; none with -Force (the real run overwrites).
        function Invoke-Onboard { [CmdletBinding(SupportsShouldProcess)] param($Rows, $C) $Rows | New-CodeStarUserProfile @C }
        Invoke-Onboard -Rows $rows -C $conn -WhatIf -ErrorVariable wrapped -ErrorAction SilentlyContinue 6>$null
        @(Get-ErrorRecord $wrapped).Count | Should -Be 1
        $rows | New-CodeStarUserProfile -WhatIf -Force @conn -ErrorVariable forced 6>$null
        $forced | Should -BeNullOrEmpty

        # The real run agrees: the second row fails with the same id.
        $out = $rows | New-CodeStarUserProfile @conn -ThrottleLimit 1 -ErrorVariable real -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 2
        @(Get-ErrorRecord $real).FullyQualifiedErrorId | Should -Be @('UserProfileAlreadyExists,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand')

        $syncRows = @($rows[1], $rows[1])
        $syncRows | Sync-CodeStarUserProfile -WhatIf @conn -ErrorVariable sync -ErrorAction SilentlyContinue 6>$null | Out-Null
        @(Get-ErrorRecord $sync).FullyQualifiedErrorId | Should -Be @('DuplicateUserArn,CodeStarProfiles.Commands.SyncCodeStarUserProfileCommand')
    }
}
