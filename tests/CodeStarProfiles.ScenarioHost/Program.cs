using System.Management.Automation;
using System.Management.Automation.Runspaces;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: CodeStarProfiles.ScenarioHost script.ps1 [name=value ...]");
    return 2;
}

using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
foreach (var pair in args.Skip(1))
{
    int eq = pair.IndexOf('=');
    runspace.SessionStateProxy.SetVariable(pair[..eq], pair[(eq + 1)..]);
}

using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddScript(File.ReadAllText(args[0]));
try
{
    foreach (var o in ps.Invoke())
    {
        Console.WriteLine(o?.ToString());
    }
}
catch (RuntimeException e)
{
    Console.WriteLine($"ERROR: {e.ErrorRecord.FullyQualifiedErrorId}: {e.Message}");
    return 1;
}

foreach (var e in ps.Streams.Error)
{
    Console.WriteLine($"ERROR: {e.FullyQualifiedErrorId}: {e.Exception.Message}");
}

return ps.Streams.Error.Count > 0 ? 1 : 0;
