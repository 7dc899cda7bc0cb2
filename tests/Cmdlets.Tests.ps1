# Every cmdlet and parameter set, driven the way users drive them, against a real local endpoint
# (converted from the C# CmdletTests, every assertion kept).
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $endpoint = Start-TestEndpoint -ArgumentList '--log', 'requests'
    $conn = $endpoint.Connection
    $work = New-TestDirectory


    function New-Row([string] $UserArn, [string] $DisplayName, [string] $EmailAddress, [string] $SshPublicKey) {
        [pscustomobject]@{ UserArn = $UserArn; DisplayName = $DisplayName; EmailAddress = $EmailAddress; SshPublicKey = $SshPublicKey }
    }

}
AfterAll {
    Stop-TestEndpoint $endpoint
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'New-CodeStarUserProfile' {
    It 'returns a rich profile from parameters' {
        $arn = New-TestArn -Prefix new
        $p = New-CodeStarUserProfile -UserArn $arn -DisplayName 'Mary Jane Major' -EmailAddress mary@example.com -SshPublicKey $TestSshKey @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        @($p).Count | Should -Be 1
        $p.PSObject.TypeNames[0] | Should -Be 'CodeStarProfiles.NewCodeStarUserProfileResult'
        $p | Should -BeOfType ([CodeStarProfiles.CodeStarUserProfile])
        $p.Outcome | Should -Be 'Created'
        $p.UserArn | Should -Be $arn
        $p.AccountId | Should -Be '123456789012'
        $p.UserName | Should -Be ($arn -split '/')[-1]
        $p.Initials | Should -Be 'MJ'
        $p.SshKeyFingerprint | Should -Be $TestSshKeyFingerprint
        $p.CreatedTimestamp.Kind | Should -Be ([DateTimeKind]::Utc)
        $p.LastModifiedTimestamp | Should -Be $p.CreatedTimestamp
    }

    It 'takes positional values and a key file; a missing key file is ObjectNotFound with the values as target' {
        $arn = New-TestArn -Prefix keyfile
        $keyFile = Join-Path $work 'id_ed25519.pub'
        Set-Content -Path $keyFile -Value $TestSshKey
        $p = New-CodeStarUserProfile $arn 'Key File' keyfile@example.com -SshPublicKeyPath $keyFile @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $p.SshPublicKey | Should -Be $TestSshKey

        $arn2 = New-TestArn -Prefix nokey
        New-CodeStarUserProfile $arn2 'Key File' keyfile@example.com -SshPublicKeyPath ./nope.pub @conn -ErrorVariable missing -ErrorAction SilentlyContinue
        $e = @(Get-ErrorRecord $missing)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'SshPublicKeyPathNotFound,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e[0].TargetObject.UserArn | Should -Be $arn2
    }

    It 'binds CSV-like rows by the headers people write and ignores extra columns' {
        $a1, $a2, $a3 = (New-TestArn -Prefix csv), (New-TestArn -Prefix csv), (New-TestArn -Prefix csv)
        $out = @(
            [pscustomobject]@{ Arn = $a1; Name = 'Row One'; Email = 'one@example.com'; SshKey = $TestSshKey; Department = 'Eng' },
            [pscustomobject]@{ userarn = $a2; DISPLAYNAME = 'Row Two'; Mail = 'two@example.com'; SshKey = ''; Manager = 'x' },
            [pscustomobject]@{ UserArn = $a3; DisplayName = 'Row Three'; EmailAddress = 'three@example.com'; SshPublicKey = $null }
        ) | New-CodeStarUserProfile @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $out.UserArn | Sort-Object | Should -Be (@($a1, $a2, $a3) | Sort-Object)
        ($out | Where-Object UserArn -EQ $a1).SshPublicKey | Should -Be $TestSshKey
        ($out | Where-Object UserArn -EQ $a2).SshPublicKey | Should -BeExactly ''
    }

    It 'lands every good row of a mixed batch and reports each bad one, with the row as target, without sending it' {
        $good = 1..6 | ForEach-Object { New-TestArn -Prefix mix }
        $badArn = New-Row 'arn:aws:iam::12:user/bad' 'Bad Arn' 'b@example.com'
        $badEmail = New-Row (New-TestArn -Prefix mixbad) 'Bad Email' 'not-an-email'
        $badName = New-Row (New-TestArn -Prefix mixbad) 'Trailing ' 't@example.com'
        $badKey = New-Row (New-TestArn -Prefix mixbad) 'Bad Key' 'k@example.com' 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiro'
        $noEmail = New-Row (New-TestArn -Prefix mixbad) 'No Email' ''
        $missingArn = [pscustomobject]@{ DisplayName = 'No Arn Column'; EmailAddress = 'noarn@example.com' }
        $rows = @(
            (New-Row $good[0] 'Good Zero' 'g0@example.com'), $badArn, (New-Row $good[1] 'Good One' 'g1@example.com'), $badEmail,
            (New-Row $good[2] 'Good Two' 'g2@example.com'), $badName, $badKey, $noEmail, (New-Row $good[3] 'Good Three' 'g3@example.com'),
            $missingArn, (New-Row $good[4] 'Good Four' 'g4@example.com'), (New-Row $good[5] 'Good Five' 'g5@example.com'))

        $before = Get-SentCount $endpoint
        $out = $rows | New-CodeStarUserProfile @conn -ErrorVariable failed -ErrorAction SilentlyContinue
        (Get-SentCount $endpoint) - $before | Should -Be 6 # not one request for the six invalid rows
        $out.UserArn | Sort-Object | Should -Be ($good | Sort-Object)
        $failed = @(Get-ErrorRecord $failed)
        $failed.Count | Should -Be 6
        foreach ($case in @(@($badArn, 'InvalidUserArn'), @($badEmail, 'InvalidEmailAddress'), @($badName, 'InvalidDisplayName'),
                @($badKey, 'InvalidSshPublicKey'), @($noEmail, 'MissingEmailAddress'), @($missingArn, 'MissingUserArn'))) {
            $e = @($failed | Where-Object { [object]::ReferenceEquals($_.TargetObject, $case[0]) })
            $e.Count | Should -Be 1 -Because "$($case[1]) has the row itself as target"
            $e[0].FullyQualifiedErrorId | Should -BeLike "$($case[1]),*"
            $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e[0].Exception.GetType().FullName | Should -Be 'CodeStarProfiles.CodeStarProfileException'
        }
        $emailError = $failed | Where-Object { [object]::ReferenceEquals($_.TargetObject, $badEmail) }
        $emailError.Exception.Message | Should -Match "EmailAddress 'not-an-email'"
        $emailError.Exception.Message | Should -Match 'mary\.major@example\.com' # the rule, in plain words
    }

    It 'reports a column holding a list (where one value is needed) as that, not as a missing column, and the other rows go on' {
        $good, $listed = (New-TestArn -Prefix list), (New-TestArn -Prefix list)
        $row = [pscustomobject]@{ UserArn = $listed; DisplayName = 'Two Mails'; EmailAddress = @('a@example.com', 'b@example.com') }
        $out = @($row, (New-Row $good 'One Mail' 'one@example.com')) | New-CodeStarUserProfile @conn -ErrorVariable failed -ErrorAction SilentlyContinue
        $out.UserArn | Should -Be $good
        $e = @(Get-ErrorRecord $failed)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEmailAddress,*'
        [object]::ReferenceEquals($e[0].TargetObject, $row) | Should -BeTrue
        $e[0].Exception.Message | Should -BeLike "*EmailAddress takes one value, but the input row's EmailAddress is a list of 2 (System.Object``[``]: 'a@example.com', 'b@example.com')*"
        Get-CodeStarUserProfile -UserArn $listed @conn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'reports a duplicate as ResourceExists with the row as target, and -Force overwrites' {
        $arn = New-TestArn -Prefix dup
        New-CodeStarUserProfile $arn 'First' first@example.com @conn | Out-Null
        $row = New-Row $arn 'Second' 'second@example.com'
        $row | New-CodeStarUserProfile @conn -ErrorVariable dup -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e = @(Get-ErrorRecord $dup)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'UserProfileAlreadyExists,*'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $e[0].TargetObject | Should -Be $row
        $e[0].TargetObject.DisplayName | Should -Be 'Second'
        $e[0].ErrorDetails.RecommendedAction | Should -Match '-Force'

        $forced = $row | New-CodeStarUserProfile -Force @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $forced.DisplayName | Should -Be 'Second'
        (Get-CodeStarUserProfile $arn @conn).EmailAddress | Should -Be 'second@example.com'
    }

    It 'with -Force says what happened: created or overwritten, in the summary and on each object, and logs no misleading failure' {
        $old, $fresh = (New-TestArn -Prefix force), (New-TestArn -Prefix force)
        New-CodeStarUserProfile $old 'Old' old@example.com @conn | Out-Null
        $verbose = $null
        $out = @((New-Row $old 'Old Again' 'old@example.com'), (New-Row $fresh 'Fresh' 'fresh@example.com')) |
            New-CodeStarUserProfile -Force @conn -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($out | Where-Object UserArn -EQ $old).Outcome | Should -Be 'Overwritten'
        ($out | Where-Object UserArn -EQ $fresh).Outcome | Should -Be 'Created'
        $verbose | Should -Contain "${old}: overwritten."
        $verbose | Should -Contain "${fresh}: created."
        ($verbose | Where-Object { $_ -like 'New-CodeStarUserProfile: 2 items in*' }) | Should -Match '1 created, 1 overwritten, 0 failed, 0 skipped'
        ($verbose -join "`n") | Should -Not -Match 'attempt \d+ failed with UserProfileAlreadyExistsException'
        ($verbose -join "`n") | Should -Match 'the profile exists .*-Force overwrites it'
    }

    It 'with -Force keeps the key a user uploaded when the input has no key column, and sets or removes it when it has one' {
        $kept, $cleared, $typed = (New-TestArn -Prefix keepkey), (New-TestArn -Prefix keepkey), (New-TestArn -Prefix keepkey)
        foreach ($arn in $kept, $cleared, $typed) { New-CodeStarUserProfile $arn 'Has Key' key@example.com -SshPublicKey $TestSshKey @conn | Out-Null }
        # An HR export without a key column, re-run with -Force after a partial failure.
        [pscustomobject]@{ UserArn = $kept; DisplayName = 'Renamed'; EmailAddress = 'renamed@example.com' } | New-CodeStarUserProfile -Force @conn | Out-Null
        New-Row $cleared 'Renamed' 'renamed@example.com' '' | New-CodeStarUserProfile -Force @conn | Out-Null # a key column with an empty cell
        New-CodeStarUserProfile $typed 'Renamed' renamed@example.com -SshPublicKey '' -Force @conn | Out-Null
        $k = Get-CodeStarUserProfile $kept @conn
        "$($k.DisplayName) $($k.EmailAddress)" | Should -Be 'Renamed renamed@example.com'
        $k.SshPublicKey | Should -Be $TestSshKey -Because 'the input said nothing about keys'
        (Get-CodeStarUserProfile $cleared @conn).SshPublicKey | Should -BeNullOrEmpty -Because 'the key column said: no key'
        (Get-CodeStarUserProfile $typed @conn).SshPublicKey | Should -BeNullOrEmpty -Because "-SshPublicKey '' said: no key"
    }

    It 'gives the module''s own conflict error for -SshPublicKey with -SshPublicKeyPath, never a prompt' {
        $arn = New-TestArn -Prefix conflict
        New-CodeStarUserProfile $arn 'Both' both@example.com -SshPublicKey $TestSshKey -SshPublicKeyPath ./x.pub @conn -ErrorVariable ev -ErrorAction SilentlyContinue
        $e = @(Get-ErrorRecord $ev)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'ConflictingSshPublicKey,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject.UserArn | Should -Be $arn
        # A CSV row with both columns: the same error, the row as target, in a non-interactive pwsh (no "Supply values" prompt).
        $r = Invoke-TestPwsh -Command @"
Import-Module CodeStarProfiles
`$row = [pscustomobject]@{ UserArn = '$arn'; DisplayName = 'Both'; EmailAddress = 'both@example.com'; SshPublicKey = 'ssh-ed25519 AAAA'; SshPublicKeyPath = './x.pub' }
`$row | New-CodeStarUserProfile -EndpointUrl '$($endpoint.Url)' -Region us-east-1 -AccessKey $($conn.AccessKey) -SecretKey $($conn.SecretKey) -ErrorVariable ev -ErrorAction SilentlyContinue
`$ev[0].FullyQualifiedErrorId; [object]::ReferenceEquals(`$ev[0].TargetObject, `$row)
"@
        $r.Output | Should -Be @('ConflictingSshPublicKey,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand', 'True')
        ($r.Error -join "`n") | Should -Not -Match 'Supply values|InputObject'
    }
}

Describe 'SSH key files' {
    It 'refuses a .pub file holding two keys' {
        $file = Join-Path $work 'two.pub'
        Set-Content -Path $file -Value @($TestSshKey, ($TestSshKey -replace 'mary', 'other'))
        $arn = New-TestArn -Prefix twokeys
        New-CodeStarUserProfile $arn 'Two Keys' two@example.com -SshPublicKeyPath $file @conn -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e = @(Get-ErrorRecord $ev)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSshPublicKey,*'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject.UserArn | Should -Be $arn
        $e[0].Exception.Message | Should -Match 'holds 2 key lines'
        Get-CodeStarUserProfile $arn @conn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses a private key file with a clear error that never echoes its content' {
        $file = Join-Path $work 'id_ed25519'
        $secretLine = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW'
        Set-Content -Path $file -Value @('-----BEGIN OPENSSH PRIVATE KEY-----', $secretLine, '-----END OPENSSH PRIVATE KEY-----')
        $arn = New-TestArn -Prefix privkey
        $row = [pscustomobject]@{ UserArn = $arn; DisplayName = 'Private'; EmailAddress = 'p@example.com'; SshPublicKeyPath = $file }
        $row | New-CodeStarUserProfile @conn -ErrorVariable ev -ErrorAction SilentlyContinue -Verbose 4>&1 | Tee-Object -Variable all | Out-Null
        $e = @(Get-ErrorRecord $ev)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSshPublicKey,*'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject | Should -Be $row
        $e[0].Exception.Message | Should -Match 'is a private key; use the public key \(the \.pub file'
        $everything = ($e | ForEach-Object { $_.ToString(); $_.Exception.Message; $_.ErrorDetails.RecommendedAction }) + ($all | ForEach-Object { "$_" })
        ($everything -join "`n") | Should -Not -Match ([regex]::Escape($secretLine.Substring(0, 20)))
        # The same key pasted inline is refused the same way, unquoted.
        New-CodeStarUserProfile $arn 'Private' p@example.com -SshPublicKey (Get-Content -Raw $file) @conn -ErrorVariable ev2 -ErrorAction SilentlyContinue
        $e2 = @(Get-ErrorRecord $ev2)
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSshPublicKey,*'
        $e2[0].Exception.Message | Should -Not -Match ([regex]::Escape($secretLine.Substring(0, 20)))
    }
}

Describe 'Get-CodeStarUserProfile' {
    It 'describes by argument and pipeline, and lists with wildcards' {
        $a, $b = (New-TestArn -Prefix get), (New-TestArn -Prefix get)
        New-CodeStarUserProfile $a 'Wildcard Alpha' alpha@get.example.com @conn | Out-Null
        New-CodeStarUserProfile $b 'Wildcard Beta' beta@get.example.com @conn | Out-Null

        $byArgs = @(Get-CodeStarUserProfile -UserArn $a, $b @conn)
        $byArgs.Count | Should -Be 2
        $byArgs[0].CreatedTimestamp | Should -Not -BeNullOrEmpty
        $byPipe = @($a, 'bad-arn', $b | Get-CodeStarUserProfile @conn -ErrorVariable ev -ErrorAction SilentlyContinue)
        $byPipe.Count | Should -Be 2
        $e = @(Get-ErrorRecord $ev)
        $e.Count | Should -Be 1
        $e[0].TargetObject | Should -Be 'bad-arn'
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUserArn,*'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'

        $listed = @(Get-CodeStarUserProfile -DisplayName 'wildcard*' @conn)
        $listed.UserArn | Sort-Object | Should -Be (@($a, $b) | Sort-Object)
        $listed | ForEach-Object { $_.CreatedTimestamp | Should -BeNullOrEmpty } # ListUserProfiles has no timestamps
        @(Get-CodeStarUserProfile -EmailAddress 'BETA@*' @conn).Count | Should -Be 1

        # A listing piped into Get-CodeStarUserProfile describes each profile: now with timestamps.
        $described = @(Get-CodeStarUserProfile -DisplayName 'wildcard*' @conn | Get-CodeStarUserProfile @conn)
        $described.Count | Should -Be 2
        $described | ForEach-Object { $_.LastModifiedTimestamp | Should -Not -BeNullOrEmpty }

        $m = New-TestArn -Prefix missing
        Get-CodeStarUserProfile $m @conn -ErrorVariable nf -ErrorAction SilentlyContinue
        $nf = @(Get-ErrorRecord $nf)
        $nf.Count | Should -Be 1
        $nf[0].FullyQualifiedErrorId | Should -BeLike 'UserProfileNotFound,*'
        $nf[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $nf[0].TargetObject | Should -Be $m
    }

    It 'follows every page of a listing' {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 6)
        $rows = 0..229 | ForEach-Object { New-Row "arn:aws:iam::999999999999:user/pages/$tag$('{0:D4}' -f $_)" "Page User $_" "p$_@$tag.example.com" }
        $rows | New-CodeStarUserProfile -ThrottleLimit 8 @conn -ErrorVariable errs | Out-Null
        $errs | Should -BeNullOrEmpty
        @(Get-CodeStarUserProfile -EmailAddress "*@$tag.example.com" @conn).Count | Should -Be 230
    }

    It 'takes -ThrottleLimit and describes the same profiles, in input order, at any limit' {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 6)
        $arns = 0..39 | ForEach-Object { "arn:aws:iam::777777777777:user/tl/$tag$('{0:D3}' -f $_)" }
        $arns | ForEach-Object { New-Row $_ "Tl $_" 'tl@example.com' } | New-CodeStarUserProfile -ThrottleLimit 8 @conn | Out-Null
        (Get-Command Get-CodeStarUserProfile).Parameters['ThrottleLimit'].ParameterType | Should -Be ([int])
        $one = Get-CodeStarUserProfile -UserArn $arns -ThrottleLimit 1 @conn
        $eight = $arns | Get-CodeStarUserProfile -ThrottleLimit 8 @conn
        $one.UserArn | Should -Be $arns
        $eight.UserArn | Should -Be $arns # several in flight, still written in input order
    }
}

Describe 'Set-CodeStarUserProfile and Remove-CodeStarUserProfile' {
    It 'takes only the ARN from a profile it read earlier, so a change made since is not undone' {
        $arn = New-TestArn -Prefix stale
        New-CodeStarUserProfile $arn 'Read Earlier' earlier@example.com -SshPublicKey $TestSshKey @conn | Out-Null
        $read = Get-CodeStarUserProfile $arn @conn
        Set-CodeStarUserProfile $arn -EmailAddress changed.since@example.com -SshPublicKey '' @conn
        $read | Export-Clixml (Join-Path $work 'read.xml')
        $renamed = $read | Set-CodeStarUserProfile -DisplayName 'Renamed' -PassThru @conn
        $renamed.DisplayName | Should -Be 'Renamed'
        $renamed.EmailAddress | Should -Be 'changed.since@example.com'
        $renamed.SshPublicKey | Should -Be ''
        $again = Import-Clixml (Join-Path $work 'read.xml') | Set-CodeStarUserProfile -DisplayName 'From A File' -PassThru @conn
        $again.EmailAddress | Should -Be 'changed.since@example.com'
        $read | Set-CodeStarUserProfile @conn -ErrorVariable nothing -ErrorAction SilentlyContinue
        @(Get-ErrorRecord $nothing)[0].FullyQualifiedErrorId | Should -BeLike 'NothingToChange,*'
    }

    It 'changes only what it is given, and Get output pipes into Set and Remove' {
        $arn = New-TestArn -Prefix set
        New-CodeStarUserProfile $arn 'Before' before@example.com -SshPublicKey $TestSshKey @conn | Out-Null
        $set = Set-CodeStarUserProfile $arn -EmailAddress after@example.com -PassThru @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $set.DisplayName | Should -Be 'Before'
        $set.EmailAddress | Should -Be 'after@example.com'
        $set.SshPublicKey | Should -Be $TestSshKey
        Set-CodeStarUserProfile $arn -DisplayName 'No PassThru' @conn | Should -BeNullOrEmpty

        $piped = Get-CodeStarUserProfile $arn @conn | Set-CodeStarUserProfile -DisplayName 'Piped' -PassThru @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $piped.DisplayName | Should -Be 'Piped'
        $piped.EmailAddress | Should -Be 'after@example.com'

        Set-CodeStarUserProfile $arn -EmailAddress 'nope' @conn -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad = @(Get-ErrorRecord $bad)
        $bad.Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEmailAddress,*'
        $bad[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $bad[0].TargetObject.UserArn | Should -Be $arn
        $m = New-TestArn -Prefix missing
        Set-CodeStarUserProfile $m -DisplayName X @conn -ErrorVariable nf -ErrorAction SilentlyContinue
        $nf = @(Get-ErrorRecord $nf)
        $nf.Count | Should -Be 1
        $nf[0].FullyQualifiedErrorId | Should -BeLike 'UserProfileNotFound,*'
        $nf[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $nf[0].TargetObject.UserArn | Should -Be $m

        $removed = Get-CodeStarUserProfile $arn @conn | Remove-CodeStarUserProfile -Force -PassThru @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $removed.UserArn | Should -Be $arn
        Get-CodeStarUserProfile $arn @conn -ErrorVariable gone -ErrorAction SilentlyContinue
        (Get-ErrorRecord $gone)[0].FullyQualifiedErrorId.Split(',')[0] | Should -Be 'UserProfileNotFound'
    }

    It 'sets exported rows back without changes other than last modified' {
        $arn = New-TestArn -Prefix export
        New-CodeStarUserProfile $arn 'Export Me' export@example.com -SshPublicKey $TestSshKey @conn | Out-Null
        $csv = Join-Path $work "export-$([guid]::NewGuid().ToString('N')).csv"
        Get-CodeStarUserProfile $arn @conn | Export-Csv $csv
        $r = Import-Csv $csv | Set-CodeStarUserProfile -PassThru @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $r.DisplayName | Should -Be 'Export Me'
        $r.SshPublicKey | Should -Be $TestSshKey
    }

    It 'clears the SSH key with -SshPublicKey '''' typed, while a row''s empty cell leaves it' {
        $arn = New-TestArn -Prefix clear
        New-CodeStarUserProfile $arn 'Has Key' key@example.com -SshPublicKey $TestSshKey @conn | Out-Null
        (New-Row $arn 'Has Key Still' '' '') | Set-CodeStarUserProfile -PassThru @conn | ForEach-Object SshPublicKey | Should -Be $TestSshKey
        $cleared = Set-CodeStarUserProfile $arn -SshPublicKey '' -PassThru @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $cleared.SshPublicKey | Should -BeNullOrEmpty
        $cleared.SshKeyFingerprint | Should -BeNullOrEmpty
        (Get-CodeStarUserProfile $arn @conn).SshPublicKey | Should -BeNullOrEmpty
    }

    It 'refuses a row with nothing to change (NothingToChange, the row as target) and sends nothing' {
        $arn = New-TestArn -Prefix nothing
        New-CodeStarUserProfile $arn 'Unchanged' same@example.com @conn | Out-Null
        $row = [pscustomobject]@{ UserArn = $arn; Department = 'Eng'; DisplayName = '' }
        $before = Get-SentCount $endpoint
        $row | Set-CodeStarUserProfile -PassThru @conn -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-SentCount $endpoint) - $before | Should -Be 0
        $e = @(Get-ErrorRecord $ev)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'NothingToChange,CodeStarProfiles.Commands.SetCodeStarUserProfileCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        [object]::ReferenceEquals($e[0].TargetObject, $row) | Should -BeTrue
        $e[0].ErrorDetails.RecommendedAction | Should -Match "-SshPublicKey ''"
    }

    It 'asks for confirmation on Remove unless -Force or -Confirm:$false' {
        $a, $b = (New-TestArn -Prefix rm), (New-TestArn -Prefix rm)
        New-CodeStarUserProfile $a 'Rm A' a@example.com @conn | Out-Null
        New-CodeStarUserProfile $b 'Rm B' b@example.com @conn | Out-Null
        $r = Invoke-TestPwsh -Command "Import-Module CodeStarProfiles; Remove-CodeStarUserProfile '$a' -EndpointUrl '$($endpoint.Url)' -Region us-east-1 -AccessKey $($conn.AccessKey) -SecretKey $($conn.SecretKey)"
        ($r.Error -join ' ') | Should -Match 'needs confirmation, and this host cannot ask for it .*nothing was removed' # it asked, and a host that cannot ask stops the command with our error (RemovalNotConfirmed, tests/Rows.Tests.ps1)
        @(Get-CodeStarUserProfile $a @conn).Count | Should -Be 1

        Remove-CodeStarUserProfile $a -Confirm:$false @conn -ErrorVariable e1
        $e1 | Should -BeNullOrEmpty
        [pscustomobject]@{ Arn = $b; Extra = 1 } | Remove-CodeStarUserProfile -Force @conn -ErrorVariable e2
        $e2 | Should -BeNullOrEmpty
        Get-CodeStarUserProfile -UserArn $a, $b @conn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        # Removing what is not there succeeds, as DeleteUserProfile does.
        Remove-CodeStarUserProfile $a -Force @conn -ErrorVariable e3
        $e3 | Should -BeNullOrEmpty
    }
}

Describe 'Identity binding' {
    It 'Get | Remove -Force -PassThru | Export-Csv keeps every column of the removed profiles' {
        $arn = New-TestArn -Prefix keep
        New-CodeStarUserProfile $arn 'Keep Record' keep@example.com -SshPublicKey $TestSshKey @conn | Out-Null
        $csv = Join-Path $work "removed-$([guid]::NewGuid().ToString('N')).csv"
        Get-CodeStarUserProfile -UserArn $arn @conn | Remove-CodeStarUserProfile -Force -PassThru @conn | Export-Csv $csv
        $row = Import-Csv $csv
        $row.UserArn | Should -Be $arn
        $row.DisplayName | Should -Be 'Keep Record'
        $row.EmailAddress | Should -Be 'keep@example.com'
        $row.SshPublicKey | Should -Be $TestSshKey
        $row.SshKeyFingerprint | Should -Be $TestSshKeyFingerprint
        $row.CreatedTimestamp | Should -Not -BeNullOrEmpty
        # An ARN given as a string: -PassThru still writes the whole profile removed.
        New-CodeStarUserProfile $arn 'Keep Again' again@example.com @conn | Out-Null
        $gone = $arn | Remove-CodeStarUserProfile -Force -PassThru @conn
        $gone.DisplayName | Should -Be 'Keep Again'
        $gone.EmailAddress | Should -Be 'again@example.com'
    }

    It 'gives the input row as it came as TargetObject on Remove and Set' {
        $row = [pscustomobject]@{ UserArn = 'arn:aws:iam::1:user/short'; DisplayName = 'Who'; Department = 'Eng' }
        $row | Remove-CodeStarUserProfile -Force @conn -ErrorVariable rm -ErrorAction SilentlyContinue
        $row | Set-CodeStarUserProfile @conn -ErrorVariable set -ErrorAction SilentlyContinue
        foreach ($e in @((Get-ErrorRecord $rm)[0], (Get-ErrorRecord $set)[0])) {
            $e.FullyQualifiedErrorId | Should -BeLike 'InvalidUserArn,*'
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            [object]::ReferenceEquals($e.TargetObject, $row) | Should -BeTrue
            $e.TargetObject.Department | Should -Be 'Eng'
        }
    }

    It 'takes ARN strings from the pipeline and -UserArn a, b on Set and Remove' {
        $a, $b, $c, $d = 1..4 | ForEach-Object { New-TestArn -Prefix arns }
        foreach ($x in $a, $b, $c, $d) { New-CodeStarUserProfile $x 'Arn Input' arns@example.com @conn | Out-Null }
        ($a, $b | Set-CodeStarUserProfile -DisplayName 'By String' -PassThru @conn).DisplayName | Should -Be @('By String', 'By String')
        (Set-CodeStarUserProfile -UserArn $c, $d -DisplayName 'By List' -PassThru @conn).DisplayName | Should -Be @('By List', 'By List')
        $a, $b | Remove-CodeStarUserProfile -Force @conn -ErrorVariable e1
        Remove-CodeStarUserProfile -UserArn $c, $d -Force @conn -ErrorVariable e2
        @($e1) + @($e2) | Should -BeNullOrEmpty
        Get-CodeStarUserProfile -UserArn $a, $b, $c, $d @conn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'lists the common parameters when completing a dash on New, Set and Remove, and hides no parameter' {
        foreach ($name in 'New-CodeStarUserProfile', 'Set-CodeStarUserProfile', 'Remove-CodeStarUserProfile') {
            $line = "$name -"
            $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $matches | Should -Contain '-ErrorVariable'
            $matches | Should -Contain '-Verbose'
            $matches | Should -Contain '-InputObject'
            (Get-Command $name).Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [Parameter] -and $_.DontShow } } | Should -BeNullOrEmpty
        }
    }

    It 'shows the mandatory parameters in the help syntax as the binder has them' {
        foreach ($name in 'New-CodeStarUserProfile', 'Set-CodeStarUserProfile', 'Remove-CodeStarUserProfile') {
            $command = Get-Command $name
            $help = Get-Help $name
            $items = @($help.syntax.syntaxItem)
            $items.Count | Should -Be $command.ParameterSets.Count
            foreach ($set in $command.ParameterSets) {
                $mandatory = @($set.Parameters | Where-Object IsMandatory | ForEach-Object Name | Sort-Object)
                $matching = $items | Where-Object {
                    $required = @($_.parameter | Where-Object { $_.required -eq 'true' } | ForEach-Object name | Sort-Object)
                    ($required -join ',') -eq ($mandatory -join ',')
                }
                $matching | Should -Not -BeNullOrEmpty -Because "$name's $($set.Name) set has mandatory: $($mandatory -join ', ')"
            }
        }
    }
}

Describe 'What is reported is what happened' {
    It 'writes every profile created before a stopping error (-ErrorAction Stop and $ErrorActionPreference)' {
        foreach ($mode in 'parameter', 'preference') {
            $good = 1..30 | ForEach-Object { New-TestArn -Prefix stop30 }
            $rows = @($good | ForEach-Object { New-Row $_ 'Good Row' 'good@example.com' }) + @(New-Row 'bad' 'Bad' 'b@example.com')
            $written = [System.Collections.Generic.List[object]]::new()
            $stopped = $null
            try {
                if ($mode -eq 'parameter') {
                    $rows | New-CodeStarUserProfile -ThrottleLimit 8 -ErrorAction Stop @conn | ForEach-Object { $written.Add($_) }
                } else {
                    & { $ErrorActionPreference = 'Stop'; $rows | New-CodeStarUserProfile -ThrottleLimit 8 @conn | ForEach-Object { $written.Add($_) } }
                }
            } catch { $stopped = $_ }
            $stopped | Should -Not -BeNullOrEmpty
            $stopped.FullyQualifiedErrorId | Should -BeLike 'InvalidUserArn,*'
            $stopped.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $stopped.TargetObject | Should -Be $rows[-1]
            $existing = @(Get-CodeStarUserProfile -UserArn $good @conn -ErrorAction SilentlyContinue).UserArn
            $existing.Count | Should -Be 30 -Because "($mode) every good row before the bad one was sent"
            @($written.UserArn | Sort-Object) | Should -Be @($existing | Sort-Object) -Because "($mode) each one created is reported"
        }
    }

    # A row the service fails, found after the rows behind it were read and queued: -ErrorAction Stop sends none
    # of those still queued, only what a worker had already started (the row after it, at -ThrottleLimit 1).
    It 'sends no row queued behind a row the service fails, with -ErrorAction Stop' {
        $taken = New-TestArn -Prefix stopsvc
        New-CodeStarUserProfile -UserArn $taken -DisplayName 'Taken' -EmailAddress 't@example.com' @conn | Out-Null
        $after = 1..30 | ForEach-Object { New-TestArn -Prefix stopsvc }
        $rows = @(New-Row $taken 'Again' 'a@example.com') + @($after | ForEach-Object { New-Row $_ 'After Row' 'after@example.com' })
        $stopped = $null
        try { $rows | New-CodeStarUserProfile -ThrottleLimit 1 -ErrorAction Stop @conn | Out-Null } catch { $stopped = $_ }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'UserProfileAlreadyExists,*'
        Start-Sleep -Milliseconds 300 # anything still on its way lands
        $created = @(Get-CodeStarUserProfile -UserArn $after @conn -ErrorAction SilentlyContinue)
        $created.Count | Should -BeLessOrEqual 1 -Because 'only the row a worker had started before the failure was seen is sent, not the one queued behind it'
    }

    It 'stops at the first bad row with -ErrorAction Stop' {
        $first, $after = (New-TestArn -Prefix stop), (New-TestArn -Prefix stop)
        $stopped = $null
        try {
            @((New-Row $first 'First' 'f@example.com'), (New-Row 'bad' 'Bad' 'b@example.com'), (New-Row $after 'After' 'a@example.com')) |
                New-CodeStarUserProfile -ThrottleLimit 1 -ErrorAction Stop @conn | Out-Null
        } catch { $stopped = $_ }
        $stopped | Should -Not -BeNullOrEmpty
        $stopped.Exception.Message | Should -Match "UserArn 'bad'"
        Get-CodeStarUserProfile $after @conn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-CodeStarUserProfile $first @conn).Count | Should -Be 1
    }

    # At most -ThrottleLimit rows run at once and as many again wait queued ahead; once the output is cut off,
    # what runs may finish (a worker may also have started a queued row before the result that stopped it was
    # written) but nothing queued starts: at most First + 2 * Limit rows are created, never the 200.
    It 'starts nothing queued once Select-Object -First has what it needs' -ForEach @(
        @{ Limit = 8; First = 3 }, @{ Limit = 1; First = 1 }
    ) {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 6)
        $arns = 0..199 | ForEach-Object { "arn:aws:iam::666666666666:user/first/$tag$('{0:D3}' -f $_)" }
        $csv = New-TestCsv -Rows @($arns | ForEach-Object { @{ UserArn = $_; DisplayName = 'First N'; EmailAddress = 'first@example.com' } })
        $got = @(Import-Csv $csv | New-CodeStarUserProfile -ThrottleLimit $Limit @conn | Select-Object -First $First)
        $got.Count | Should -Be $First
        Start-Sleep -Milliseconds 500 # what was in flight may finish
        $created = @(Get-CodeStarUserProfile -EmailAddress 'first@example.com' @conn | Where-Object UserArn -Like "*/first/$tag*")
        $created.Count | Should -BeLessOrEqual ($First + 2 * $Limit)
    }

    It 'applies rows for the same ARN in input order, even at a high -ThrottleLimit' {
        $arns = 1..5 | ForEach-Object { New-TestArn -Prefix order }
        $rows = foreach ($round in 1..6) {
            foreach ($arn in $arns) {
                New-Row $arn "Round $round" "r$round@example.com" $(if ($round % 2) { $TestSshKey } else { '' })
            }
        }
        $rows | New-CodeStarUserProfile -Force -ThrottleLimit 16 @conn -ErrorVariable errs | Out-Null
        $errs | Should -BeNullOrEmpty
        foreach ($p in Get-CodeStarUserProfile -UserArn $arns @conn) {
            $p.DisplayName | Should -Be 'Round 6'
            $p.EmailAddress | Should -Be 'r6@example.com'
            $p.SshPublicKey | Should -BeNullOrEmpty # the last row has no key, so -Force left none
        }
    }

    It 'gives the same results at -ThrottleLimit 16 as at 1' {
        $results = foreach ($limit in 1, 16) {
            $tag = "tl$limit$([guid]::NewGuid().ToString('N').Substring(0, 4))"
            $rows = 0..39 | ForEach-Object { New-Row $(if ($_ % 10 -eq 9) { 'invalid' } else { "arn:aws:iam::888888888888:user/$tag/u$('{0:D3}' -f $_)" }) "User $_" "u$_@example.com" }
            $out = @($rows | New-CodeStarUserProfile -ThrottleLimit $limit @conn -ErrorVariable ev -ErrorAction SilentlyContinue)
            [pscustomobject]@{ Created = @($out.UserArn | ForEach-Object { $_.Replace($tag, 'T') } | Sort-Object); Failed = @($ev).Count }
        }
        $results[0].Created.Count | Should -Be 36
        $results[1].Created | Should -Be $results[0].Created
        $results[1].Failed | Should -Be $results[0].Failed
    }
}

Describe 'Credentials and connections' {
    It 'stops with one CredentialsRefused error once the credentials are refused, sending no more, after an error for every row it took; no secret appears anywhere' {
        $rows = 1..40 | ForEach-Object { New-Row (New-TestArn -Prefix deny) "User $_" "u$_@example.com" }
        $before = Get-SentCount $endpoint
        $seen = [System.Collections.Generic.List[object]]::new()
        $stopped = $null
        try {
            $rows | New-CodeStarUserProfile -EndpointUrl $endpoint.Url -Region us-east-1 -AccessKey AKIACODESTARLOCAL001 -SecretKey 'Not-The-Secret-123' -ThrottleLimit 4 -Verbose -ErrorVariable ev -ErrorAction SilentlyContinue 4>&1 |
                ForEach-Object { $seen.Add($_) }
        } catch { $stopped = $_ }
        $stopped | Should -Not -BeNullOrEmpty -Because 'every further row would be refused the same way'
        $stopped.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*'
        $stopped.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $stopped.Exception.Message | Should -Match 'InvalidSignatureException'
        $stopped.Exception.Message | Should -Match 'the command stopped after (\d+) rows, each of which is in the output or has its own error before this one, and read no more input'
        $taken = [int] ([regex]::Match($stopped.Exception.Message, 'stopped after (\d+) rows').Groups[1].Value)
        $stopped.ErrorDetails.RecommendedAction | Should -BeLike '*credentials*'
        $sent = (Get-SentCount $endpoint) - $before
        $sent | Should -BeLessOrEqual 4 -Because 'only the 4 in flight when the first refusal came were sent, not the rows queued ahead or the 40 rows'
        $taken | Should -BeGreaterOrEqual ($sent + 1) -Because 'the row being queued when the refusal came was not sent'
        $taken | Should -BeLessOrEqual 10
        $errors = @(Get-ErrorRecord $ev | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' })
        $errors.Count | Should -Be $taken -Because 'every row taken has its own error: refused, or not sent after the first refusal'
        @($errors.TargetObject.UserArn | Select-Object -Unique).Count | Should -Be $taken
        $first = $rows[0..($taken - 1)]
        foreach ($e in $errors) { $first | Should -Contain $e.TargetObject -Because 'the rows taken are the first ones' }
        foreach ($e in $errors) {
            $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $e.Exception.Message | Should -Match 'InvalidSignatureException'
        }
        @($errors | Where-Object { $_.Exception.Message -like '*not sent, since the service refused the credentials for an earlier row (InvalidSignatureException)*' }).Count | Should -Be ($taken - $sent)
        @($seen | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty -Because 'nothing was created'
        $verbose = @($seen | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $everything = ($verbose + (@($errors) + $stopped | ForEach-Object { $_.ToString(); $_.ErrorDetails.RecommendedAction })) -join "`n"
        $everything | Should -Not -Match 'Not-The-Secret-123'
        $everything | Should -Not -Match 'Signature='
        ($verbose | Where-Object { $_ -like "*endpoint $($endpoint.Url)*" }) | Should -Not -BeNullOrEmpty
        ($verbose | Where-Object { $_ -match 'CreateUserProfile' -and $_ -match 'request id' }) | Should -Not -BeNullOrEmpty
    }

    It 'ends with -ErrorAction Stop, typed or from $ErrorActionPreference in a wrapper, on the one CredentialsRefused error, not a row''s' {
        function Add-Users { [CmdletBinding()] param([Parameter(ValueFromPipeline)] $Row, [hashtable] $Connection) begin { $all = [Collections.Generic.List[object]]::new() } process { $all.Add($Row) } end { $all | New-CodeStarUserProfile @Connection -ThrottleLimit 4 } }
        $bad = @{ EndpointUrl = $endpoint.Url; Region = 'us-east-1'; AccessKey = 'AKIACODESTARLOCAL001'; SecretKey = 'Not-The-Secret-123' }
        foreach ($how in 'typed', 'preference') {
            $rows = 1..40 | ForEach-Object { New-Row (New-TestArn -Prefix denystop) "User $_" "u$_@example.com" }
            $before = Get-SentCount $endpoint
            $stopped = $null
            $out = @()
            try {
                if ($how -eq 'typed') { $out = @($rows | New-CodeStarUserProfile @bad -ThrottleLimit 4 -ErrorVariable ev -ErrorAction Stop) }
                else { $ErrorActionPreference = 'Stop'; $out = @($rows | Add-Users -Connection $bad -ErrorVariable ev) }
            } catch { $stopped = $_ } finally { $ErrorActionPreference = 'Continue' }
            $stopped.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*' -Because "($how) the refusal is the first error, not whichever row's error came out first"
            $stopped.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $stopped.ErrorDetails.RecommendedAction | Should -BeLike '*credentials*'
            $stopped.Exception.Message | Should -Match '^Could not create the user profile (\S+): .*\(InvalidSignatureException, request id'
            $refusedArn = [regex]::Match($stopped.Exception.Message, '^Could not create the user profile (\S+):').Groups[1].Value
            $rows[0..8].UserArn | Should -Contain $refusedArn -Because 'the refused row is one of those sent'
            $stopped.Exception.Message | Should -Match 'with -ErrorAction Stop the command stopped at this first refusal and sent nothing more\. Of the (\d+) rows it had sent or queued, (\d+) \(this one'
            $m = [regex]::Match($stopped.Exception.Message, 'Of the (\d+) rows it had sent or queued, (\d+) ')
            $sent = (Get-SentCount $endpoint) - $before
            $sent | Should -BeLessOrEqual 4 -Because 'only the 4 in flight when the first refusal came were sent'
            [int] $m.Groups[2].Value | Should -Be ([int] $m.Groups[1].Value) -Because 'nothing was created, so every row it sent or queued ended with the refusal'
            [int] $m.Groups[1].Value | Should -BeGreaterOrEqual $sent
            $out | Should -BeNullOrEmpty
            @(Get-ErrorRecord $ev | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' }) | Should -BeNullOrEmpty -Because 'the one stopping error stands for them'
            $stopped.ToString() | Should -Not -Match 'Not-The-Secret-123|Signature='
        }
    }

    It 'names by count the ARNs of a -UserArn list it did not reach once the credentials were refused' {
        $arns = 1..40 | ForEach-Object { New-TestArn -Prefix denylist }
        $stopped = $null
        try { Get-CodeStarUserProfile -UserArn $arns -EndpointUrl $endpoint.Url -Region us-east-1 -AccessKey AKIACODESTARLOCAL001 -SecretKey 'Not-The-Secret-123' -ThrottleLimit 4 -ErrorVariable ev -ErrorAction SilentlyContinue } catch { $stopped = $_ }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*'
        $stopped.Exception.Message | Should -Match 'stopped after (\d+) rows, each of which .* Of the ARNs given to -UserArn, the (\d+) after that point were not sent\.$'
        $m = [regex]::Match($stopped.Exception.Message, 'stopped after (\d+) rows.* the (\d+) after that point')
        $taken = [int] $m.Groups[1].Value
        ($taken + [int] $m.Groups[2].Value) | Should -Be 40 -Because 'every ARN of the list is either taken (with its own error) or counted as not reached'
        @(Get-ErrorRecord $ev | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' }).Count | Should -Be $taken
    }

    It 'stops a listing or a describe refused the same way with words that fit (no "0 rows", no "1 rows")' {
        $bad = @{ EndpointUrl = $endpoint.Url; Region = 'us-east-1'; AccessKey = 'AKIACODESTARLOCAL001'; SecretKey = 'Not-The-Secret-123' }
        $listing = $null
        try { Get-CodeStarUserProfile @bad -ErrorVariable ev -ErrorAction SilentlyContinue } catch { $listing = $_ }
        $listing.FullyQualifiedErrorId | Should -BeLike 'CredentialsRefused,*'
        $listing.Exception.Message | Should -Be 'The service refused the credentials (InvalidSignatureException), so it would refuse every further request signed with them: the command stopped. The refused request''s own error comes before this one.'
        @(Get-ErrorRecord $ev | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' }).Count | Should -Be 1

        $one = $null
        try { Get-CodeStarUserProfile @bad -UserArn (New-TestArn -Prefix deny1) -ErrorVariable ev1 -ErrorAction SilentlyContinue } catch { $one = $_ }
        $one.Exception.Message | Should -Match 'the command stopped after its first row, whose own error comes before this one'
        @(Get-ErrorRecord $ev1 | Where-Object { $_.FullyQualifiedErrorId -like 'AccessDenied,*' }).Count | Should -Be 1
    }

    It 'takes -Credential and summarises with -Verbose' {
        $arn = New-TestArn -Prefix cred
        $cred = [pscredential]::new($conn.AccessKey, (ConvertTo-SecureString $conn.SecretKey -AsPlainText -Force))
        $all = New-CodeStarUserProfile $arn 'Cred User' cred@example.com -Credential $cred -EndpointUrl $endpoint.Url -Region us-east-1 -Verbose -ErrorVariable errs 4>&1
        $errs | Should -BeNullOrEmpty
        @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 1
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($verbose | Where-Object { $_ -like 'New-CodeStarUserProfile: 1 items in*' -and $_ -match '1 created, 0 failed' }) | Should -Not -BeNullOrEmpty
    }

    It 'reports an unreachable endpoint as a ConnectionError per row' {
        $rows = @((New-Row (New-TestArn -Prefix down) 'One' 'one@example.com'), (New-Row (New-TestArn -Prefix down) 'Two' 'two@example.com'))
        $stopped = $null
        try {
            $rows | New-CodeStarUserProfile -EndpointUrl http://127.0.0.1:9 -Region us-east-1 -AccessKey AKIACODESTARLOCAL001 -SecretKey x -MaxRetryAttempts 0 -ErrorVariable ev -ErrorAction SilentlyContinue
        } catch { $stopped = $_ }
        $stopped | Should -BeNullOrEmpty
        $errors = @(Get-ErrorRecord $ev)
        $errors.Count | Should -Be 2
        foreach ($e in $errors) {
            $e.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
            $e.CategoryInfo.Category | Should -Be 'ConnectionError'
            $e.Exception.Message | Should -BeLike '*Could not reach the CodeStar endpoint http://127.0.0.1:9 (from -EndpointUrl): *' -Because 'it names the endpoint it tried and where that came from'
            $e.TargetObject | Should -BeOfType [pscustomobject]
            $rows | Should -Contain $e.TargetObject
        }
    }
}
