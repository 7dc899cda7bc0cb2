// Issue 15: the cost of a fresh session, and describing a CSV of ARNs against boto3.
//   first:    a fresh process imports the module and runs Get-CodeStarUserProfile -UserArn once, then again:
//             the first command pays the SDK's warm-up (loading the Engine and AWSSDK.Core, JIT, the first
//             connection); the second shows what a command costs once warm. Median of 7 processes.
//   describe: Import-Csv of 1,500 ARNs | Get-CodeStarUserProfile -ThrottleLimit 16 against a boto3 script
//             with 16 threads describing the same ARNs, against the same endpoint process, in one run
//             (3 interleaved rounds, medians; target module/boto3 >= 1.0).
using System.Diagnostics;
using System.Globalization;
using CodeStarProfiles.Engine;
using CodeStarProfiles.LocalEndpoint;

internal static class StartupBench
{
    private const string Keys = "-AccessKey " + EndpointOptions.DefaultAccessKeyId + " -SecretKey " + EndpointOptions.DefaultSecretKey;

    private static string Arn(string tag, int i) => $"arn:aws:iam::333333333333:user/{tag}/u{i:D6}";

    /// <summary>Runs <paramref name="script"/> in a fresh ScenarioHost process (a runspace like pwsh's default) and returns its last line.</summary>
    internal static string Fresh(string root, string script, params string[] vars)
    {
        string config = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        string host = Path.Combine(root, "tests", "CodeStarProfiles.ScenarioHost", "bin", config, "net10.0", "CodeStarProfiles.ScenarioHost.dll");
        return LastLine(script, file => new[] { host, file }.Concat(vars), root: null, "fresh process");
    }

    /// <summary>
    /// Runs <paramref name="script"/> as <c>pwsh -NoProfile -NonInteractive -File</c> with the pinned PowerShell tool
    /// (the way a runbook starts) and returns its last line; <paramref name="vars"/> are name=value pairs given to the
    /// script as parameters of those names.
    /// </summary>
    internal static string FreshPwsh(string root, string script, params string[] vars)
    {
        var names = vars.Select(v => "$" + v[..v.IndexOf('=')]);
        var parameters = vars.SelectMany(pair => new[] { "-" + pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..] });
        // `dotnet pwsh` from the repository root, where .config/dotnet-tools.json pins the tool.
        return LastLine($"param({string.Join(", ", names)})\n{script}", file => new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", file }.Concat(parameters), root, "fresh pwsh");
    }

