@{
    # The one place the module version lives; the build and the package read it from here.
    ModuleVersion        = '0.1.0'
    GUID                 = '6637a952-b53c-4f74-9466-0cbfcc397e11'
    RootModule           = 'CodeStarProfiles.dll'
    Author               = 'The CodeStarProfiles developers'
    CompanyName          = 'CodeStarProfiles'
    Copyright            = '(c) The CodeStarProfiles developers. MIT License.'
    Description          = 'Manage AWS CodeStar user profiles from PowerShell: New-, Get-, Set- and Remove-CodeStarUserProfile. Bulk CSV onboarding where one bad row never stops the rest, retries with backoff, progress, and an AWS SDK of its own that never clashes with other modules. Ships a CodeStar-compatible local endpoint for trying it and testing runbooks without AWS.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('CodeStarProfiles.format.ps1xml')
    CmdletsToExport      = @('New-CodeStarUserProfile', 'Get-CodeStarUserProfile', 'Set-CodeStarUserProfile', 'Remove-CodeStarUserProfile', 'Compare-CodeStarUserProfile', 'Sync-CodeStarUserProfile')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'CodeStar', 'UserProfile', 'IAM', 'Onboarding', 'Bulk')
            ProjectUri   = 'https://github.com/codestarprofiles/CodeStarProfiles'
            LicenseUri   = 'https://github.com/codestarprofiles/CodeStarProfiles/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md: first release: New-, Get-, Set- and Remove-CodeStarUserProfile, local endpoint.'
        }
    }
}
