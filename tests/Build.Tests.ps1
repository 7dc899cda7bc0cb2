# build.ps1 as a developer with PowerShell runs it: each task calls the same dotnet commands as the
# README and stops at the first failing step. (-Task Package has its own suite, Package.Tests.ps1.)
BeforeAll {
    . $PSScriptRoot/common.ps1
    $build = Join-Path $RepoRoot 'build.ps1'
    # The build in a fresh pwsh, from another directory, as a user would start it.
    function Invoke-Build([string] $Arguments) {
        Invoke-TestPwsh "Set-Location ([IO.Path]::GetTempPath()); & '$build' $Arguments" -TimeoutSec 600
    }
}

Describe 'build.ps1 -Task Build' {
    It 'builds the importable module' {
        $r = Invoke-Build "-Task Build -Configuration $TestConfiguration"
        $r.ExitCode | Should -Be 0 -Because (($r.Output + $r.Error) -join "`n")
        $r.Output | Should -Contain '==> Build'
        $check = Invoke-TestPwsh 'Import-Module CodeStarProfiles -ErrorAction Stop; (Get-Command -Module CodeStarProfiles).Count'
        [int]$check.Output[-1] | Should -BeGreaterOrEqual 4
    }
}

Describe 'build.ps1 -Task Test' {
    BeforeAll {
        $results = New-TestDirectory
        $failing = Join-Path $results 'Failing.Tests.ps1'
        Set-Content $failing "Describe 'a suite that fails' { It 'fails' { 1 | Should -Be 2 } }"
    }

    It 'runs the xunit projects, then the Pester suites, and reports both' {
        $r = Invoke-Build "-Task Test -NoBuild -Configuration $TestConfiguration -TestFilter 'FullyQualifiedName~SendRatePacer' -PesterPath '$PSScriptRoot/Smoke.Tests.ps1' -ResultsDirectory '$results'"
        $text = ($r.Output + $r.Error) -join "`n"
        $r.ExitCode | Should -Be 0 -Because $text
        $r.Output | Should -Not -Contain '==> Build' -Because '-NoBuild uses what the last build left'
        $r.Output | Should -Contain '==> xunit tests'
        $r.Output | Should -Contain '==> Pester tests'
        $text | Should -Match 'Passed!'
        $summary = Get-Content (Join-Path $results 'pester-summary.json') | ConvertFrom-Json
        $summary.passed | Should -BeGreaterThan 0
        $summary.failed | Should -Be 0
    }

    It 'fails when a Pester suite fails, and says which step' {
        $r = Invoke-Build "-Task Test -NoBuild -Configuration $TestConfiguration -TestFilter 'FullyQualifiedName~SendRatePacer' -PesterPath '$failing' -ResultsDirectory '$results'"
        $r.ExitCode | Should -Not -Be 0
        (($r.Output + $r.Error) -join "`n") | Should -Match 'Pester tests failed'
        (Get-Content (Join-Path $results 'pester-summary.json') | ConvertFrom-Json).failed | Should -Be 1
    }
}
