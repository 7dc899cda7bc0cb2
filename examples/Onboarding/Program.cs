// The README's main command: onboard examples/users.csv against the embedded local endpoint.
//
//   dotnet run --project examples/Onboarding [-- path/to/users.csv]
//
// It starts a fresh local endpoint on a free loopback port, then runs the ordinary PowerShell script
// examples/Onboard-Users.ps1 in real pwsh 7.6.9 (the PowerShell tool pinned in .config/dotnet-tools.json,
// restored here) with the built module on PSModulePath and the endpoint's key pair in the environment,
// exactly as a user would run it in their own pwsh against any endpoint.
using System.Diagnostics;
using CodeStarProfiles.LocalEndpoint;

string root = FindRepoRoot();
string csvPath = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(root, "examples", "users.csv");
string moduleDir = Path.Combine(root, "out", "CodeStarProfiles");
if (!File.Exists(Path.Combine(moduleDir, "CodeStarProfiles.psd1")))
{
    Console.Error.WriteLine($"The module is not built in {moduleDir}. Run 'dotnet build' at the repository root.");
    return 1;
}

if (Run("dotnet", ["tool", "restore"], quiet: true) != 0)
{
    Console.Error.WriteLine("'dotnet tool restore' failed: the PowerShell tool (pwsh 7.6.9) could not be restored.");
    return 1;
}

string workDir = Path.Combine(Path.GetTempPath(), "codestar-example-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(workDir);
int exit;
await using (var endpoint = await LocalEndpointHost.StartAsync(new EndpointOptions
{
    Urls = "http://127.0.0.1:0",
    Database = Path.Combine(workDir, "codestar.db"),
    Log = "none",
}))
{
    Console.WriteLine($"Local CodeStar endpoint: {endpoint.Url} (fresh database in {workDir})");
    Console.WriteLine($"Running examples/Onboard-Users.ps1 in pwsh against it:\n");
    var environment = new Dictionary<string, string?>
    {
        ["PSModulePath"] = Path.Combine(root, "out"),
        ["AWS_ACCESS_KEY_ID"] = endpoint.Options.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = endpoint.Options.SecretKey,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
    };
    if (Console.IsOutputRedirected)
    {
        environment["NO_COLOR"] = "1"; // plain text in logs and pipes; colours in a terminal
    }

    exit = Run(
        "dotnet",
        ["pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(root, "examples", "Onboard-Users.ps1"),
         "-CsvPath", csvPath, "-EndpointUrl", endpoint.Url, "-Region", endpoint.Options.Region,
         "-FailedRowsPath", Path.Combine(workDir, "failed.csv")],
        environment: environment);
}

try
{
    Directory.Delete(workDir, true);
}
catch (IOException)
{
}

if (exit == 3)
{
    // The script's exit code for "some rows failed": examples/users.csv has bad rows on purpose, to show how they
    // are reported, so for this demo that is the expected end. A runbook running the script sees the 3.
    Console.WriteLine("\n(The script exited with 3, its code for a run in which some rows failed: this demo's CSV has bad rows on purpose.)");
    exit = 0;
}

return exit;

// Runs a child process in the repository root with this console (or quietly), and returns its exit code.
int Run(string file, string[] arguments, bool quiet = false, Dictionary<string, string?>? environment = null)
{
    var psi = new ProcessStartInfo(file) { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = quiet, RedirectStandardError = quiet };
    foreach (var a in arguments)
    {
        psi.ArgumentList.Add(a);
    }

    foreach (var (k, v) in environment ?? [])
    {
        if (v is null)
        {
            psi.Environment.Remove(k);
        }
        else
        {
            psi.Environment[k] = v;
        }
    }

    using var p = Process.Start(psi)!;
    if (quiet)
    {
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
    }

    p.WaitForExit();
    return p.ExitCode;
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CodeStarProfiles.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
