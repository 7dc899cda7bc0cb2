using System.Diagnostics;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Module.Tests;

/// <summary>
/// Another module's AWSSDK.Core (3.7.x as AWS.Tools 4.x loads it, or a different 4.x) loaded
/// before or after ours, each in a fresh process: every cmdlet must work, both SDKs must be
/// usable, and ours must run on our own copy in our own load context.
/// </summary>
public sealed class CoexistenceTests : IClassFixture<ModuleFixture>
{
    private const string Script = """
        function Load-Foreign {
            $asm = [System.Reflection.Assembly]::LoadFrom($Foreign)
            $type = $asm.GetType('Amazon.Runtime.BasicAWSCredentials', $true)
            $creds = [Activator]::CreateInstance($type, [object[]]@('AKIAFOREIGNMODULE001', 'foreign-secret'))
            'foreign-ok ' + $creds.GetCredentials().AccessKey
        }
        if ($Order -eq 'before') { Load-Foreign }
        Import-Module $ModulePath -ErrorAction Stop
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
        """;

    private readonly ModuleFixture _f;

    public CoexistenceTests(ModuleFixture f) => _f = f;

    public static string ScenarioHost
    {
        get
        {
            string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(Repo.Root, "tests", "CodeStarProfiles.ScenarioHost", "bin", config, "net10.0", "CodeStarProfiles.ScenarioHost.dll");
        }
    }

    /// <summary>Runs a script in a fresh process with the hosted engine.</summary>
    public static (int Exit, string[] Lines) RunScenario(string script, params string[] variables)
    {
        var file = Path.Combine(Path.GetTempPath(), "codestar-scenario-" + Guid.NewGuid().ToString("N") + ".ps1");
        File.WriteAllText(file, script);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { ScenarioHost, file }.Concat(variables))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "the scenario did not finish");
        File.Delete(file);
        var lines = (stdout.Result + stderr.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (p.ExitCode, lines);
    }

    [Theory]
    [InlineData("ForeignAwsSdk37", "3.7.402", "before")]
    [InlineData("ForeignAwsSdk37", "3.7.402", "after")]
    [InlineData("ForeignAwsSdk4", "4.0.3.3", "before")]
    [InlineData("ForeignAwsSdk4", "4.0.3.3", "after")]
    public void Every_cmdlet_works_beside_another_AWSSDK_Core_loaded_before_or_after(string fixture, string foreignVersion, string order)
    {
        var foreign = Path.Combine(Repo.Root, "out", "fixtures", fixture, "AWSSDK.Core.dll");
        Assert.True(File.Exists(foreign), foreign + " is built by the fixture project");
        var arn = ModuleFixture.NewArn($"coexist{order}{fixture.Length}");
        var (exit, lines) = RunScenario(Script, $"Order={order}", $"Foreign={foreign}", $"ModulePath={Repo.ModuleManifest}", $"Endpoint={_f.Url}",
            $"Arn={arn}", $"AccessKey={EndpointOptions.DefaultAccessKeyId}", $"SecretKey={EndpointOptions.DefaultSecretKey}");
        string all = string.Join("\n", lines);
        Assert.True(exit == 0, all);
        Assert.Contains("foreign-ok AKIAFOREIGNMODULE001", lines);
        Assert.Contains("new " + arn, lines);
        Assert.Contains("get Coexist Before", lines);
        Assert.Contains("set Coexist After", lines);
        Assert.Contains("list " + arn, lines);
        Assert.Contains("remove " + arn, lines);

        // Two SDKs side by side: theirs in the default context, ours (4.0.102.19) in ours.
        var sdks = lines.Where(l => l.StartsWith("sdk ")).ToList();
        Assert.Equal(2, sdks.Count);
        Assert.Contains(sdks, s => s.StartsWith($"sdk {foreignVersion}") && s.EndsWith(" Default"));
        Assert.Contains(sdks, s => s.StartsWith("sdk 4.0.102.19") && s.EndsWith(" CodeStarProfiles"));
    }
}