    /// <summary>Writes <paramref name="script"/> to a file, runs `dotnet` with the arguments made from its path, and returns the last line it printed; the file is deleted.</summary>
    private static string LastLine(string script, Func<string, IEnumerable<string>> arguments, string? root, string what)
    {
        Directory.CreateDirectory(Bench.Work);
        var file = Path.Combine(Bench.Work, Guid.NewGuid().ToString("N") + ".ps1");
        File.WriteAllText(file, script);
        try
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
            if (root != null)
            {
                psi.WorkingDirectory = root;
            }

            foreach (var a in arguments(file))
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var last = text.Trim().Split('\n').Last().Trim();
            if (p.ExitCode != 0 || last.StartsWith("ERROR", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(what + " failed: " + text);
            }

            return last;
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task FirstCommand(string root)
    {
        await using var ep = await Bench.InProcessEndpoint("first");
        using (var client = Bench.Client(ep.Url))
        {
            await client.CreateAsync(new ProfileData { UserArn = Arn("first", 1), DisplayName = "First", EmailAddress = "first@example.com" }, false, null, default);
        }

        string module = Path.Combine(root, "out", "CodeStarProfiles", "CodeStarProfiles.psd1");
        string script = $$"""
            $proc = [Diagnostics.Process]::GetCurrentProcess()
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Import-Module $M -ErrorAction Stop
            $import = $clock.Elapsed.TotalMilliseconds
            [Threading.Thread]::Sleep([int]$P)
            $clock.Restart()
            $proc.Refresh(); $cpu = $proc.TotalProcessorTime
            $a = Get-CodeStarUserProfile -UserArn $A -EndpointUrl $U -Region us-east-1 {{Keys}} -ErrorAction Stop
            $first = $clock.Elapsed.TotalMilliseconds
            $proc.Refresh(); $cpu0 = $proc.TotalProcessorTime
            $clock.Restart()
            $b = Get-CodeStarUserProfile -UserArn $A -EndpointUrl $U -Region us-east-1 {{Keys}} -ErrorAction Stop
            $second = $clock.Elapsed.TotalMilliseconds
            $proc.Refresh(); $firstCpu = ($cpu0 - $cpu).TotalMilliseconds; $secondCpu = ($proc.TotalProcessorTime - $cpu0).TotalMilliseconds
            if ($a.DisplayName -ne 'First' -or $b.DisplayName -ne 'First') { throw 'wrong profile' }
            '{0} {1} {2} {3} {4}' -f $import, $first, $second, $firstCpu, $secondCpu
            """;
        // `first MS [PATH.psd1]`: a pause of MS ms between the import and the first command (default 0: a
        // script; 1000: someone typing it), and the same, interleaved, with another build of the module
        // (e.g. a copy of out/ from before a change).
        string pause = Bench.Extra.Length > 0 ? Bench.Extra[0] : "0";
        var modules = new List<(string Name, string Path)> { ("this build", module) };
        if (Bench.Extra.Length > 1)
        {
            modules.Add(("other build", Path.GetFullPath(Bench.Extra[1])));
        }

        var runs = modules.ToDictionary(m => m.Name, _ => new List<double[]>());
        Fresh(root, script, $"M={module}", $"A={Arn("first", 1)}", $"U={ep.Url}", $"P={pause}"); // the disk cache, as for a module used before
        for (int i = 0; i < 7; i++)
        {
            foreach (var (name, path) in modules)
            {
                runs[name].Add(Fresh(root, script, $"M={path}", $"A={Arn("first", 1)}", $"U={ep.Url}", $"P={pause}").Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray());
            }
        }

        Console.WriteLine($"A fresh process: Import-Module, a pause of {pause} ms, then Get-CodeStarUserProfile -UserArn against a local endpoint, twice (7 runs, interleaved between builds; medians):");
        foreach (var (name, path) in modules)
        {
            double Median(int k) => runs[name].Select(r => r[k]).Order().ElementAt(runs[name].Count / 2);
            Console.WriteLine($"  {name} ({path}):");
            Console.WriteLine($"    Import-Module:           {Median(0),7:F1} ms");
            Console.WriteLine($"    first command:           {Median(1),7:F1} ms   ({string.Join("/", runs[name].Select(r => r[1].ToString("F0", CultureInfo.InvariantCulture)))})");
            Console.WriteLine($"    second command:          {Median(2),7:F1} ms");
            Console.WriteLine($"    warm-up the first pays:  {Median(1) - Median(2),7:F1} ms");
            Console.WriteLine($"    CPU of the process (all threads) during the first command {Median(3):F1} ms, the second {Median(4):F1} ms");
        }
    }

    public static async Task DescribeVsBoto3(string root)
    {
        const int N = 1500, Limit = 16, Rounds = 3;
        var p = Bench.EndpointProcess(Path.Combine(Bench.Work, "describe.db"), out var url);
        try
        {
            using (var client = Bench.Client(url))
            {
                int next = -1;
                await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < N)
                    {
                        await client.CreateAsync(new ProfileData { UserArn = Arn("describe", i), DisplayName = $"User {i}", EmailAddress = $"u{i}@example.com" }, false, null, default);
                    }
                }));
            }

