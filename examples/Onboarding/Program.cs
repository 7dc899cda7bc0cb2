// The README's main command: onboard examples/users.csv against the embedded local endpoint.
//
//   dotnet run --project examples/Onboarding [-- path/to/users.csv]
//
// It does what a user does in PowerShell 7:
//   Import-Module CodeStarProfiles
//   Import-Csv users.csv | New-CodeStarUserProfile -ErrorVariable failed
//   Get-CodeStarUserProfile
// with a fresh local endpoint on a free loopback port and the PowerShell engine hosted here.
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CodeStarProfiles.Examples;
using CodeStarProfiles.LocalEndpoint;

string root = FindRepoRoot();
string csvPath = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(root, "examples", "users.csv");
string module = Path.Combine(root, "out", "CodeStarProfiles", "CodeStarProfiles.psd1");
if (!File.Exists(module))
{
    Console.Error.WriteLine($"The module is not built at {module}. Run 'dotnet build' at the repository root.");
    return 1;
}

string workDir = Path.Combine(Path.GetTempPath(), "codestar-example-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(workDir);
await using var endpoint = await LocalEndpointHost.StartAsync(new EndpointOptions
{
    Urls = "http://127.0.0.1:0",
    Database = Path.Combine(workDir, "codestar.db"),
    Log = "none",
});
Console.WriteLine($"Local CodeStar endpoint: {endpoint.Url} (fresh database in {workDir})");

var rows = Csv.Import(csvPath);
Console.WriteLine($"Read {rows.Count} rows from {csvPath}");

var host = new ConsoleHost();
using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
runspace.Open();
runspace.SessionStateProxy.SetVariable("rows", rows);
runspace.SessionStateProxy.SetVariable("ModulePath", module);
runspace.SessionStateProxy.SetVariable("Conn", new System.Collections.Hashtable
{
    ["EndpointUrl"] = endpoint.Url,
    ["Region"] = endpoint.Options.Region,
    ["AccessKey"] = endpoint.Options.AccessKeyId,
    ["SecretKey"] = endpoint.Options.SecretKey,
});

using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddScript("""
    Import-Module $ModulePath -ErrorAction Stop
    $created = $rows | New-CodeStarUserProfile @Conn -ErrorVariable failed -ErrorAction SilentlyContinue

    function Say($text) { $Host.UI.WriteLine($text) }
    Say "`n=== Created: $(@($created).Count) profiles ==="
    $created | Out-Default

    Say "`n=== Failed: $(@($failed).Count) rows (each with its reason; `$failed.TargetObject | Export-Csv failed.csv gives the rows to fix) ==="
    foreach ($e in $failed) {
        $row = $e.TargetObject
        Say ("- [{0}] {1}`n    {2}" -f $e.FullyQualifiedErrorId.Split(',')[0], $row.Arn, $e.Exception.Message)
    }

    Say "`n=== Get-CodeStarUserProfile (listing; ListUserProfiles returns no timestamps) ==="
    Get-CodeStarUserProfile @Conn | Out-Default
    """);
foreach (var line in ps.Invoke())
{
    Console.WriteLine(line);
}

foreach (var error in ps.Streams.Error)
{
    Console.Error.WriteLine("Unexpected error: " + error);
}

try
{
    Directory.Delete(workDir, true);
}
catch (IOException)
{
}

return ps.HadErrors && ps.Streams.Error.Count > 0 ? 1 : 0;

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CodeStarProfiles.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
