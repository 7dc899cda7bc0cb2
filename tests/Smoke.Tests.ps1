# The module imports in a real pwsh and does the basic job end to end; nothing AWSSDK leaks out.
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $endpoint = Start-TestEndpoint
    $conn = $endpoint.Connection
}
AfterAll {
    Stop-TestEndpoint $endpoint
}

Describe 'A first session' {
    It 'creates a profile and shows it in the default view' {
        $arn = New-TestArn -Prefix smoke
        $created = New-CodeStarUserProfile -UserArn $arn -DisplayName 'Mary Jane Major' -EmailAddress 'mary@example.com' @conn -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $created.Initials | Should -Be 'MJ'
        $created.PSObject.TypeNames[0] | Should -Be 'CodeStarProfiles.NewCodeStarUserProfileResult'
        $created.PSObject.TypeNames[1] | Should -Be 'CodeStarProfiles.CodeStarUserProfile'
        # New-'s result is shown in the profile's own view (its first lines are Get-'s header), and Export-Csv keeps its Outcome.
        $createdText = $created | Out-String -Width 160
        $text = Get-CodeStarUserProfile -UserArn $arn @conn | Out-String -Width 160
        ($createdText.Trim() -split "`n")[0].TrimEnd() | Should -Be (($text.Trim() -split "`n")[0].TrimEnd())
        ($created | ConvertTo-Csv)[0] | Should -Match '"Outcome"'
        ($created | ConvertTo-Csv | ConvertFrom-Csv).Outcome | Should -Be 'Created'
        # The table's DisplayName column is 14 wide (every column fits 80): the name is cut there, and shown whole by Format-List.
        $text | Should -Match "Mary Jane Maj$([char]0x2026)\s+mary@example\.com"
        ($created | Format-List | Out-String -Width 160) | Should -Match 'DisplayName\s+: Mary Jane Major\r?\n'
    }

    It 'exports exactly the cmdlets of the manifest' {
        (Get-Command -Module CodeStarProfiles).Name | Sort-Object | Should -Be @(
            (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport | Sort-Object)
    }
}

Describe 'The public surface' {
    It 'exposes no AWSSDK or Engine type from the cmdlet assembly' {
        $assembly = (Get-Command New-CodeStarUserProfile).ImplementingType.Assembly
        $flags = [Reflection.BindingFlags]'Public, Instance, Static, DeclaredOnly'
        $offenders = foreach ($type in $assembly.GetExportedTypes()) {
            $used = @($type.BaseType) + @(foreach ($m in $type.GetMembers($flags)) {
                    switch ($m) {
                        { $_ -is [Reflection.PropertyInfo] } { $_.PropertyType }
                        { $_ -is [Reflection.FieldInfo] } { $_.FieldType }
                        { $_ -is [Reflection.MethodBase] } {
                            foreach ($p in $_.GetParameters()) { $p.ParameterType }
                            if ($_ -is [Reflection.MethodInfo]) { $_.ReturnType }
                        }
                    }
                })
            $used | Where-Object { $_ -and $_.Assembly.GetName().Name -in 'AWSSDK.Core', 'CodeStarProfiles.Engine' } |
                ForEach-Object { "$($type.Name) uses $($_.FullName)" }
        }
        $offenders | Should -BeNullOrEmpty
        $assembly.GetExportedTypes().Name | Should -Contain 'NewCodeStarUserProfileCommand'
    }
}