            string csv = Path.Combine(Bench.Work, "arns.csv");
            File.WriteAllLines(csv, new[] { "UserArn,DisplayName,EmailAddress" }.Concat(Enumerable.Range(0, N).Select(i => $"{Arn("describe", i)},User {i},u{i}@example.com")));
            // Real pwsh (Import-Csv is in Microsoft.PowerShell.Utility, which a bare SDK runspace lacks) drives
            // both sides in one process run: a warm-up round of the module, then rounds alternating which side
            // goes first; boto3 runs as a child process and reports its own timing (see boto3_describe.py).
            string script = Path.Combine(Bench.Work, "describe.ps1");
            File.WriteAllText(script, $$"""
                param($Module, $Csv, $Url, $Python, $Boto3, $Rounds)
                $ErrorActionPreference = 'Stop'
                Import-Module $Module
                $env:AWS_ACCESS_KEY_ID = '{{EndpointOptions.DefaultAccessKeyId}}'
                $env:AWS_SECRET_ACCESS_KEY = '{{EndpointOptions.DefaultSecretKey}}'
                function Module {
                    [GC]::Collect(); [GC]::WaitForPendingFinalizers()
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    $out = @(Import-Csv $Csv | Get-CodeStarUserProfile -ThrottleLimit {{Limit}} -EndpointUrl $Url -Region us-east-1 {{Keys}} -ErrorAction SilentlyContinue -ErrorVariable failed)
                    $s = $clock.Elapsed.TotalSeconds
                    'module {0} {1} {2}' -f $s, $out.Count, $failed.Count
                }
                function Boto3 {
                    $json = & $Python $Boto3 $Csv $Url {{Limit}} | ConvertFrom-Json
                    'boto3 {0} {1} {2}' -f $json.seconds, $json.described, $json.failed
                }
                $null = Module
                foreach ($r in 1..$Rounds) {
                    if ($r % 2) { Module; Boto3 } else { Boto3; Module }
                }
                """);
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            foreach (var a in new[] { "pwsh", "-NoProfile", "-File", script, Path.Combine(root, "out", "CodeStarProfiles", "CodeStarProfiles.psd1"), csv, url, "/usr/bin/python3", Path.Combine(root, "bench", "CodeStarProfiles.Bench", "boto3_describe.py"), Rounds.ToString(CultureInfo.InvariantCulture) })
            {
                psi.ArgumentList.Add(a);
            }

            string text, err;
            using (var proc = Process.Start(psi)!)
            {
                var errTask = proc.StandardError.ReadToEndAsync();
                text = await proc.StandardOutput.ReadToEndAsync();
                err = await errTask;
                await proc.WaitForExitAsync();
            }

            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split(' ')).Where(f => f.Length == 4 && (f[0] == "module" || f[0] == "boto3")).ToList();
            (double Rate, int Described, int Failed) Parse(string[] f) => (N / double.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture));
            var module = lines.Where(f => f[0] == "module").Select(Parse).ToList();
            var boto3 = lines.Where(f => f[0] == "boto3" && f[1].Length > 0).Select(Parse).ToList();
            double M(IEnumerable<double> xs) => xs.Order().ElementAt(xs.Count() / 2);
            Console.WriteLine($"{N} ARNs from a CSV, {Limit} in flight, same endpoint process, {Rounds} interleaved rounds in one pwsh (alternating which goes first), median describes/s:");
            if (module.Count == 0)
            {
                Console.WriteLine("  the module side did not run: " + (text + err).Trim());
                return;
            }

            Console.WriteLine($"  Import-Csv | Get-CodeStarUserProfile -ThrottleLimit {Limit}: {M(module.Select(x => x.Rate)),7:F0} /s ({string.Join("/", module.Select(x => x.Rate.ToString("F0", CultureInfo.InvariantCulture)))}; described {module.Sum(x => x.Described)}, failed {module.Sum(x => x.Failed)})");
            if (boto3.Count == 0)
            {
                Console.WriteLine("  boto3: did not run (apt-get install -y python3-boto3): " + err.Trim().Split('\n').LastOrDefault());
                return;
            }

            Console.WriteLine($"  boto3, {Limit} threads:                               {M(boto3.Select(x => x.Rate)),7:F0} /s ({string.Join("/", boto3.Select(x => x.Rate.ToString("F0", CultureInfo.InvariantCulture)))}; described {boto3.Sum(x => x.Described)}, failed {boto3.Sum(x => x.Failed)})");
            Console.WriteLine($"  ratio module/boto3:                                     {M(module.Select(x => x.Rate)) / M(boto3.Select(x => x.Rate)),7:F2}   (target >= 1.0)");
        }
        finally
        {
            p.Kill();
            p.WaitForExit();
        }
    }
}
