# Dry runs are never real: -WhatIf and -Confirm, typed or inherited ($WhatIfPreference, $ConfirmPreference,
# a wrapper function's -WhatIf/-Confirm), always apply on every mutating cmdlet; -Force only skips the
# prompt that Remove's ConfirmImpact (High) raises by itself; -Verbose shows "Performing the operation".
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $endpoint = Start-TestEndpoint -ArgumentList '--log', 'requests'
    $conn = $endpoint.Connection


    function New-Existing([string] $Prefix) {
        $arn = New-TestArn -Prefix $Prefix
        New-CodeStarUserProfile $arn 'Dry Run' dry@example.com @conn | Out-Null
        $arn
    }

    function Test-Exists([string] $Arn) { [bool] (Get-CodeStarUserProfile $Arn @conn -ErrorAction SilentlyContinue) }

    # Wrappers as users write them: advanced functions that pass -WhatIf/-Confirm on by inheritance.
    function Remove-Wrapped {
        [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
        param([string] $Arn)
        Remove-CodeStarUserProfile -UserArn $Arn -Force @conn
    }
    function Set-Wrapped {
        [CmdletBinding(SupportsShouldProcess)]
        param([string] $Arn)
        Set-CodeStarUserProfile -UserArn $Arn -DisplayName 'Changed' @conn
    }
    function New-Wrapped {
        [CmdletBinding(SupportsShouldProcess)]
        param([string] $Arn)
        New-CodeStarUserProfile -UserArn $Arn -DisplayName 'Overwritten' -EmailAddress 'o@example.com' -Force @conn
    }
}
AfterAll {
    Stop-TestEndpoint $endpoint
}

Describe '-WhatIf' {
    It 'validates every row, reports the bad ones, and sends nothing' {
        $a1 = New-TestArn -Prefix whatif
        $before = Get-SentCount $endpoint
        $out = @(
            [pscustomobject]@{ UserArn = $a1; DisplayName = 'Dry Run'; EmailAddress = 'dry@example.com' },
            [pscustomobject]@{ UserArn = 'nope'; DisplayName = 'Dry Run'; EmailAddress = 'dry@example.com' }
        ) | New-CodeStarUserProfile -WhatIf -ErrorVariable ev -ErrorAction SilentlyContinue
        $out += Remove-CodeStarUserProfile $a1 -WhatIf -Force
        $out += Set-CodeStarUserProfile $a1 -DisplayName X -WhatIf
        $out | Should -BeNullOrEmpty
        (Get-SentCount $endpoint) - $before | Should -Be 0
        $e = @($ev)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUserArn,*'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject.UserArn | Should -Be 'nope'

        # -WhatIf writes through the host: a fresh process shows the exact text.
        $r = Invoke-TestPwsh -Command "Import-Module CodeStarProfiles; New-CodeStarUserProfile '$a1' 'Dry Run' dry@example.com -WhatIf; Remove-CodeStarUserProfile '$a1' -WhatIf -Force; Set-CodeStarUserProfile '$a1' -DisplayName X -WhatIf"
        $r.Output | Should -Contain "What if: Performing the operation `"Create CodeStar user profile`" on target `"$a1`"."
        $r.Output | Should -Contain "What if: Performing the operation `"Remove CodeStar user profile`" on target `"$a1`"."
        ($r.Output -join "`n") | Should -Match 'Update CodeStar user profile: DisplayName'
        (Get-SentCount $endpoint) - $before | Should -Be 0
    }

    It 'applies from $WhatIfPreference on <Name>, -Force or not' -ForEach @(
        @{ Name = 'Remove -Force'; Run = { param($arn) Remove-CodeStarUserProfile -UserArn $arn -Force @conn } }
        @{ Name = 'Remove'; Run = { param($arn) Remove-CodeStarUserProfile -UserArn $arn @conn } }
        @{ Name = 'Set'; Run = { param($arn) Set-CodeStarUserProfile -UserArn $arn -DisplayName 'Changed' @conn } }
        @{ Name = 'New -Force'; Run = { param($arn) New-CodeStarUserProfile $arn 'Overwritten' o@example.com -Force @conn } }
    ) {
        $arn = New-Existing whatifpref
        $before = Get-SentCount $endpoint
        & { $WhatIfPreference = $true; & $Run $arn } | Should -BeNullOrEmpty
        (Get-SentCount $endpoint) - $before | Should -Be 0
        (Get-CodeStarUserProfile $arn @conn).DisplayName | Should -Be 'Dry Run'
    }

    It 'applies through a wrapper function called with -WhatIf (<Wrapper>)' -ForEach @(
        @{ Wrapper = 'Remove-Wrapped' }, @{ Wrapper = 'Set-Wrapped' }, @{ Wrapper = 'New-Wrapped' }
    ) {
        $arn = New-Existing wrapper
        $before = Get-SentCount $endpoint
        & $Wrapper -Arn $arn -WhatIf
        (Get-SentCount $endpoint) - $before | Should -Be 0
        (Get-CodeStarUserProfile $arn @conn).DisplayName | Should -Be 'Dry Run'
    }

    It 'lets -WhatIf:$false override $WhatIfPreference, as the engine does' {
        $arn = New-Existing whatiffalse
        & { $WhatIfPreference = $true; Remove-CodeStarUserProfile -UserArn $arn -Force -WhatIf:$false @conn }
        Test-Exists $arn | Should -BeFalse
    }
}

