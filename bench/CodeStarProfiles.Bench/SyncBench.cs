// The sync benchmarks (issue: desired-state sync). Each prints ratios measured in one run:
//   compare: Compare-CodeStarUserProfile over 10,000 profiles in scope with a 10,000-row input (1% differ)
//            against a plain Get-CodeStarUserProfile listing of the same profiles (target <= 1.5 in issue 14, <= 1.2 in issue 15).
//   apply:   Sync-CodeStarUserProfile of ~1,000 mixed changes (creates, updates, removals) at -ThrottleLimit 16
//            against New-CodeStarUserProfile creating 1,000 profiles (target >= 0.8).
//   memory:  Compare over 100,000 profiles in scope: working-set growth (target < 300 MB).
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CodeStarProfiles.Engine;
using CodeStarProfiles.LocalEndpoint;

internal static class SyncBench
{
    private const string Conn = "-EndpointUrl $args[1] -Region us-east-1 -AccessKey " + EndpointOptions.DefaultAccessKeyId + " -SecretKey " + EndpointOptions.DefaultSecretKey;

    public static async Task Run(string root)
    {
        var parts = Bench.Extra.Length > 0 ? Bench.Extra : new[] { "compare", "apply", "memory" };
        using var rs = Bench.ModuleRunspace(root);
        if (parts.Contains("compare"))
        {
            await using var ep = await Bench.InProcessEndpoint("sync-compare");
            using var client = Bench.Client(ep.Url);
            await CompareVsListing(rs, client, ep.Url);
        }

        if (parts.Contains("apply"))
        {
            await ApplyVsCreate(rs);
        }

        if (parts.Contains("memory"))
        {
            await CompareMemory(root);
        }
    }

    private static string Arn(string tag, int i) => $"arn:aws:iam::222222222222:user/{tag}/u{i:D6}";

