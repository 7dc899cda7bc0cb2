using System.Diagnostics;
using System.IO.Compression;
using System.Management.Automation;
using System.Xml.Linq;
using Xunit;

namespace CodeStarProfiles.Module.Tests;

/// <summary>
/// Get-Help is complete and agrees with the code; the manifest passes Test-ModuleManifest; the
/// Gallery package has the right layout and metadata; build.ps1 wraps the dotnet steps and
/// stops at the first failure.
/// </summary>
public sealed class HelpAndPackageTests : IClassFixture<ModuleFixture>
{
    private static readonly string[] Placeholders = { "{{", "Fill in", "TODO", "TBD", "Add example" };
    private readonly ModuleFixture _f;

    public HelpAndPackageTests(ModuleFixture f) => _f = f;

    public static IEnumerable<object[]> Cmdlets() =>
        new[] { "New-CodeStarUserProfile", "Get-CodeStarUserProfile", "Set-CodeStarUserProfile", "Remove-CodeStarUserProfile" }.Select(c => new object[] { c });

    [Fact]
    public void Every_exported_cmdlet_is_one_of_the_documented_four()
    {
        using var s = _f.NewSession();
        var exported = s.Run("(Get-Module CodeStarProfiles).ExportedCmdlets.Keys").Output.Select(o => o.ToString()).OrderBy(x => x);
        Assert.Equal(Cmdlets().Select(c => (string)c[0]).OrderBy(x => x), exported);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Full_help_has_synopsis_description_examples_and_every_parameter_as_the_code_declares_it(string cmdlet)
    {
        using var s = _f.NewSession();
        s.Run("$help = Get-Help $name -Full; $cmd = Get-Command $name", new Dictionary<string, object?> { ["name"] = cmdlet });
        string synopsis = s.Run("$help.Synopsis").Output.Single().ToString();
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain(cmdlet + " [", synopsis); // PowerShell falls back to the syntax when a cmdlet has no help
        Assert.True(s.Run("$help.description.Text -join ''").Output.Single().ToString().Length > 200);
        Assert.True(s.Run("@($help.examples.example).Count").Output.Single().BaseObject is int n && n >= 3);
        Assert.All(s.Run("$help.examples.example | ForEach-Object { $_.code + ($_.remarks.Text -join '') }").Output, e => Assert.Contains(cmdlet, e.ToString()));

        // The parameters: exactly the code's (common and hidden ones aside), each described.
        var codeParams = s.Run("""
            $common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name
            $cmd.Parameters.Values | Where-Object { $common -notcontains $_.Name -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) } | ForEach-Object Name
            """).Output.Select(o => o.ToString()).OrderBy(x => x).ToList();
        var helpParams = s.Run("$help.parameters.parameter | ForEach-Object name").Output.Select(o => o.ToString()).OrderBy(x => x).ToList();
        Assert.Equal(codeParams, helpParams);
        foreach (var p in helpParams)
        {
            var v = new Dictionary<string, object?> { ["p"] = p };
            string text = s.Run("($help.parameters.parameter | Where-Object name -eq $p).description.Text -join ' '", v).Output.Single().ToString();
            Assert.True(text.Length > 20, $"{cmdlet} -{p} has no real description");
            string helpAliases = s.Run("($help.parameters.parameter | Where-Object name -eq $p).aliases", v).Output.Single().ToString();
            string codeAliases = s.Run("$a = $cmd.Parameters[$p].Aliases; if ($p -eq 'WhatIf') { 'wi' } elseif ($p -eq 'Confirm') { 'cf' } elseif ($a.Count) { $a -join ', ' } else { 'none' }", v).Output.Single().ToString();
            Assert.True(codeAliases == helpAliases, $"{cmdlet} -{p}: help says aliases '{helpAliases}', the code '{codeAliases}'");
            string globbing = s.Run("($help.parameters.parameter | Where-Object name -eq $p).globbing", v).Output.Single().ToString();
            string wild = s.Run("[bool]($cmd.Parameters[$p].Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })", v).Output.Single().ToString();
            Assert.Equal(wild.ToLowerInvariant(), globbing.ToLowerInvariant());
        }

        // Each syntax item is one of the code's parameter sets, with the same required flags and positions.
        var syntax = s.Run("$help.syntax.syntaxItem | ForEach-Object { ($_.parameter | ForEach-Object { '{0}={1}@{2}' -f $_.name, $_.required, $_.position }) -join ';' }").Output.Select(o => o.ToString()).ToList();
        var sets = s.Run("""
            $common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name
            $cmd.ParameterSets | ForEach-Object {
              ($_.Parameters | Where-Object { $common -notcontains $_.Name -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) } |
                ForEach-Object { '{0}={1}@{2}' -f $_.Name, $_.IsMandatory.ToString().ToLower(), $(if ($_.Position -ge 0) { $_.Position } else { 'named' }) }) -join ';'
            }
            """).Output.Select(o => o.ToString()).ToList();
        Assert.Equal(sets.Count, syntax.Count);
        foreach (var set in sets)
        {
            var expected = set.Split(';').OrderBy(x => x).ToList();
            Assert.True(syntax.Any(item => item.Split(';').OrderBy(x => x).SequenceEqual(expected)), $"{cmdlet}: no syntax item matches the code's set {set}\nhelp: {string.Join("\n", syntax)}");
        }

        string all = File.ReadAllText(Path.Combine(Repo.Root, "docs", "en-US", cmdlet + ".md"));
        Assert.All(Placeholders, p => Assert.DoesNotContain(p, all));
    }

    [Fact]
    public void The_about_topic_works_and_explains_every_error_id()
    {
        using var s = _f.NewSession();
        var text = s.Run("Get-Help about_CodeStarProfiles").Output.Single().ToString();
        foreach (var section in new[] { "CREDENTIALS, REGION AND ENDPOINT", "THE LOCAL ENDPOINT", "BULK ONBOARDING", "RETRIES AND THROTTLING", "WHAT LISTING RETURNS", "ERROR IDS", "-ThrottleLimit", "AWS_ENDPOINT_URL_CODESTAR" })
        {
            Assert.Contains(section, text);
        }

        var ids = s.Run("[CodeStarProfiles.Infrastructure.ErrorIds].GetFields() | Where-Object IsLiteral | ForEach-Object { $_.GetValue($null) }").Output.Select(o => o.ToString()).ToList();
        Assert.True(ids.Count >= 20);
        var categories = s.Run("[CodeStarProfiles.Infrastructure.ErrorIds].GetFields() | Where-Object IsLiteral | ForEach-Object { '{0} ({1}' -f $_.GetValue($null), [CodeStarProfiles.Infrastructure.ErrorIds]::CategoryOf($_.GetValue($null)) }").Output.Select(o => o.ToString()).ToList();
        string flat = text.Replace("\n", " ").Replace("    ", " ");
        foreach (var id in ids)
        {
            Assert.Contains(id, flat);
        }

        // Each id is explained with the category the code gives it.
        foreach (var pair in categories)
        {
            string id = pair.Split(' ')[0], category = pair.Split('(')[1];
            Assert.Matches(new System.Text.RegularExpressions.Regex($@"\b{id}\b[^.]*\({category}"), flat);
        }

        Assert.All(Placeholders, p => Assert.DoesNotContain(p, text));
    }

    [Fact]
    public void The_manifest_passes_Test_ModuleManifest_and_carries_what_the_Gallery_shows()
    {
        using var s = _f.NewSession(importModule: false);
        var r = s.Run("Test-ModuleManifest $ModulePath -ErrorAction Stop");
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        var m = r.Output.Single();
        Assert.Equal("CodeStarProfiles", m.Properties["Name"].Value);
        Assert.False(string.IsNullOrWhiteSpace((string)m.Properties["Description"].Value));
        Assert.False(string.IsNullOrWhiteSpace((string)m.Properties["Author"].Value));
        Assert.Equal(4, s.Run("(Test-ModuleManifest $ModulePath).ExportedCmdlets.Count").Output.Single().BaseObject);
        Assert.Contains("PSData", File.ReadAllText(Repo.ModuleManifest));
    }

    [Fact]
    public void The_package_is_laid_out_for_the_PowerShell_Gallery()
    {
        string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string tool = Path.Combine(Repo.Root, "build", "CodeStarProfiles.Build", "bin", config, "net10.0", "CodeStarProfiles.Build.dll");
        string outDir = Path.Combine(_f.Directory, "package");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { tool, "package", Path.GetDirectoryName(Repo.ModuleManifest)!, outDir })
        {
            psi.ArgumentList.Add(a);
        }

        using (var p = Process.Start(psi)!)
        {
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        }

        using var s = _f.NewSession(importModule: false);
        string version = s.Run("(Test-ModuleManifest $ModulePath).Version.ToString()").Output.Single().ToString();
        string package = Path.Combine(outDir, $"CodeStarProfiles.{version}.nupkg");
        Assert.True(File.Exists(package));
        using var zip = ZipFile.OpenRead(package);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        foreach (var expected in new[] { "CodeStarProfiles.psd1", "CodeStarProfiles.dll", "CodeStarProfiles.format.ps1xml", "CodeStarProfiles.LoadContext.dll", "LICENSE", "dependencies/AWSSDK.Core.dll", "dependencies/CodeStarProfiles.Engine.dll", "en-US/CodeStarProfiles.dll-Help.xml", "en-US/about_CodeStarProfiles.help.txt", "CodeStarProfiles.nuspec", "[Content_Types].xml", "_rels/.rels" })
        {
            Assert.Contains(expected, names);
        }

        Assert.DoesNotContain(names, n => n.Contains("fixtures") || n.EndsWith(".pdb"));
        XNamespace ns = "http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd";
        using var nuspecStream = zip.GetEntry("CodeStarProfiles.nuspec")!.Open();
        var meta = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
        Assert.Equal("CodeStarProfiles", meta.Element(ns + "id")!.Value);
        Assert.Equal(version, meta.Element(ns + "version")!.Value);
        var tags = meta.Element(ns + "tags")!.Value.Split(' ');
        Assert.Contains("PSModule", tags);
        foreach (var cmdlet in Cmdlets().Select(c => (string)c[0]))
        {
            Assert.Contains("PSCmdlet_" + cmdlet, tags);
        }

        var manifest = File.ReadAllText(Repo.ModuleManifest);
        Assert.Contains(meta.Element(ns + "projectUrl")!.Value, manifest);
        Assert.Contains(meta.Element(ns + "licenseUrl")!.Value, manifest);
        Assert.StartsWith("Manage AWS CodeStar user profiles", meta.Element(ns + "description")!.Value);
    }

