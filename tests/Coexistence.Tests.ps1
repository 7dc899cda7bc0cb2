# Another module's AWSSDK.Core (3.7.x as AWS.Tools 4.x loads it, or a different 4.x) loaded before or
# after ours, each in a fresh pwsh: every cmdlet works, both SDKs stay usable, and ours runs on its own
# copy in its own load context.
BeforeDiscovery {
    $cases = foreach ($fixture in @(@{ Fixture = 'ForeignAwsSdk37'; Version = '3.7.402' }, @{ Fixture = 'ForeignAwsSdk4'; Version = '4.0.3.3' })) {
        foreach ($order in 'before', 'after') { @{ Fixture = $fixture.Fixture; Version = $fixture.Version; Order = $order } }
    }
}
BeforeAll {
    . $PSScriptRoot/common.ps1
    $endpoint = Start-TestEndpoint
    $script = @'
param($Order, $Foreign, $Endpoint, $Arn, $AccessKey, $SecretKey)
$ErrorActionPreference = 'Stop'
function Load-Foreign {
    $asm = [System.Reflection.Assembly]::LoadFrom($Foreign)
    $type = $asm.GetType('Amazon.Runtime.BasicAWSCredentials', $true)
    $creds = [Activator]::CreateInstance($type, [object[]]@('AKIAFOREIGNMODULE001', 'foreign-secret'))
    'foreign-ok ' + $creds.GetCredentials().AccessKey
}
if ($Order -eq 'before') { Load-Foreign }
Import-Module CodeStarProfiles
$conn = @{ EndpointUrl = $Endpoint; Region = 'us-east-1'; AccessKey = $AccessKey; SecretKey = $SecretKey }
New-CodeStarUserProfile $Arn 'Coexist Before' coexist@example.com @conn | ForEach-Object { 'new ' + $_.UserArn }
Get-CodeStarUserProfile $Arn @conn | ForEach-Object { 'get ' + $_.DisplayName }
Set-CodeStarUserProfile $Arn -DisplayName 'Coexist After' -PassThru @conn | ForEach-Object { 'set ' + $_.DisplayName }
Get-CodeStarUserProfile -DisplayName 'Coexist*' @conn | ForEach-Object { 'list ' + $_.UserArn }
if ($Order -eq 'after') { Load-Foreign }
Remove-CodeStarUserProfile $Arn -Force -PassThru @conn | ForEach-Object { 'remove ' + $_.UserArn }
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object {
    'sdk {0} {1}' -f [System.Diagnostics.FileVersionInfo]::GetVersionInfo($_.Location).FileVersion, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
}
'@
    $scriptFile = Join-Path $endpoint.Directory 'coexist.ps1'
    Set-Content -Path $scriptFile -Value $script
}
AfterAll {
    Stop-TestEndpoint $endpoint
}

Describe 'Beside another AWSSDK.Core' {
    It 'every cmdlet works with <Fixture> (<Version>) loaded <Order> the import' -ForEach $cases {
        $foreign = Join-Path $RepoRoot "out/fixtures/$Fixture/AWSSDK.Core.dll"
        $foreign | Should -Exist -Because 'the fixture project builds it'
        $arn = New-TestArn -Prefix "coexist$Order"
        $r = Invoke-TestPwsh "& '$scriptFile' -Order $Order -Foreign '$foreign' -Endpoint '$($endpoint.Url)' -Arn '$arn' -AccessKey $LocalAccessKey -SecretKey $LocalSecretKey"
        $all = ($r.Output + $r.Error) -join "`n"
        $r.ExitCode | Should -Be 0 -Because $all
        $r.Output | Should -Contain 'foreign-ok AKIAFOREIGNMODULE001'
        $r.Output | Should -Contain "new $arn"
        $r.Output | Should -Contain 'get Coexist Before'
        $r.Output | Should -Contain 'set Coexist After'
        $r.Output | Should -Contain "list $arn"
        $r.Output | Should -Contain "remove $arn"
        # Two SDKs side by side: theirs in the default context, ours (4.0.102.19) in ours.
        $sdks = @($r.Output | Where-Object { $_ -like 'sdk *' })
        $sdks.Count | Should -Be 2 -Because $all
        $sdks | Where-Object { $_ -like "sdk $Version* Default" } | Should -Not -BeNullOrEmpty
        $sdks | Where-Object { $_ -like 'sdk 4.0.102.19* CodeStarProfiles' } | Should -Not -BeNullOrEmpty
    }
}