Describe '-Confirm and -Force' {
    It 'asks when -Confirm is typed or asked for, even with -Force, on every cmdlet' {
        $cases = [ordered]@{
            'Remove -Force -Confirm'                 = 'Remove-CodeStarUserProfile -UserArn $arn -Force -Confirm @c'
            'Set -Confirm'                           = 'Set-CodeStarUserProfile -UserArn $arn -DisplayName Changed -Confirm @c'
            'New -Force -Confirm'                    = 'New-CodeStarUserProfile $arn Changed c@example.com -Force -Confirm @c'
            '$ConfirmPreference Low, Remove -Force'  = '$ConfirmPreference = ''Low''; Remove-CodeStarUserProfile -UserArn $arn -Force @c'
            'a wrapper called with -Confirm'         = 'function W { [CmdletBinding(SupportsShouldProcess, ConfirmImpact = ''High'')] param() Remove-CodeStarUserProfile -UserArn $arn -Force @c }; W -Confirm'
        }
        $arns = @{}
        foreach ($name in $cases.Keys) { $arns[$name] = New-Existing confirm }
        # One fresh non-interactive pwsh runs every case, each in its own scope: a host that cannot prompt
        # refuses, so an attempted prompt shows as that error.
        $script = "Import-Module CodeStarProfiles; `$c = @{ EndpointUrl = '$($endpoint.Url)'; Region = 'us-east-1'; AccessKey = '$($conn.AccessKey)'; SecretKey = '$($conn.SecretKey)' }`n"
        foreach ($name in $cases.Keys) {
            $script += "& { `$arn = '$($arns[$name])'; try { $($cases[$name]) -ErrorAction Stop; 'NOPROMPT $name' } catch { 'PROMPTED ' + ('$name' + ': ' + `$_.FullyQualifiedErrorId + ' ' + `$_.Exception.Message) } }`n"
        }
        $r = Invoke-TestPwsh -Command $script
        foreach ($name in $cases.Keys) {
            $line = @($r.Output | Where-Object { $_ -like "* ${name}*" })
            $line.Count | Should -Be 1 -Because $name
            $line[0] | Should -Match '^PROMPTED .*NonInteractive mode' -Because "$name asked, and a host that cannot prompt refuses"
            if ($cases[$name] -like '*Remove-CodeStarUserProfile*') {
                $line[0] | Should -Match "^PROMPTED $([regex]::Escape($name)): RemovalNotConfirmed,.*nothing was removed" -Because 'Remove says so with an ErrorId of its own'
            }
            elseif ($cases[$name] -match '(New|Set)-CodeStarUserProfile') {
                $line[0] | Should -Match "^PROMPTED $([regex]::Escape($name)): ChangeNotConfirmed,.*nothing was changed" -Because 'New and Set say so with an ErrorId of their own'
            }
            (Get-CodeStarUserProfile $arns[$name] @conn).DisplayName | Should -Be 'Dry Run' -Because $name
        }
    }

    It 'removes without a prompt with -Force alone, and -Verbose shows the operation line' {
        $arn = New-Existing force
        $r = Invoke-TestPwsh -Command "Import-Module CodeStarProfiles; Remove-CodeStarUserProfile -UserArn '$arn' -Force -Verbose -EndpointUrl '$($endpoint.Url)' -Region us-east-1 -AccessKey $($conn.AccessKey) -SecretKey $($conn.SecretKey) 4>&1 | ForEach-Object { `"`$_`" }"
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Contain "Performing the operation `"Remove CodeStar user profile`" on target `"$arn`"."
        Test-Exists $arn | Should -BeFalse
    }

    It 'shows the operation line with -Verbose on <Name> too' -ForEach @(
        @{ Name = 'Set'; Run = { param($arn) Set-CodeStarUserProfile -UserArn $arn -DisplayName 'Changed' -Verbose @conn 4>&1 }; Action = 'Update CodeStar user profile: DisplayName' }
        @{ Name = 'New -Force'; Run = { param($arn) New-CodeStarUserProfile $arn 'Changed' c@example.com -Force -Verbose @conn 4>&1 }; Action = 'Create or overwrite CodeStar user profile' }
        @{ Name = 'Remove -Confirm:$false'; Run = { param($arn) Remove-CodeStarUserProfile -UserArn $arn -Confirm:$false -Verbose @conn 4>&1 }; Action = 'Remove CodeStar user profile' }
    ) {
        $arn = New-Existing verbose
        $verbose = @(& $Run $arn | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain "Performing the operation `"$Action`" on target `"$arn`"."
    }

    It 'never prompts under $ConfirmPreference = ''None'' (runbooks), and -Confirm:$false skips the prompt' {
        $a, $b = (New-Existing none), (New-Existing none)
        $r = Invoke-TestPwsh -Command "Import-Module CodeStarProfiles; `$c = @{ EndpointUrl = '$($endpoint.Url)'; Region = 'us-east-1'; AccessKey = '$($conn.AccessKey)'; SecretKey = '$($conn.SecretKey)' }; `$ConfirmPreference = 'None'; Remove-CodeStarUserProfile '$a' @c; Remove-CodeStarUserProfile '$b' -Confirm:`$false @c"
        $r.ExitCode | Should -Be 0
        ($r.Error -join ' ') | Should -BeNullOrEmpty
        Test-Exists $a | Should -BeFalse
        Test-Exists $b | Should -BeFalse
    }
}