    private static async Task Seed(CodeStarService client, string tag, int from, int count)
    {
        int next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < from + count)
            {
                await client.CreateAsync(new ProfileData { UserArn = Arn(tag, i), DisplayName = $"User {i}", EmailAddress = $"u{i}@example.com" }, false, null, default);
            }
        }));
    }

    private static List<PSObject> Rows(string tag, IEnumerable<int> ids, Func<int, string>? name = null) => ids.Select(i =>
    {
        var o = Bench.CsvRow(); // as Import-Csv makes its rows
        o.Properties.Add(new PSNoteProperty("UserArn", Arn(tag, i)));
        o.Properties.Add(new PSNoteProperty("DisplayName", name?.Invoke(i) ?? $"User {i}"));
        o.Properties.Add(new PSNoteProperty("EmailAddress", $"u{i}@example.com"));
        return o;
    }).ToList();

    /// <summary>Runs a script with $args[0] = input and $args[1] = the endpoint URL; seconds, and the error count.</summary>
    private static async Task<(double Seconds, int Errors, int Output)> Time(Runspace rs, string script, object? input, string url)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddScript(script).AddArgument(input).AddArgument(url);
        Bench.Settle();
        var clock = Stopwatch.StartNew();
        var output = await Task.Factory.FromAsync(ps.BeginInvoke(), ps.EndInvoke);
        return (clock.Elapsed.TotalSeconds, ps.Streams.Error.Count, output.Count);
    }

    private static async Task CompareVsListing(Runspace rs, CodeStarService client, string url)
    {
        const int N = 10_000;
        await Seed(client, "cmp", 0, N);
        var rows = Rows("cmp", Enumerable.Range(0, N), i => i % 100 == 0 ? $"Renamed {i}" : $"User {i}");
        string list = $"Get-CodeStarUserProfile {Conn} | Out-Null";
        string compare = $"$args[0] | Compare-CodeStarUserProfile -Scope 'arn:aws:iam::222222222222:user/cmp/*' -ThrottleLimit 16 {Conn}";
        await Time(rs, list, null, url); // warm-up
        await Time(rs, compare, rows, url);
        var listing = new List<double>();
        var comparing = new List<double>();
        int changes = 0;
        for (int round = 0; round < 3; round++)
        {
            listing.Add((await Time(rs, list, null, url)).Seconds);
            var c = await Time(rs, compare, rows, url);
            comparing.Add(c.Seconds);
            changes = c.Output;
        }

        double l = Median(listing), c2 = Median(comparing);
        Console.WriteLine($"compare: {N:N0} profiles in scope, {N:N0} input rows, {changes} changes planned (medians of 3 interleaved rounds):");
        Console.WriteLine($"  listing {l:F2} s, Compare-CodeStarUserProfile {c2:F2} s: ratio {c2 / l:F2} (target <= 1.2)");
    }

    /// <summary>Each round on a fresh endpoint holding only what the round made: a sync reads every profile, and New reads none.</summary>
    private static async Task ApplyVsCreate(Runspace rs)
    {
        var creates = new List<double>();
        var syncs = new List<double>();
        int changesPerRound = 0;
        for (int round = 0; round < 4; round++)
        {
            await using var ep = await Bench.InProcessEndpoint($"sync-apply{round}");
            using var client = Bench.Client(ep.Url);
            string url = ep.Url;

            // New: 1,000 creates.
            var newRows = Rows($"new{round}", Enumerable.Range(0, 1000));
            var n = await Time(rs, $"$args[0] | New-CodeStarUserProfile -ThrottleLimit 16 {Conn} | Out-Null", newRows, url);

            // Sync: 666 in scope (and New's 1,000 outside it); the input renames 333, drops 333 and adds 333 new: 999 changes.
            string tag = $"sync{round}";
            await Seed(client, tag, 0, 666);
            var input = Rows(tag, Enumerable.Range(0, 333).Concat(Enumerable.Range(666, 333)), i => i < 333 ? $"Renamed {i}" : $"User {i}");
            var s = await Time(rs, $"$args[0] | Sync-CodeStarUserProfile -Scope 'arn:aws:iam::222222222222:user/{tag}/*' -MaxRemove 1000 -Force -ThrottleLimit 16 {Conn} | Out-Null", input, url);
            if (n.Errors + s.Errors > 0)
            {
                throw new InvalidOperationException($"errors in the apply bench: new {n.Errors}, sync {s.Errors}");
            }

            changesPerRound = 999;
            if (round > 0)
            {
                // Round 0 is the warm-up.
                creates.Add(1000 / n.Seconds);
                syncs.Add(changesPerRound / s.Seconds);
            }
        }

        double c = Median(creates), sy = Median(syncs);
        Console.WriteLine($"apply: Sync-CodeStarUserProfile of {changesPerRound} mixed changes (333 creates, 333 updates, 333 removals) vs New-CodeStarUserProfile of 1,000 creates, -ThrottleLimit 16 (medians of 3 rounds):");
        Console.WriteLine($"  New {c:F0} rows/s, Sync {sy:F0} changes/s: ratio {sy / c:F2} (target >= 0.8)");
    }

    private static async Task CompareMemory(string root)
    {
        const int N = 100_000;
        using var p = Bench.EndpointProcess(Path.Combine(Bench.Work, "sync-memory.db"), out var url);
        using (var seeder = Bench.Client(url))
        {
            await Seed(seeder, "mem", 0, N);
        }

        using var rs = Bench.ModuleRunspace(root);
        string script = """
            param($n, $url, $ak, $sk, $scope)
            1..$n | ForEach-Object { [pscustomobject]@{ UserArn = 'arn:aws:iam::222222222222:user/mem/u{0:D6}' -f $_; DisplayName = "User $_"; EmailAddress = "u$_@example.com" } } |
                Compare-CodeStarUserProfile -Scope $scope -ThrottleLimit 16 -EndpointUrl $url -Region us-east-1 -AccessKey $ak -SecretKey $sk |
                ForEach-Object -Begin { $count = 0 } -Process { $count++ } -End { $count }
            """;
        object? Run(int n, string scope)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = rs;
            var r = ps.AddScript(script).AddArgument(n).AddArgument(url).AddArgument(EndpointOptions.DefaultAccessKeyId).AddArgument(EndpointOptions.DefaultSecretKey).AddArgument(scope).Invoke();
            if (ps.Streams.Error.Count > 0 || r.Count == 0)
            {
                throw new InvalidOperationException("the memory bench's Compare failed: " + string.Join("; ", ps.Streams.Error.Take(3)));
            }

            return r[0].BaseObject;
        }

        Run(9, "arn:aws:iam::222222222222:user/mem/u00000?"); // warm-up: a scope of 10 profiles, 9 rows
        Bench.Settle();
        var clock = Stopwatch.StartNew();
        object? changes = null;
        var (baseline, peak) = await Bench.PeakWorkingSet(() => changes = Run(N - 1, "arn:aws:iam::222222222222:user/mem/*")); // u000000 is not in the input: one removal planned
        p.Kill();
        Console.WriteLine($"memory: Compare over {N:N0} profiles in scope with {N - 1:N0} input rows in {clock.Elapsed.TotalSeconds:F1} s ({changes} changes):");
        Console.WriteLine($"  working set after warm-up {baseline / 1048576.0:F0} MB, peak {peak / 1048576.0:F0} MB: growth {(peak - baseline) / 1048576.0:F0} MB (target < 300 MB)");
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s[s.Count / 2];
    }
}
