# Credentials, region and endpoint as runbooks get them: profile files, environment variables, role
# profiles that assume a role at the local endpoint's STS, and the one terminating error when nothing
# usable can be found. Every case runs in a fresh pwsh whose AWS_* environment is set here and nothing
# else (no instance metadata, no shared files of the machine), as a runbook's process would be.
BeforeAll {
    . $PSScriptRoot/common.ps1
    $dir = New-TestDirectory
    $endpoint = Start-TestEndpoint -ArgumentList '--log', 'requests'
    $url = $endpoint.Url
    # An endpoint that serves another region than the fallback us-east-1: who signs for which region shows.
    $euEndpoint = Start-TestEndpoint -ArgumentList '--region', 'eu-west-1'
    $failing = Start-TestEndpoint -ArgumentList '--fault-rate', '1'

    function New-ProfileFile([string] $Text) {
        $path = Join-Path $dir ('credentials-' + [guid]::NewGuid().ToString('N'))
        [IO.File]::WriteAllText($path, $Text)
        $path
    }

    $failScript = Join-Path $dir 'fail-credentials.sh'
    [IO.File]::WriteAllText($failScript, "#!/bin/sh`necho 'the token expired' >&2`nexit 3`n")
    & chmod +x $failScript

    $profiles = New-ProfileFile @"
[onboarding]
aws_access_key_id = $LocalAccessKey
aws_secret_access_key = $LocalSecretKey
region = us-east-1

[wrong]
aws_access_key_id = $LocalAccessKey
aws_secret_access_key = not-the-secret
region = us-east-1

[base]
aws_access_key_id = $LocalAccessKey
aws_secret_access_key = $LocalSecretKey

[badbase]
aws_access_key_id = $LocalAccessKey
aws_secret_access_key = not-the-secret

[role]
role_arn = arn:aws:iam::123456789012:role/CodeStarAdmin
source_profile = base
region = us-east-1

[role-endpoint]
role_arn = arn:aws:iam::123456789012:role/CodeStarAdmin
source_profile = base
region = us-east-1
endpoint_url = $url

[badrole]
role_arn = arn:aws:iam::123456789012:role/CodeStarAdmin
source_profile = badbase
region = us-east-1
endpoint_url = $url

[orphan]
role_arn = arn:aws:iam::123456789012:role/CodeStarAdmin
source_profile = nosuchsource
region = us-east-1

[proc]
credential_process = $failScript
region = us-east-1

[sso]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = CodeStarAdmin
region = us-east-1

[eu-endpoint]
aws_access_key_id = $LocalAccessKey
aws_secret_access_key = $LocalSecretKey
region = us-east-1
endpoint_url = $($euEndpoint.Url)
"@

    # What the child does, as data: output (UserArn or text), errors, verbose lines, and the terminating error.
    $prelude = @'
Import-Module CodeStarProfiles
$ProgressPreference = 'SilentlyContinue'
function ConvertFrom-ErrorRecord($e) {
    [ordered]@{
        Id = $e.FullyQualifiedErrorId; Category = "$($e.CategoryInfo.Category)"; Message = $e.Exception.Message
        ExceptionType = $e.Exception.GetType().FullName; Advice = "$($e.ErrorDetails.RecommendedAction)"; Target = "$($e.TargetObject.UserArn)"
    }
}
function Invoke-Captured([scriptblock] $Script) {
    $r = [ordered]@{ Output = @(); Errors = @(); Verbose = @(); Terminating = $null }
    try {
        & $Script 4>&1 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.VerboseRecord]) { $r.Verbose += $_.Message }
            elseif ($_ -is [System.Management.Automation.ErrorRecord]) { $r.Errors += ConvertFrom-ErrorRecord $_ }
            elseif ($null -ne $_.UserArn) { $r.Output += $_.UserArn }
            else { $r.Output += "$_" }
        }
    } catch { $r.Terminating = ConvertFrom-ErrorRecord $_ }
    [pscustomobject] $r
}
'@

    # Runs -Command in a fresh pwsh with only the given AWS settings; -Command returns captures, which come back as objects.
    function Invoke-Isolated([string] $Command, [hashtable] $Environment = @{}) {
        $environmentOfChild = @{ AWS_EC2_METADATA_DISABLED = 'true'; AWS_CONFIG_FILE = (Join-Path $dir 'no-config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $dir 'no-credentials') }
        foreach ($v in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL',
            'AWS_ENDPOINT_URL_CODESTAR', 'AWS_ENDPOINT_URL_STS', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_WEB_IDENTITY_TOKEN_FILE') {
            $environmentOfChild[$v] = $null
        }
        foreach ($k in $Environment.Keys) { $environmentOfChild[$k] = $Environment[$k] }
        $r = Invoke-TestPwsh -Command ($prelude + "`n@(" + $Command + ") | ConvertTo-Json -Depth 6 -Compress -AsArray") -Environment $environmentOfChild
        if ($r.ExitCode -ne 0 -or $r.Output.Count -eq 0) { throw "The child pwsh failed ($($r.ExitCode)): $($r.Error -join "`n")" }
        $r.Output[-1] | ConvertFrom-Json
    }

    function Get-EndpointLog([string] $Pattern, [int] $Expected = 1) {
        # The endpoint writes its log off the request path: wait a moment for the lines to land.
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        do {
            $lines = @(Get-Content $endpoint.Log | Where-Object { $_ -match $Pattern })
            if ($lines.Count -ge $Expected) { break }
            Start-Sleep -Milliseconds 100
        } while ([DateTime]::UtcNow -lt $deadline)
        $lines
    }

    $keys = @{ AWS_ACCESS_KEY_ID = $LocalAccessKey; AWS_SECRET_ACCESS_KEY = $LocalSecretKey }
}

AfterAll {
    Stop-TestEndpoint $endpoint
    Stop-TestEndpoint $euEndpoint
    Stop-TestEndpoint $failing
    Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue
}

Describe 'Profiles and the environment supply credentials, region and endpoint' {
    It 'a named profile in a credentials file supplies keys and region' {
        $r = Invoke-Isolated @'
Invoke-Captured { New-CodeStarUserProfile $env:T_ARN 'Profile User' p@example.com -ProfileName onboarding -ProfileLocation $env:T_FILE -EndpointUrl $env:T_URL -Verbose }
Invoke-Captured { Get-CodeStarUserProfile $env:T_ARN -ProfileName wrong -ProfileLocation $env:T_FILE -EndpointUrl $env:T_URL }
Invoke-Captured { Get-CodeStarUserProfile $env:T_ARN -ProfileName nosuch -ProfileLocation $env:T_FILE -EndpointUrl $env:T_URL }
'@ -Environment @{ T_ARN = (New-TestArn -Prefix profile); T_FILE = $profiles; T_URL = $url }
        $r[0].Errors | Should -BeNullOrEmpty
        $r[0].Terminating | Should -BeNullOrEmpty
        @($r[0].Output).Count | Should -Be 1
        $r[0].Verbose | Where-Object { $_ -like "*credentials from profile 'onboarding'*" } | Should -Not -BeNullOrEmpty

        @($r[1].Errors).Count | Should -Be 1
        $r[1].Errors[0].Category | Should -Be 'PermissionDenied'

        $r[2].Terminating.Id | Should -BeLike 'ProfileNotFound,*'
        $r[2].Terminating.Category | Should -Be 'ObjectNotFound'
        $r[2].Terminating.Message | Should -BeLike "*'nosuch'*"
    }

    It 'environment variables supply credentials, region and endpoint' {
        $r = Invoke-Isolated @'
Invoke-Captured { New-CodeStarUserProfile $env:T_ARN 'Env User' env@example.com -Verbose; Get-CodeStarUserProfile $env:T_ARN }
'@ -Environment ($keys + @{ AWS_REGION = 'us-east-1'; AWS_ENDPOINT_URL_CODESTAR = $url; T_ARN = (New-TestArn -Prefix env) })
        $r[0].Errors | Should -BeNullOrEmpty
        @($r[0].Output).Count | Should -Be 2
        $r[0].Verbose | Where-Object { $_ -like "*endpoint $url (from AWS_ENDPOINT_URL_CODESTAR)*" } | Should -Not -BeNullOrEmpty
    }

    It '-WhatIf needs no credentials' {
        $r = Invoke-Isolated @'
Invoke-Captured { New-CodeStarUserProfile $env:T_ARN 'Dry' dry@example.com -WhatIf }
'@ -Environment @{ T_ARN = (New-TestArn -Prefix drynocred) }
        $r[0].Terminating | Should -BeNullOrEmpty
        $r[0].Errors | Should -BeNullOrEmpty
    }
}

Describe 'Nothing usable is one terminating error with advice' {
    It 'no credentials: one terminating error that says what was tried, however many rows were piped' {
        $r = Invoke-Isolated @'
Invoke-Captured { 'a', 'b' | ForEach-Object { [pscustomobject]@{ UserArn = "$env:T_ARN$_"; DisplayName = 'X'; EmailAddress = 'x@example.com' } } | New-CodeStarUserProfile -Region us-east-1 -EndpointUrl $env:T_URL }
'@ -Environment @{ T_ARN = (New-TestArn -Prefix nocred); T_URL = $url }
        $r[0].Errors | Should -BeNullOrEmpty
        $r[0].Terminating.Id | Should -BeLike 'NoCredentials,*'
        $r[0].Terminating.Category | Should -Be 'AuthenticationError'
        $r[0].Terminating.Message | Should -BeLike '*AWS_ACCESS_KEY_ID*'
        $r[0].Terminating.Message | Should -BeLike '*-ProfileName*'
        $r[0].Terminating.Advice | Should -Not -BeNullOrEmpty
        $r[0].Terminating.Advice | Should -Not -Be $r[0].Terminating.Message
    }

    It 'no region: one terminating error that says how to fix it' {
        $r = Invoke-Isolated @'
Invoke-Captured { Get-CodeStarUserProfile -AccessKey AKIACODESTARLOCAL001 -SecretKey x -EndpointUrl $env:T_URL }
'@ -Environment @{ T_URL = $url }
        $r[0].Terminating.Id | Should -BeLike 'NoRegion,*'
        $r[0].Terminating.Message | Should -BeLike '*-Region*'
        $r[0].Terminating.Message | Should -BeLike '*AWS_REGION*'
        $r[0].Terminating.Advice | Should -BeLike '*-Region*'
        $r[0].Terminating.Advice | Should -Not -Be $r[0].Terminating.Message
    }

    It "-Region 'us-east-1 ' is the module's InvalidSetting, not an SDK exception" {
        $r = Invoke-Isolated @'
Invoke-Captured { Get-CodeStarUserProfile -Region 'us-east-1 ' -EndpointUrl $env:T_URL -AccessKey AKIACODESTARLOCAL001 -SecretKey x }
Invoke-Captured { Get-CodeStarUserProfile -EndpointUrl $env:T_URL -AccessKey AKIACODESTARLOCAL001 -SecretKey x }
'@ -Environment @{ T_URL = $url; AWS_REGION = 'US East 1' }
        foreach ($c in $r) {
            $c.Terminating.Id | Should -BeLike 'InvalidSetting,CodeStarProfiles.*'
            $c.Terminating.Category | Should -Be 'InvalidArgument'
            $c.Terminating.ExceptionType | Should -Be 'CodeStarProfiles.CodeStarProfileException'
            $c.Terminating.Advice | Should -Not -BeNullOrEmpty
            $c.Terminating.Advice | Should -Not -Be $c.Terminating.Message
        }
        $r[0].Terminating.Message | Should -BeLike "*'us-east-1 ' from -Region*"
        $r[1].Terminating.Message | Should -BeLike "*'US East 1' from AWS_REGION*"
    }

    It 'a malformed shared config file is InvalidSetting on every cmdlet, naming the file' {
        $config = Join-Path $dir 'malformed-config'
        [IO.File]::WriteAllText($config, "[default`nregion = us-east-1`n")
        $r = Invoke-Isolated @'
foreach ($command in 'Get-CodeStarUserProfile', 'New-CodeStarUserProfile', 'Set-CodeStarUserProfile', 'Remove-CodeStarUserProfile') {
    $extra = if ($command -like 'Get-*') { @{} } else { @{ Confirm = $false } }
    Invoke-Captured { [pscustomobject]@{ UserArn = $env:T_ARN; DisplayName = 'X'; EmailAddress = 'x@example.com' } | & $command -EndpointUrl $env:T_URL @extra }
}
'@ -Environment @{ AWS_CONFIG_FILE = $config; T_URL = $url; T_ARN = (New-TestArn -Prefix malformed) }
        @($r).Count | Should -Be 4
        foreach ($c in $r) {
            $c.Errors | Should -BeNullOrEmpty
            $c.Terminating.Id | Should -BeLike 'InvalidSetting,CodeStarProfiles.*'
            $c.Terminating.Category | Should -Be 'InvalidArgument'
            $c.Terminating.Message | Should -BeLike "*$config*"
            $c.Terminating.Advice | Should -BeLike '*AWS_CONFIG_FILE*'
        }
    }

    It 'refuses -Credential with -AccessKey/-SecretKey, and says that a -ProfileLocation file does not exist' {
        $r = Invoke-Isolated @'
Invoke-Captured { Get-CodeStarUserProfile -EndpointUrl $env:T_URL -Region us-east-1 -Credential ([pscredential]::new('AKIACREDENTIAL', (ConvertTo-SecureString 'CredentialSecretNotShown' -AsPlainText -Force))) -AccessKey AKIAKEYS -SecretKey KeysSecretNotShown }
Invoke-Captured { Get-CodeStarUserProfile -EndpointUrl $env:T_URL -Region us-east-1 -ProfileName onboarding -ProfileLocation ./no-such-credentials }
Invoke-Captured { New-CodeStarUserProfile arn:aws:iam::123456789012:user/whatif 'What If' w@example.com -WhatIf -EndpointUrl $env:T_URL -Region us-east-1 -Credential ([pscredential]::new('AKIACREDENTIAL', (ConvertTo-SecureString 'x' -AsPlainText -Force))) -AccessKey AKIAKEYS -SecretKey y }
'@ -Environment @{ T_URL = $url }
        $r[2].Terminating.Id | Should -BeLike 'InvalidSetting,CodeStarProfiles.*' -Because 'a -WhatIf preview, which opens no session, refuses it as the real run does'
        $r[2].Output | Should -BeNullOrEmpty
        $r[0].Terminating.Id | Should -BeLike 'InvalidSetting,CodeStarProfiles.*'
        $r[0].Terminating.Message | Should -BeLike '*-Credential and -AccessKey/-SecretKey both give keys*nothing was sent*'
        $r[0].Terminating.Advice | Should -BeLike '*either -Credential*or -AccessKey and -SecretKey, not both*'
        ($r[0] | ConvertTo-Json -Depth 5) | Should -Not -Match 'SecretNotShown'
        $r[1].Terminating.Id | Should -BeLike 'ProfileNotFound,CodeStarProfiles.*'
        $r[1].Terminating.Message | Should -BeLike '*The credentials file */no-such-credentials given by -ProfileLocation does not exist.'
        $r[1].Terminating.Advice | Should -BeLike '*relative path is taken from the current location*'
    }

    It 'a mistyped line of a credentials file is named by its number, never shown: it may hold a secret key' {
        # 'key: value' for 'key = value', in a profile the command does not even use: the SDK's own message quotes the line.
        $secret = 'TypoSecretMustNotLeak0123456789abcdefXYZ'
        $typo = New-ProfileFile "[default]`naws_access_key_id = $LocalAccessKey`naws_secret_access_key = $LocalSecretKey`n`n[other]`naws_access_key_id = AKIAOTHER`naws_secret_access_key: $secret`n"
        $r = Invoke-Isolated @'
Invoke-Captured { Get-CodeStarUserProfile -EndpointUrl $env:T_URL -Region us-east-1 -Verbose }
Invoke-Captured { Get-CodeStarUserProfile -EndpointUrl $env:T_URL -Region us-east-1 -ProfileName default -ProfileLocation $env:T_TYPO }
"$($Error | ForEach-Object { $_; $_.Exception.ToString(); $_.ErrorDetails.RecommendedAction })"
'@ -Environment @{ AWS_SHARED_CREDENTIALS_FILE = $typo; T_TYPO = $typo; T_URL = $url }
        foreach ($c in $r[0], $r[1]) {
            $c.Terminating.Id | Should -BeLike 'InvalidSetting,CodeStarProfiles.*'
            $c.Terminating.Message | Should -BeLike "*Line 7 (its text is not shown*in file*$typo*"
        }
        ($r | ConvertTo-Json -Depth 6) | Should -Not -Match $secret
        $r[2] | Should -Not -BeNullOrEmpty # the session's $Error, exceptions and all
        $r[2] | Should -Not -Match $secret
    }
}

Describe 'Retry settings' {
    It 'come from AWS_MAX_ATTEMPTS unless a parameter says otherwise' {
        $r = Invoke-Isolated @'
foreach ($extra in @{}, @{ MaxRetryAttempts = 3 }) {
    Invoke-Captured { Get-CodeStarUserProfile $env:T_ARN -EndpointUrl $env:T_URL -Region us-east-1 -AccessKey AKIACODESTARLOCAL001 -SecretKey LocalOnlyCodeStarSecretKeyDoNotUseInAws0 -Verbose @extra }
}
'@ -Environment @{ AWS_MAX_ATTEMPTS = '2'; T_ARN = (New-TestArn -Prefix attempts); T_URL = $failing.Url }
        foreach ($c in $r) {
            @($c.Errors).Count | Should -Be 1
            $c.Errors[0].Id | Should -BeLike 'ServiceError,*'
        }
        @($r[0].Verbose | Where-Object { $_ -like '*DescribeUserProfile*' -and $_ -like '*failed with*' }).Count | Should -Be 2   # AWS_MAX_ATTEMPTS counts the first attempt
        @($r[1].Verbose | Where-Object { $_ -like '*DescribeUserProfile*' -and $_ -like '*failed with*' }).Count | Should -Be 4   # the parameter wins: 1 + 3 retries
    }

    It 'come from the profile in use, below the variables and the parameters' {
        $file = New-ProfileFile @"
[runbook]
aws_access_key_id = $LocalAccessKey
aws_secret_access_key = $LocalSecretKey
region = us-east-1
max_attempts = 5
retry_mode = adaptive
"@
        $command = @'
Invoke-Captured { Get-CodeStarUserProfile $env:T_ARN -EndpointUrl $env:T_URL -ProfileName runbook -ProfileLocation $env:T_FILE -Verbose @extra }
'@
        $common = @{ T_ARN = (New-TestArn -Prefix profileattempts); T_URL = $failing.Url; T_FILE = $file }
        $fromProfile = Invoke-Isolated ('$extra = @{}' + "`n" + $command) -Environment $common
        $fromVariables = Invoke-Isolated ('$extra = @{}' + "`n" + $command) -Environment ($common + @{ AWS_MAX_ATTEMPTS = '2'; AWS_RETRY_MODE = 'standard' })
        $fromParameters = Invoke-Isolated ('$extra = @{ MaxRetryAttempts = 0; RetryMode = ''Adaptive'' }' + "`n" + $command) -Environment ($common + @{ AWS_MAX_ATTEMPTS = '2'; AWS_RETRY_MODE = 'standard' })
        $expected = @(
            @{ Run = $fromProfile[0]; Attempts = 5; Settings = 'Adaptive retry mode, up to 5 attempts a request' }
            @{ Run = $fromVariables[0]; Attempts = 2; Settings = 'Standard retry mode, up to 2 attempts a request' }
            @{ Run = $fromParameters[0]; Attempts = 1; Settings = 'Adaptive retry mode, up to 1 attempt a request' }
        )
        foreach ($e in $expected) {
            $e.Run.Errors[0].Id | Should -BeLike 'ServiceError,*'
            @($e.Run.Verbose | Where-Object { $_ -like '*DescribeUserProfile*' -and $_ -like '*failed with*' }).Count | Should -Be $e.Attempts
            @($e.Run.Verbose | Where-Object { $_ -like '*retry mode*' }).Count | Should -Be 1
            ($e.Run.Verbose | Where-Object { $_ -like '*retry mode*' }) | Should -BeLike "*$($e.Settings)*"
        }
    }
}

Describe '-Region always wins, and is the signing region' {
    It 'with <Name> set, -Region signs and -Verbose reports it' -ForEach @(
        @{ Name = 'AWS_ENDPOINT_URL_CODESTAR'; Variable = 'AWS_ENDPOINT_URL_CODESTAR'; Profile = $null }
        @{ Name = 'AWS_ENDPOINT_URL'; Variable = 'AWS_ENDPOINT_URL'; Profile = $null }
        @{ Name = "a profile's endpoint_url"; Variable = $null; Profile = 'eu-endpoint' }
    ) {
        $environment = @{ AWS_REGION = 'us-east-1'; T_FILE = $profiles }
        if ($Variable) { $environment += $keys; $environment[$Variable] = $euEndpoint.Url } else { $environment['AWS_SHARED_CREDENTIALS_FILE'] = $profiles; $environment['AWS_PROFILE'] = $Profile }
        $r = Invoke-Isolated @'
Invoke-Captured { Get-CodeStarUserProfile -Region eu-west-1 -Verbose }
Invoke-Captured { Get-CodeStarUserProfile -Verbose }
'@ -Environment $environment
        $r[0].Errors | Should -BeNullOrEmpty
        $r[0].Terminating | Should -BeNullOrEmpty
        $r[0].Verbose | Where-Object { $_ -like "*endpoint $($euEndpoint.Url)*region eu-west-1 (from -Region, also the signing region)*" } | Should -Not -BeNullOrEmpty
        # Without -Region the fallback (us-east-1) signs, which this endpoint refuses: the advice names the region.
        @($r[1].Errors).Count | Should -Be 1
        $r[1].Errors[0].Id | Should -BeLike 'AccessDenied,*'
        $r[1].Errors[0].Advice | Should -BeLike '*-Region*'
    }

    It 'never blames -Region when it was right' {
        $r = Invoke-Isolated @'
Invoke-Captured { Get-CodeStarUserProfile -Region eu-west-1 -EndpointUrl $env:T_URL -AccessKey AKIACODESTARLOCAL001 -SecretKey not-the-secret }
Invoke-Captured { Get-CodeStarUserProfile -Region eu-west-1 -EndpointUrl $env:T_URL -AccessKey AKIANOTKNOWNHERE0001 -SecretKey not-the-secret }
'@ -Environment @{ T_URL = $euEndpoint.Url }
        foreach ($c in $r) {
            $c.Errors[0].Id | Should -BeLike 'AccessDenied,*'
            $c.Errors[0].Category | Should -Be 'PermissionDenied'
            $c.Errors[0].Advice | Should -Not -BeLike '*-Region*'
            $c.Errors[0].Advice | Should -BeLike '*credentials*'
        }
    }
}

Describe 'Every setting is read afresh at each command' {
    It 'a change of AWS_REGION, AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE applies to the next command in the same session' {
        $configEu = Join-Path $dir 'config-eu'
        [IO.File]::WriteAllText($configEu, "[default]`nregion = eu-west-1`n")
        $configUs = Join-Path $dir 'config-us'
        [IO.File]::WriteAllText($configUs, "[default]`nregion = us-east-1`n")
        $second = New-ProfileFile @"
[other]
aws_access_key_id = $LocalAccessKey
aws_secret_access_key = $LocalSecretKey
region = eu-west-1
"@
        $r = Invoke-Isolated @'
$env:AWS_REGION = 'eu-west-1'
Invoke-Captured { Get-CodeStarUserProfile -Verbose }
$env:AWS_REGION = 'us-east-1'
Invoke-Captured { Get-CodeStarUserProfile -Verbose }
Remove-Item Env:AWS_REGION, Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY
$env:AWS_SHARED_CREDENTIALS_FILE = $env:T_SECOND
$env:AWS_PROFILE = 'other'
Invoke-Captured { Get-CodeStarUserProfile -Verbose }
Remove-Item Env:AWS_PROFILE
$env:AWS_SHARED_CREDENTIALS_FILE = $env:T_NONE
$env:AWS_ACCESS_KEY_ID = 'AKIACODESTARLOCAL001'; $env:AWS_SECRET_ACCESS_KEY = 'LocalOnlyCodeStarSecretKeyDoNotUseInAws0'
$env:AWS_CONFIG_FILE = $env:T_CONFIG_EU
Invoke-Captured { Get-CodeStarUserProfile -Verbose }
$env:AWS_CONFIG_FILE = $env:T_CONFIG_US
Invoke-Captured { Get-CodeStarUserProfile -Verbose }
'@ -Environment ($keys + @{ AWS_ENDPOINT_URL_CODESTAR = $euEndpoint.Url; T_SECOND = $second; T_NONE = (Join-Path $dir 'none'); T_CONFIG_EU = $configEu; T_CONFIG_US = $configUs })
        $r[0].Errors | Should -BeNullOrEmpty
        $r[0].Verbose | Where-Object { $_ -like '*region eu-west-1 (from AWS_REGION*' } | Should -Not -BeNullOrEmpty
        $r[1].Verbose | Where-Object { $_ -like '*region us-east-1 (from AWS_REGION*' } | Should -Not -BeNullOrEmpty
        $r[1].Errors[0].Id | Should -BeLike 'AccessDenied,*'
        $r[2].Errors | Should -BeNullOrEmpty
        $r[2].Terminating | Should -BeNullOrEmpty
        $r[2].Verbose | Where-Object { $_ -like "*region eu-west-1 (from profile 'other'*credentials from profile 'other'*" } | Should -Not -BeNullOrEmpty
        # The config file named by AWS_CONFIG_FILE when the command starts gives the default profile's region.
        $r[3].Errors | Should -BeNullOrEmpty
        $r[3].Verbose | Where-Object { $_ -like "*region eu-west-1 (from profile 'default'*" } | Should -Not -BeNullOrEmpty
        $r[4].Verbose | Where-Object { $_ -like "*region us-east-1 (from profile 'default'*" } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Role profiles assume their role at the STS the settings name' {
    It 'role_arn + source_profile with AWS_ENDPOINT_URL_STS: one AssumeRole for the whole run, every row created' {
        $before = @(Get-EndpointLog 'sts:AssumeRole' 0).Count
        $r = Invoke-Isolated @'
Invoke-Captured { 1..5 | ForEach-Object { [pscustomobject]@{ UserArn = "$env:T_ARN$_"; DisplayName = "Role User $_"; EmailAddress = "role$_@example.com" } } | New-CodeStarUserProfile -ProfileName role -Verbose }
'@ -Environment @{ AWS_SHARED_CREDENTIALS_FILE = $profiles; AWS_ENDPOINT_URL_STS = $url; AWS_ENDPOINT_URL_CODESTAR = $url; T_ARN = (New-TestArn -Prefix role) }
        $r[0].Terminating | Should -BeNullOrEmpty
        $r[0].Errors | Should -BeNullOrEmpty
        @($r[0].Output).Count | Should -Be 5
        $r[0].Verbose | Where-Object { $_ -like "*credentials from profile 'role'*" } | Should -Not -BeNullOrEmpty
        @(Get-EndpointLog 'sts:AssumeRole 200' ($before + 1)).Count | Should -Be ($before + 1)
    }

    It "a role profile's endpoint_url serves both STS and CodeStar; AWS_PROFILE selects it" {
        $arn = New-TestArn -Prefix roleendpoint
        $r = Invoke-Isolated @'
Invoke-Captured { New-CodeStarUserProfile $env:T_ARN 'Role Endpoint' re@example.com -Verbose }
'@ -Environment @{ AWS_SHARED_CREDENTIALS_FILE = $profiles; AWS_PROFILE = 'role-endpoint'; T_ARN = $arn }
        $r[0].Terminating | Should -BeNullOrEmpty
        $r[0].Errors | Should -BeNullOrEmpty
        $r[0].Output | Should -Be $arn
        $r[0].Verbose | Where-Object { $_ -like "*endpoint $url (from endpoint_url of profile 'role-endpoint')*credentials from profile 'role-endpoint'*" } | Should -Not -BeNullOrEmpty
    }

    It 'a source that cannot produce credentials is ONE terminating error naming the profile and what failed (<Profile>)' -ForEach @(
        @{ Profile = 'badrole'; Id = 'NoCredentials'; Category = 'AuthenticationError'; Says = @("*'badrole'*", '*arn:aws:iam::123456789012:role/CodeStarAdmin*', '*SignatureDoesNotMatch*'); Advice = '*role_arn*' }
        @{ Profile = 'proc'; Id = 'NoCredentials'; Category = 'AuthenticationError'; Says = @("*'proc'*", '*the token expired*'); Advice = '*credential_process*' }
        @{ Profile = 'orphan'; Id = 'ProfileNotFound'; Category = 'ObjectNotFound'; Says = @("*'orphan'*", "*'nosuchsource'*"); Advice = '*source_profile*' }
        @{ Profile = 'sso'; Id = 'NoCredentials'; Category = 'AuthenticationError'; Says = @("*'sso'*"); Advice = '*aws sso login --profile sso*' }
    ) {
        $before = @(Get-EndpointLog 'CreateUserProfile' 0).Count
        $r = Invoke-Isolated @'
Invoke-Captured { 1..3 | ForEach-Object { [pscustomobject]@{ UserArn = "$env:T_ARN$_"; DisplayName = 'X'; EmailAddress = 'x@example.com' } } | New-CodeStarUserProfile -ProfileName $env:T_PROFILE -ProfileLocation $env:T_FILE -EndpointUrl $env:T_URL }
'@ -Environment @{ T_FILE = $profiles; T_PROFILE = $Profile; T_URL = $url; AWS_ENDPOINT_URL_STS = $url; T_ARN = (New-TestArn -Prefix badsource) }
        $r[0].Errors | Should -BeNullOrEmpty
        $r[0].Output | Should -BeNullOrEmpty
        $r[0].Terminating.Id | Should -BeLike "$Id,CodeStarProfiles.*"
        $r[0].Terminating.Category | Should -Be $Category
        $r[0].Terminating.ExceptionType | Should -Be 'CodeStarProfiles.CodeStarProfileException'
        foreach ($s in $Says) { $r[0].Terminating.Message | Should -BeLike $s }
        $r[0].Terminating.Message | Should -Not -BeLike '*could not be found or loaded*'
        $r[0].Terminating.Message | Should -Not -BeLike "*$LocalSecretKey*"
        $r[0].Terminating.Advice | Should -BeLike $Advice
        $r[0].Terminating.Advice | Should -Not -Be $r[0].Terminating.Message
        Start-Sleep -Milliseconds 300
        @(Get-EndpointLog 'CreateUserProfile' 0).Count | Should -Be $before   # no row was sent
    }
}
