# Tab completion as a user gets it, through TabExpansion2: -Region, -ProfileName, and -UserArn from a
# quick listing of the endpoint the command line names (silent and quick when that cannot work).
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $endpoint = Start-TestEndpoint
    $conn = $endpoint.Connection
    $dir = New-TestDirectory
    $line = "-EndpointUrl $($endpoint.Url) -Region us-east-1 -AccessKey $LocalAccessKey -SecretKey $LocalSecretKey"

    function Complete([string] $InputScript) {
        @((TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches)
    }

    $prefix = 'Tab' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    $arns = foreach ($i in 1..3) {
        $arn = New-TestArn -Prefix "${prefix}_$i"
        New-CodeStarUserProfile -UserArn $arn -DisplayName "Tab User $i" -EmailAddress "tab$i@example.com" @conn | Out-Null
        $arn
    }
    $odd = "arn:aws:iam::123456789012:user/$prefix,odd"
    $scopeRoot = "arn:aws:iam::123456789012:user/${prefix}staff/"
    foreach ($path in 'eng/a', 'eng/b', 'ops/c') {
        New-CodeStarUserProfile -UserArn "$scopeRoot$path" -DisplayName "Scope $path" -EmailAddress 'scope@example.com' @conn | Out-Null
    }
    New-CodeStarUserProfile -UserArn $odd -DisplayName 'Odd Name' -EmailAddress 'odd@example.com' @conn | Out-Null

    $profiles = Join-Path $dir 'credentials'
    [IO.File]::WriteAllText($profiles, "[onboarding]`naws_access_key_id = $LocalAccessKey`naws_secret_access_key = $LocalSecretKey`nregion = us-east-1`n`n[ops-admin]`naws_access_key_id = A`naws_secret_access_key = B`n`n[other]`naws_access_key_id = A`naws_secret_access_key = B`n")
}
AfterAll {
    Stop-TestEndpoint $endpoint
    Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue
}

Describe '-Region' {
    It 'offers the SDK region names that start with what was typed, with their display names, on every cmdlet' -ForEach @(
        @{ Command = 'New-CodeStarUserProfile' }, @{ Command = 'Get-CodeStarUserProfile' }, @{ Command = 'Set-CodeStarUserProfile' }, @{ Command = 'Remove-CodeStarUserProfile' }
    ) {
        $found = Complete "$Command -Region us-ea"
        $found.CompletionText | Should -Contain 'us-east-1'
        $found.CompletionText | Should -Contain 'us-east-2'
        $found.CompletionText | ForEach-Object { $_ | Should -BeLike 'us-ea*' }
        $found.CompletionText | Should -Not -Contain 'us-east-1-regional'
        ($found | Where-Object CompletionText -eq 'us-east-1').ToolTip | Should -Be 'US East (N. Virginia)'
    }

    It 'offers every region for an empty word, and none for a word no region starts with' {
        $all = Complete 'Get-CodeStarUserProfile -Region '
        $all.CompletionText | Should -Contain 'eu-west-1'
        $all.CompletionText | Should -Contain 'ap-southeast-2'
        $all.CompletionText | Should -Not -Contain 'aws-global'
        @(Complete 'Get-CodeStarUserProfile -Region zz-').Count | Should -Be 0
    }
}

