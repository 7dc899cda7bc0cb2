# The default views: every column fits an 80-column console without a header wrapping (the fingerprint,
# last, cut short) and a 120-column one with the whole fingerprint; a listing has no always-empty timestamp
# column; stored control characters are shown visibly (views and messages) while the objects keep the stored values.
BeforeAll {
    . $PSScriptRoot/common.ps1
    Import-Module $ModuleManifest -Force
    $endpoint = Start-TestEndpoint
    $conn = $endpoint.Connection
    $PSStyle.OutputRendering = 'PlainText'
    $arn = New-TestArn -Prefix view
    $described = New-CodeStarUserProfile $arn 'View User' view@example.com -SshPublicKey $TestSshKey @conn
    $listed = Get-CodeStarUserProfile -DisplayName 'View User' @conn | Where-Object UserArn -EQ $arn

    function Get-Lines([string] $Text) { @($Text -split "\r?\n" | Where-Object { $_.Trim() }) }
}
AfterAll {
    Stop-TestEndpoint $endpoint
}

Describe 'The table view' {
    It 'renders through Out-Default in a real console host with the columns and values' {
        $viewArn = New-TestArn -Prefix od
        $r = Invoke-TestPwsh -Command "Import-Module CodeStarProfiles; New-CodeStarUserProfile '$viewArn' 'View User' view@example.com -SshPublicKey '$TestSshKey' -EndpointUrl '$($endpoint.Url)' -Region us-east-1 -AccessKey $($conn.AccessKey) -SecretKey $($conn.SecretKey) | Out-Default"
        $text = $r.Output -join "`n"
        $r.ExitCode | Should -Be 0
        # A redirected console is 80 columns wide: every column is there, the fingerprint cut short.
        $text | Should -Match 'UserName\s+DisplayName\s+EmailAddress\s+Modified\s+SshKeyFingerprint'
        $text | Should -Match ([regex]::Escape(($viewArn -split '/')[-1]))
        $text | Should -Match 'View User\s+view@example\.com'
        $text | Should -Match ([regex]::Escape($TestSshKeyFingerprint.Substring(0, 16)))
        $text | Should -Not -Match "`e\["
    }

    It 'fits 120 columns with every column and the whole fingerprint' {
        $lines = Get-Lines ($described | Out-String -Width 120)
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 119 }
        $lines[0] | Should -Match '^UserName\s+DisplayName\s+EmailAddress\s+Modified\s+SshKeyFingerprint$'
        $lines[2] | Should -Match ([regex]::Escape($TestSshKeyFingerprint))
        $lines[2] | Should -Match ([regex]::Escape($described.LastModifiedTimestamp.ToString('yyyy-MM-dd')))
        $lines[2] | Should -Match ([regex]::Escape(($arn -split '/')[-1])) # a whole user name
        $lines[2] | Should -Match ([regex]::Escape('view@example.com'))
    }

    It 'keeps every column, Modified included, and its header on one line at 80 columns' {
        $lines = Get-Lines ($described, $described | Out-String -Width 79)
        $lines.Count | Should -Be 4 # header, rule, two rows: nothing wrapped
        $lines[0] | Should -Match '^UserName\s+DisplayName\s+EmailAddress\s+Modified\s+SshKeyFingerprint$'
        $lines[1] | Should -Match '^-+\s+-+\s+-+\s+-+\s+-+$'
        $lines[2] | Should -Match ([regex]::Escape($described.LastModifiedTimestamp.ToString('yyyy-MM-dd')))
        $lines[2] | Should -Match ([regex]::Escape($TestSshKeyFingerprint.Substring(0, 12)))
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 79 }
    }

    It 'keeps the header of a listing on one line at 80 columns' {
        $lines = Get-Lines ($listed | Out-String -Width 79)
        $lines[0] | Should -Match '^UserName\s+DisplayName\s+EmailAddress\s+SshKeyFingerprint$'
        $lines[1] | Should -Match '^-+\s+-+\s+-+\s+-+$'
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 79 }
    }

    It 'shows a listing without the timestamp column that a listing cannot fill' {
        $listed | Should -Not -BeNullOrEmpty
        $listed.LastModifiedTimestamp | Should -BeNullOrEmpty
        $lines = Get-Lines ($listed | Out-String -Width 120)
        $lines[0] | Should -Match '^UserName\s+DisplayName\s+EmailAddress\s+SshKeyFingerprint$'
        $lines[0] | Should -Not -Match 'Modified'
        $lines[2] | Should -Match ([regex]::Escape($TestSshKeyFingerprint))
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 119 }
        # It is still the same type: it pipes on and exports like any profile; its own type selects the view, with
        # no type name added to each object (PowerShell would keep one in a weak table beside every listed profile).
        $listed | Should -BeOfType ([CodeStarProfiles.CodeStarUserProfile])
        $listed[0].PSObject.TypeNames[0] | Should -Be 'CodeStarProfiles.CodeStarUserProfileListing'
        $listed[0].PSObject.TypeNames | Should -Not -Contain 'CodeStarProfiles.CodeStarUserProfile#Listing'
    }
}

Describe 'The list view' {
    It 'names only real properties' {
        [xml] $xml = Get-Content (Join-Path $RepoRoot 'module/CodeStarProfiles.format.ps1xml') -Raw
        $props = [CodeStarProfiles.CodeStarUserProfile]::new('arn:aws:iam::123456789012:user/x').PSObject.Properties.Name
        $items = @($xml.SelectNodes('//ListItem'))
        $items.Count | Should -Be 10
        foreach ($item in $items) {
            $property = $item.SelectSingleNode('PropertyName')
            $name = if ($property) { $property.InnerText } else { $item.SelectSingleNode('Label').InnerText }
            $props | Should -Contain $name
        }
    }
}

Describe 'Control characters in stored values' {
    BeforeAll {
        $escArn = New-TestArn -Prefix esc
        $stored = "a`e[31mb`tc"
        $esc = New-CodeStarUserProfile $escArn $stored esc@example.com @conn
    }

    It 'keeps the stored value on the object' {
        $esc.DisplayName | Should -BeExactly $stored
        (Get-CodeStarUserProfile $escArn @conn).DisplayName | Should -BeExactly $stored
    }

    It 'shows them visibly in the table and list views, even with ANSI output on' {
        $PSStyle.OutputRendering = 'Ansi'
        try {
            $table = $esc | Out-String -Width 120
            $list = $esc | Format-List | Out-String -Width 120
        } finally { $PSStyle.OutputRendering = 'PlainText' }
        foreach ($text in $table, $list) {
            $text | Should -Not -Match "`e\[31m"
            $text | Should -Not -Match "`t"
            $text | Should -Match ([regex]::Escape("a$([char]0x241B)[31mb$([char]0x2409)c"))
        }
    }

    It 'shows them visibly in error messages' {
        New-CodeStarUserProfile (New-TestArn -Prefix escbad) "Trailing`e[31m " t@example.com @conn -ErrorVariable ev -ErrorAction SilentlyContinue
        $e = @($ev)
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDisplayName,*'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].TargetObject.DisplayName | Should -BeExactly "Trailing`e[31m "
        $e[0].Exception.Message | Should -Not -Match "`e"
        $e[0].Exception.Message | Should -Match ([regex]::Escape("Trailing$([char]0x241B)[31m"))
    }
}
