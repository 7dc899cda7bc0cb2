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

# The ReadyToRun sets the Release build lays out in dependencies/<framework>-<runtime>/ (see
# build/CodeStarProfiles.ReadyToRun): the load context takes the one for the process's .NET version and
# runtime, and the IL assemblies when there is none.
Describe 'ReadyToRun images' {
    BeforeAll {
        $moduleDir = Split-Path -Parent $ModuleManifest
        $dependencies = Join-Path $moduleDir 'dependencies'
        $probe = @'
param($Manifest, $Endpoint, $Arn, $AccessKey, $SecretKey)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$null = Get-CodeStarUserProfile -UserArn $Arn -EndpointUrl $Endpoint -Region us-east-1 -AccessKey $AccessKey -SecretKey $SecretKey -ErrorAction SilentlyContinue -ErrorVariable failed
'error ' + $failed[0].FullyQualifiedErrorId
'set net{0}.0-{1}-{2}' -f [Environment]::Version.Major, $(if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }), [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -match '^(AWSSDK\.Core|CodeStarProfiles\.Engine)$' } | ForEach-Object { 'loaded {0} {1}' -f $_.GetName().Name, $_.Location }
'@
        $probeFile = Join-Path $endpoint.Directory 'r2r-probe.ps1'
        Set-Content -Path $probeFile -Value $probe
        # Runs the probe in a fresh pwsh on the module at $Manifest; returns the assembly locations it printed, once the command has reached the endpoint.
        function Invoke-Probe([string] $Manifest) {
            $arn = New-TestArn -Prefix 'r2r'
            $r = Invoke-TestPwsh "& '$probeFile' -Manifest '$Manifest' -Endpoint '$($endpoint.Url)' -Arn '$arn' -AccessKey $LocalAccessKey -SecretKey $LocalSecretKey"
            $r.ExitCode | Should -Be 0 -Because (($r.Output + $r.Error) -join "`n")
            $r.Output | Should -Contain 'error UserProfileNotFound,CodeStarProfiles.Commands.GetCodeStarUserProfileCommand' -Because 'the command reached the endpoint'
            $r.Output
        }
        # The PE machine a ReadyToRun image for the set's runtime carries: the architecture's, XOR the OS's mark outside Windows (as crossgen2 writes it).
        function Get-ExpectedMachine([string] $Set) {
            $os, $arch = ($Set -split '-', 2)[1] -split '-'
            $machine = @{ x64 = 0x8664; arm64 = 0xAA64 }[$arch]
            $machine -bxor @{ win = 0; linux = 0x7B79; osx = 0x4644 }[$os]
        }
        function Get-Machine([string] $Path) {
            $stream = [IO.File]::OpenRead($Path)
            try { [int][Reflection.PortableExecutable.PEReader]::new($stream).PEHeaders.CoffHeader.Machine } finally { $stream.Dispose() }
        }
        function Test-ReadyToRun([string] $Path) {
            $stream = [IO.File]::OpenRead($Path)
            try {
                $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
                $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
            } finally { $stream.Dispose() }
        }
    }

    It 'holds, in every set, a ReadyToRun image of each IL assembly the load context loads, with the same identity' {
        $sets = @(Get-ChildItem -Directory $dependencies)
        if ($TestConfiguration -eq 'Release') {
            $sets.Name | Should -Be @('net10.0-linux-arm64', 'net10.0-linux-x64', 'net10.0-osx-arm64', 'net10.0-win-x64', 'net8.0-linux-x64', 'net8.0-win-x64')
        }
        $il = @(Get-ChildItem (Join-Path $dependencies '*.dll') | Where-Object { $_.Name -match '^(AWSSDK\..*|CodeStarProfiles\.Engine)\.dll$' })
        $il.Count | Should -Be 5
        foreach ($file in $il) { Test-ReadyToRun $file.FullName | Should -BeFalse -Because "dependencies/$($file.Name) is the IL that Windows PowerShell 5.1 loads" }
        foreach ($set in $sets) {
            (Get-ChildItem (Join-Path $set.FullName '*.dll')).Name | Sort-Object | Should -Be ($il.Name | Sort-Object) -Because $set.Name
            foreach ($file in $il) {
                $image = Join-Path $set.FullName $file.Name
                Test-ReadyToRun $image | Should -BeTrue -Because "$($set.Name)/$($file.Name) is compiled ahead of time"
                '0x{0:X4}' -f (Get-Machine $image) | Should -Be ('0x{0:X4}' -f (Get-ExpectedMachine $set.Name)) -Because "$($set.Name)/$($file.Name) is compiled for that OS and architecture"
                [Reflection.AssemblyName]::GetAssemblyName($image).FullName | Should -Be ([Reflection.AssemblyName]::GetAssemblyName($file.FullName).FullName)
            }
        }
    }

    It 'loads the Engine and AWSSDK.Core from the set of this .NET version and runtime' {
        $output = Invoke-Probe $ModuleManifest
        $set = ($output | Where-Object { $_ -like 'set *' }) -replace '^set '
        $setDir = Join-Path $dependencies $set
        if ($TestConfiguration -eq 'Release') { $setDir | Should -Exist -Because "the Release build compiles a set for $set" }
        $output | Should -Contain "loaded CodeStarProfiles.Engine $(Join-Path $setDir 'CodeStarProfiles.Engine.dll')"
        $output | Should -Contain "loaded AWSSDK.Core $(Join-Path $setDir 'AWSSDK.Core.dll')"
    }

    It 'loads the IL assemblies in dependencies/ when no set matches the process, and works the same' {
        $copy = Join-Path (New-TestDirectory) 'CodeStarProfiles'
        Copy-Item -Recurse $moduleDir $copy
        Get-ChildItem -Directory (Join-Path $copy 'dependencies') | Remove-Item -Recurse -Force
        $output = Invoke-Probe (Join-Path $copy 'CodeStarProfiles.psd1')
        $output | Should -Contain "loaded CodeStarProfiles.Engine $(Join-Path $copy 'dependencies/CodeStarProfiles.Engine.dll')"
        $output | Should -Contain "loaded AWSSDK.Core $(Join-Path $copy 'dependencies/AWSSDK.Core.dll')"
        Remove-Item -Recurse -Force (Split-Path -Parent $copy)
    }
}