    [Fact]
    public void Build_ps1_parses_runs_under_strict_mode_and_stops_at_the_first_failing_step()
    {
        string script = Path.Combine(Repo.Root, "build.ps1");
        var tokens = System.Management.Automation.Language.Parser.ParseFile(script, out _, out var errors);
        Assert.Empty(errors);

        using var s = _f.NewSession(importModule: false);
        // A stand-in for dotnet that records its arguments; it fails on the step named in $failOn.
        s.Run("""
            $global:calls = [System.Collections.Generic.List[string]]::new()
            function global:dotnet { $global:calls.Add($args -join ' '); $global:LASTEXITCODE = if ($global:failOn -and $args[0] -eq $global:failOn) { 1 } else { 0 } }
            """);
        var ok = s.Run("$global:failOn = $null; & $script -Task Package; $global:calls", new Dictionary<string, object?> { ["script"] = script });
        Assert.True(ok.Terminating == null && ok.Errors.Count == 0, ok.Terminating?.Message + string.Join("\n", ok.Errors));
        var calls = ok.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(2, calls.Count);
        string root = Repo.Root.TrimEnd('/');
        Assert.Equal($"build {root}/CodeStarProfiles.sln -c Release -nologo", calls[0]);
        Assert.Equal($"run --project {root}/build/CodeStarProfiles.Build -c Release -- package {root}/out/CodeStarProfiles {root}/out", calls[1]);

        var failed = s.Run("$global:calls.Clear(); $global:failOn = 'build'; & $script -Task Test", new Dictionary<string, object?> { ["script"] = script });
        Assert.NotNull(failed.Terminating);
        Assert.Contains("Build failed", failed.Terminating!.Message);
        Assert.Equal(1, s.Run("$global:calls.Count").Output.Single().BaseObject); // the test step never ran
    }
}
