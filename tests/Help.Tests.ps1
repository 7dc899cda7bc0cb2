# Get-Help as a user reads it: each cmdlet's synopsis, description, syntax, parameters and examples
# agree with the code; the about topic explains every ErrorId; -Online opens each cmdlet's page; the
# manifest passes Test-ModuleManifest.
BeforeDiscovery {
    # Every cmdlet page in docs/en-US (one per cmdlet; the about topic aside).
    $cmdlets = Get-ChildItem (Join-Path (Split-Path -Parent $PSScriptRoot) 'docs/en-US') -Filter '*-CodeStarUserProfile.md' | ForEach-Object { @{ Name = $_.BaseName } }
}
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $placeholders = '{{', 'Fill in', 'TODO', 'TBD', 'Add example'
    $common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name
    $documented = @(Get-ChildItem (Join-Path $RepoRoot 'docs/en-US') -Filter '*-CodeStarUserProfile.md').BaseName

    # The parameters a user sees: not the common ones, not hidden ones (DontShow).
    function Get-VisibleParameter($parameters) {
        $parameters | Where-Object {
            $common -notcontains $_.Name -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
        }
    }
}

Describe 'The module' {
    It 'exports exactly the documented cmdlets, the six of the manifest' {
        (Get-Module CodeStarProfiles).ExportedCmdlets.Keys | Sort-Object | Should -Be ($documented | Sort-Object)
        (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport | Sort-Object | Should -Be ($documented | Sort-Object)
        @($documented).Count | Should -Be 6
    }

    It 'has a manifest that passes Test-ModuleManifest and carries what the Gallery shows' {
        $m = Test-ModuleManifest $ModuleManifest -ErrorAction Stop
        $m.Name | Should -Be 'CodeStarProfiles'
        $m.Description | Should -Not -BeNullOrEmpty
        $m.Author | Should -Not -BeNullOrEmpty
        $m.ExportedCmdlets.Count | Should -Be 6
        Get-Content -Raw $ModuleManifest | Should -Match 'PSData'
    }
}

Describe 'Get-Help <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $cmd = Get-Command $Name
        $markdown = Get-Content -Raw (Join-Path $RepoRoot "docs/en-US/$Name.md")
    }

    It 'has a synopsis, a real description and at least three examples of the cmdlet' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Contains("$Name [") | Should -BeFalse   # PowerShell falls back to the syntax when a cmdlet has no help
        ($help.description.Text -join '').Length | Should -BeGreaterThan 200
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
        foreach ($e in $help.examples.example) {
            $remarks = @($e.remarks | Where-Object { $_ -and $_.PSObject.Properties['Text'] } | ForEach-Object Text) -join ''
            ($e.code + $remarks) | Should -BeLike "*$Name*"
        }
    }

    It 'documents exactly the parameters of the code, each described, with its aliases and wildcard support' {
        $codeParameters = (Get-VisibleParameter $cmd.Parameters.Values).Name | Sort-Object
        $helpParameters = $help.parameters.parameter.name | Sort-Object
        $helpParameters | Should -Be $codeParameters
        foreach ($p in $help.parameters.parameter) {
            ($p.description.Text -join ' ').Length | Should -BeGreaterThan 20 -Because "$Name -$($p.name) needs a real description"
            $a = $cmd.Parameters[$p.name].Aliases
            $codeAliases = if ($p.name -eq 'WhatIf') { 'wi' } elseif ($p.name -eq 'Confirm') { 'cf' } elseif ($a.Count) { $a -join ', ' } else { 'none' }
            $p.aliases | Should -Be $codeAliases -Because "$Name -$($p.name): help and code must name the same aliases"
            $wild = [bool]($cmd.Parameters[$p.name].Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            $p.globbing.ToLowerInvariant() | Should -Be $wild.ToString().ToLowerInvariant()
        }
    }

    It 'has one syntax item per parameter set, with the same required flags and positions' {
        $syntax = foreach ($item in $help.syntax.syntaxItem) { ($item.parameter | ForEach-Object { '{0}={1}@{2}' -f $_.name, $_.required, $_.position } | Sort-Object) -join ';' }
        $sets = foreach ($set in $cmd.ParameterSets) {
            (Get-VisibleParameter $set.Parameters | ForEach-Object {
                    '{0}={1}@{2}' -f $_.Name, $_.IsMandatory.ToString().ToLower(), $(if ($_.Position -ge 0) { $_.Position } else { 'named' })
                } | Sort-Object) -join ';'
        }
        @($syntax).Count | Should -Be @($sets).Count
        foreach ($set in $sets) { $syntax | Should -Contain $set -Because "the code's set $set must have a syntax item" }
    }

    It 'reads as text the way a user sees it: syntax, parameters, examples, and -Parameter and -Examples views' {
        $text = Get-Help $Name -Full | Out-String -Width 120
        foreach ($heading in 'NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'RELATED LINKS') {
            $text | Should -MatchExactly "(?m)^\s*$([regex]::Escape($heading))\s*$"
        }
        $text | Should -Match '-+ Example 1'
        $text | Should -Match "(?m)^\s*$Name \["
        $text | Should -Match '-Region <String>'
        (Get-Help $Name -Parameter Region | Out-String) | Should -Match 'us-east-1'
        (Get-Help $Name -Examples | Out-String) | Should -Match '-+ Example 3'
    }

    It 'has no placeholder left in its page' {
        foreach ($p in $placeholders) { $markdown | Should -Not -BeLikeExactly "*$p*" }
    }

    It 'has a HelpUri, the online version of its help, which Get-Help -Online opens' {
        $uri = "https://github.com/codestarprofiles/CodeStarProfiles/blob/main/docs/en-US/$Name.md"
        $cmd.HelpUri | Should -Be $uri
        $online = @($help.relatedLinks.navigationLink)[0]
        $online.linkText | Should -Be 'Online Version:'
        $online.uri | Should -Be $uri
        $markdown | Should -Match "(?m)^online version: $([regex]::Escape($uri))$"

        # A browser stand-in on PATH records what -Online opens (.NET opens URLs with xdg-open on Linux).
        $bin = New-TestDirectory
        $record = Join-Path $bin 'opened.txt'
        [IO.File]::WriteAllText((Join-Path $bin 'xdg-open'), "#!/bin/sh`nprintf '%s\n' `"`$1`" >> '$record'`n")
        & chmod +x (Join-Path $bin 'xdg-open')
        $r = Invoke-TestPwsh -Command "Import-Module CodeStarProfiles; Get-Help $Name -Online" -Environment @{ PATH = "${bin}:$env:PATH"; DISPLAY = ':0'; BROWSER = $null }
        $r.ExitCode | Should -Be 0 -Because ($r.Error -join "`n")
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (-not (Test-Path $record) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Get-Content $record | Should -Be $uri
        Remove-Item -Recurse -Force $bin
    }
}

Describe 'Get-Help about_CodeStarProfiles' {
    BeforeAll {
        $text = Get-Help about_CodeStarProfiles | Out-String
        $flat = $text.Replace("`n", ' ').Replace('    ', ' ')
        $words = $text -replace '\s+', ' '   # the text as one line, however Get-Help wrapped it
        $ids = [CodeStarProfiles.Infrastructure.ErrorIds].GetFields() | Where-Object IsLiteral | ForEach-Object { $_.GetValue($null) }
    }

    It 'has every section a user looks for' {
        foreach ($section in 'CREDENTIALS, REGION AND ENDPOINT', 'THE LOCAL ENDPOINT', 'BULK ONBOARDING', 'RETRIES AND THROTTLING', 'WHAT LISTING RETURNS', 'ERROR IDS', '-ThrottleLimit', 'AWS_ENDPOINT_URL_CODESTAR') {
            $text | Should -BeLike "*$section*"
        }
    }

    It 'says how credentials, the region and the endpoint are found, as the code finds them' {
        foreach ($fact in 'role_arn', 'source_profile', 'credential_process', 'AWS_ENDPOINT_URL_STS', 'read afresh at each command', '-Region always wins', 'Tab completion') {
            $words | Should -BeLike "*$fact*"
        }
    }

    It 'explains every ErrorId with the category the code gives it' {
        @($ids).Count | Should -BeGreaterOrEqual 20
        foreach ($id in $ids) {
            $flat | Should -BeLike "*$id*"
            $category = [CodeStarProfiles.Infrastructure.ErrorIds]::CategoryOf($id)
            $flat | Should -Match "\b$id\b[^.]*\($category" -Because "$id is $category in the code"
        }
    }

    It 'has no placeholder left' {
        foreach ($p in $placeholders) { $text | Should -Not -BeLikeExactly "*$p*" }
    }
}
