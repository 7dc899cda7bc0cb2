# The PowerShell Gallery package, made the way a maintainer makes it: ./build.ps1 -Task Package in a real
# pwsh (-NoBuild: the run has just built, and Build.Tests.ps1 exercises the build step itself). Its layout and metadata, a content type for every part, and one version everywhere (the
# manifest's). build.ps1 itself wraps the dotnet steps and stops at the first that fails.
BeforeAll {
    . $PSScriptRoot/common.ps1
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $manifestData = Import-PowerShellDataFile $ModuleManifest
    $version = $manifestData.ModuleVersion
    $package = Join-Path $RepoRoot "out/CodeStarProfiles.$version.nupkg"
    Remove-Item $package -ErrorAction SilentlyContinue
    $build = Invoke-TestPwsh -Command "Set-Location ([IO.Path]::GetTempPath()); & '$RepoRoot/build.ps1' -Task Package -NoBuild -Configuration $TestConfiguration" -TimeoutSec 600
    $zip = if (Test-Path $package) { [System.IO.Compression.ZipFile]::OpenRead($package) }
    function Read-Entry([string] $Name) {
        $reader = [IO.StreamReader]::new($zip.GetEntry($Name).Open())
        try { $reader.ReadToEnd() } finally { $reader.Dispose() }
    }
}
AfterAll {
    if ($zip) { $zip.Dispose() }
}

Describe './build.ps1 -Task Package' {
    It 'succeeds and writes out/CodeStarProfiles.<version>.nupkg' {
        $build.ExitCode | Should -Be 0 -Because ($build.Error -join "`n")
        $build.Output | Should -Contain '==> Package'
        $build.Output | Should -Not -Contain '==> Build'
        $package | Should -Exist
    }

    It 'lays the module out as the Gallery expects, with no test fixtures or symbols' {
        $names = $zip.Entries.FullName
        foreach ($expected in 'CodeStarProfiles.psd1', 'CodeStarProfiles.dll', 'CodeStarProfiles.format.ps1xml', 'CodeStarProfiles.LoadContext.dll', 'LICENSE',
            'dependencies/AWSSDK.Core.dll', 'dependencies/AWSSDK.SecurityToken.dll', 'dependencies/AWSSDK.SSO.dll', 'dependencies/AWSSDK.SSOOIDC.dll',
            'dependencies/CodeStarProfiles.Engine.dll', 'en-US/CodeStarProfiles.dll-Help.xml', 'en-US/about_CodeStarProfiles.help.txt',
            'CodeStarProfiles.nuspec', '[Content_Types].xml', '_rels/.rels') {
            $names | Should -Contain $expected
        }
        $names | Where-Object { $_ -like '*fixtures*' -or $_ -like '*.pdb' } | Should -BeNullOrEmpty
    }

    It 'carries the manifest''s metadata in its nuspec' {
        [xml] $nuspec = Read-Entry 'CodeStarProfiles.nuspec'
        $meta = $nuspec.package.metadata
        $meta.id | Should -Be 'CodeStarProfiles'
        $meta.version | Should -Be $version
        $tags = $meta.tags -split ' '
        $tags | Should -Contain 'PSModule'
        foreach ($cmdlet in $manifestData.CmdletsToExport) { $tags | Should -Contain "PSCmdlet_$cmdlet" }
        $manifestText = Get-Content -Raw $ModuleManifest
        $manifestText | Should -BeLike "*$($meta.projectUrl)*"
        $manifestText | Should -BeLike "*$($meta.licenseUrl)*"
        $meta.description | Should -BeLike 'Manage AWS CodeStar user profiles*'
    }

    It 'gives every part a content type, LICENSE (which has no extension) included' {
        [xml] $types = Read-Entry '[Content_Types].xml'
        $defaults = @($types.Types.Default | ForEach-Object { $_.Extension.ToLowerInvariant() })
        $overrides = @($types.Types.Override | ForEach-Object { $_.PartName })
        $overrides | Should -Contain '/LICENSE'
        foreach ($entry in $zip.Entries.FullName | Where-Object { $_ -ne '[Content_Types].xml' }) {
            $extension = [IO.Path]::GetExtension($entry).TrimStart('.').ToLowerInvariant()
            ($extension -and $defaults -contains $extension) -or ($overrides -contains "/$entry") | Should -BeTrue -Because "$entry needs a content type"
        }
    }

    It 'has one version everywhere: the manifest''s ModuleVersion is every assembly''s version' {
        $expected = [version] $version
        $expected = [version]::new($expected.Major, $expected.Minor, [Math]::Max($expected.Build, 0), [Math]::Max($expected.Revision, 0))
        $moduleDir = Split-Path -Parent $ModuleManifest
        foreach ($dll in 'CodeStarProfiles.dll', 'CodeStarProfiles.LoadContext.dll', 'dependencies/CodeStarProfiles.Engine.dll') {
            $path = Join-Path $moduleDir $dll
            [Reflection.AssemblyName]::GetAssemblyName($path).Version | Should -Be $expected -Because "$dll must carry the module's version"
            $fileVersion = [version] [Diagnostics.FileVersionInfo]::GetVersionInfo($path).FileVersion
            [version]::new($fileVersion.Major, $fileVersion.Minor, [Math]::Max($fileVersion.Build, 0), [Math]::Max($fileVersion.Revision, 0)) | Should -Be $expected
        }
        $r = Invoke-TestPwsh -Command 'Import-Module CodeStarProfiles; "{0}|{1}" -f (Get-Module CodeStarProfiles).Version, (Get-Command New-CodeStarUserProfile).ImplementingType.Assembly.GetName().Version'
        $moduleVersion, $assemblyVersion = $r.Output[-1] -split '\|'
        [version] $moduleVersion | Should -Be ([version] $version)
        [version] $assemblyVersion | Should -Be $expected
    }
}

Describe 'build.ps1' {
    It 'parses, runs under strict mode and stops at the first failing step' {
        $script = Join-Path $RepoRoot 'build.ps1'
        $parseErrors = $null
        [System.Management.Automation.Language.Parser]::ParseFile($script, [ref] $null, [ref] $parseErrors) | Out-Null
        $parseErrors | Should -BeNullOrEmpty

        # A stand-in for dotnet that records its arguments; it fails on the step named in $failOn.
        $r = Invoke-TestPwsh -Command @"
`$global:calls = [System.Collections.Generic.List[string]]::new()
function global:dotnet { `$global:calls.Add(`$args -join ' '); `$global:LASTEXITCODE = if (`$global:failOn -and `$args[0] -eq `$global:failOn) { 1 } else { 0 } }
`$global:failOn = `$null
& '$script' -Task Package *> `$null
`$ok = @(`$global:calls)
`$global:calls.Clear(); `$global:failOn = 'build'
`$failure = try { & '$script' -Task Test *> `$null; `$null } catch { `$_.Exception.Message }
[pscustomobject]@{ Ok = `$ok; Failure = `$failure; CallsAfterFailure = `$global:calls.Count } | ConvertTo-Json -Compress
"@
        $r.ExitCode | Should -Be 0 -Because ($r.Error -join "`n")
        $result = $r.Output[-1] | ConvertFrom-Json
        $root = $RepoRoot.TrimEnd('/')
        $result.Ok | Should -Be @("build $root/CodeStarProfiles.sln -c Release -nologo", "run --project $root/build/CodeStarProfiles.Build -c Release -- package $root/out/CodeStarProfiles $root/out")
        $result.Failure | Should -BeLike '*Build failed*'
        $result.CallsAfterFailure | Should -Be 1   # the test step never ran
    }
}