Describe '-ProfileName' {
    It 'offers the profiles of -ProfileLocation when it is typed' {
        $found = Complete "Get-CodeStarUserProfile -ProfileLocation $profiles -ProfileName o"
        $found.CompletionText | Sort-Object | Should -Be @('onboarding', 'ops-admin', 'other')
        (Complete "Get-CodeStarUserProfile -ProfileLocation $profiles -ProfileName ops").CompletionText | Should -Be 'ops-admin'
    }

    It 'reads a relative -ProfileLocation from the current location, as the command does, not from the process''s directory' {
        Push-Location $dir
        try {
            (Complete "Get-CodeStarUserProfile -ProfileLocation ./credentials -ProfileName ops").CompletionText | Should -Be 'ops-admin'
            (Complete "Get-CodeStarUserProfile -ProfileLocation credentials -ProfileName ops").CompletionText | Should -Be 'ops-admin'
        }
        finally { Pop-Location }
    }

    It 'offers the profiles of the shared files (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE) that hold credentials otherwise' {
        $config = Join-Path $dir 'config'
        [IO.File]::WriteAllText($config, "[profile from-config]`nrole_arn = arn:aws:iam::123456789012:role/Ops`nsource_profile = onboarding`n`n[profile region-only]`nregion = eu-west-1`n")
        $r = Invoke-TestPwsh -Command @'
Import-Module CodeStarProfiles
$s = 'Remove-CodeStarUserProfile -ProfileName '
(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches.CompletionText
'@ -Environment @{ AWS_SHARED_CREDENTIALS_FILE = $profiles; AWS_CONFIG_FILE = $config }
        $r.ExitCode | Should -Be 0
        $r.Output | Sort-Object | Should -Be @('from-config', 'onboarding', 'ops-admin', 'other')
    }
}

Describe '-UserArn' {
    It 'on <Command> offers the ARNs of the endpoint that start with the ARN or user name typed' -ForEach @(
        @{ Command = 'Get-CodeStarUserProfile' }, @{ Command = 'Set-CodeStarUserProfile' }, @{ Command = 'Remove-CodeStarUserProfile' }
    ) {
        $byName = Complete "$Command $line -UserArn ${prefix}_"
        $byName.CompletionText | Should -Be $arns
        ($byName | Where-Object CompletionText -eq $arns[0]).ToolTip | Should -Be 'Tab User 1 <tab1@example.com>'

        $byArn = Complete "$Command $line -UserArn $($arns[1].Substring(0, $arns[1].Length - 2))"
        $byArn.CompletionText | Should -Contain $arns[1]
        $byArn.CompletionText | ForEach-Object { $_ | Should -BeLike "$($arns[1].Substring(0, $arns[1].Length - 2))*" }
    }

    It 'finds a profile beyond the first 300 listed when a word is typed' {
        # 320 profiles in an account of their own, listed after every other profile of the endpoint.
        $bulk = 1..320 | ForEach-Object { [pscustomobject]@{ UserArn = "arn:aws:iam::999999999999:user/${prefix}bulk/u{0:D3}" -f $_; DisplayName = "Bulk $_"; EmailAddress = 'bulk@example.com' } }
        $bulk | New-CodeStarUserProfile @conn -ThrottleLimit 16 -ErrorVariable failed | Out-Null
        $failed | Should -BeNullOrEmpty
        $listed = @(Get-CodeStarUserProfile @conn).UserArn
        [array]::IndexOf($listed, $bulk[-1].UserArn) | Should -BeGreaterThan 300 -Because 'the test needs the profile beyond the first three pages'
        (Complete "Get-CodeStarUserProfile $line -UserArn $($bulk[-1].UserArn)").CompletionText | Should -Be $bulk[-1].UserArn
        (Complete "Get-CodeStarUserProfile $line -UserArn u320").CompletionText | Should -Be $bulk[-1].UserArn
        $bulk | Remove-CodeStarUserProfile @conn -Force -ThrottleLimit 16
    }

    It 'quotes an ARN that PowerShell would split, and the completed line runs' {
        $found = Complete "Get-CodeStarUserProfile $line -UserArn '$prefix,"
        $found.CompletionText | Should -Be "'$odd'"
        $completed = "Get-CodeStarUserProfile @conn -UserArn $($found[0].CompletionText)"
        (Invoke-Expression $completed).DisplayName | Should -Be 'Odd Name'
    }

    It 'uses the profile typed on the command line' {
        $found = Complete "Get-CodeStarUserProfile -EndpointUrl $($endpoint.Url) -ProfileName onboarding -ProfileLocation $profiles -UserArn ${prefix}_1"
        $found.CompletionText | Should -Be $arns[0]
    }

    It 'offers nothing, quickly and silently, when the endpoint does not answer' {
        $Error.Clear()
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $found = Complete "Remove-CodeStarUserProfile -EndpointUrl http://127.0.0.1:1 -Region us-east-1 -AccessKey a -SecretKey b -UserArn arn"
        $clock.Stop()
        $found | Where-Object ResultType -eq 'ParameterValue' | Where-Object CompletionText -like '*arn:aws*' | Should -BeNullOrEmpty
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 6
        $Error.Count | Should -Be 0
    }

    It 'offers nothing and never prompts when no credentials can be found (fresh process, no AWS settings)' {
        $r = Invoke-TestPwsh -Command @"
Import-Module CodeStarProfiles
`$s = 'Get-CodeStarUserProfile -EndpointUrl $($endpoint.Url) -Region us-east-1 -UserArn arn:aws:iam'
`$m = @((TabExpansion2 -inputScript `$s -cursorColumn `$s.Length).CompletionMatches | Where-Object CompletionText -like '*:user/*')
"count=`$(`$m.Count) errors=`$(`$Error.Count)"
"@ -Environment @{ AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_PROFILE = $null; AWS_EC2_METADATA_DISABLED = 'true'; AWS_CONFIG_FILE = (Join-Path $dir 'none'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $dir 'none') } -TimeoutSec 60
        $r.ExitCode | Should -Be 0
        $r.Output[-1] | Should -Be 'count=0 errors=0'
    }
}

Describe '-Scope' {
    It 'on <Command> offers the IAM paths that hold profiles as wildcard patterns, each with how many it owns' -ForEach @(
        @{ Command = 'Compare-CodeStarUserProfile' }, @{ Command = 'Sync-CodeStarUserProfile' }
    ) {
        $found = Complete "$Command $line -Scope $scopeRoot"
        $found.CompletionText | Should -Be @("$scopeRoot*", "${scopeRoot}eng/*", "${scopeRoot}ops/*")
        $found.ToolTip | Should -Be @("$scopeRoot*: 3 profiles listed", "${scopeRoot}eng/*: 2 profiles listed", "${scopeRoot}ops/*: 1 profile listed")
    }

    It 'offers the patterns above the root users too, and the completed line runs' {
        $found = Complete "Compare-CodeStarUserProfile $line -Scope arn:aws:iam::123456789012:user/"
        $found.CompletionText | Should -Contain 'arn:aws:iam::123456789012:user/*'
        $found.CompletionText | Should -Contain "$scopeRoot*"
        $completed = "@() | Compare-CodeStarUserProfile @conn -Scope $(($found | Where-Object CompletionText -eq "${scopeRoot}eng/*").CompletionText)"
        @(Invoke-Expression $completed -WarningAction SilentlyContinue).Action | Should -Be @('Remove', 'Remove')
    }
}
