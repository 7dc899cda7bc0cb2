using System.Management.Automation;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Module.Tests;

/// <summary>
/// Bulk onboarding against a misbehaving endpoint (throttling, 500/503 before or after the
/// write, dropped connections, latency): every valid row created exactly once, every row
/// accounted for in the output or the error stream, and re-running with -Force completes the rest.
/// </summary>
public sealed class FaultTests : IClassFixture<ModuleFixture>
{
    private readonly ModuleFixture _f;

    public FaultTests(ModuleFixture f) => _f = f;

    private async Task<LocalEndpointHost> Start(string db, double throttle = 0, double fault = 0, double drop = 0, int latency = 0, int seed = 12345, double stall = 0) =>
        await LocalEndpointHost.StartAsync(new EndpointOptions
        {
            Urls = "http://127.0.0.1:0",
            Database = Path.Combine(_f.Directory, db),
            Log = "none",
            ThrottleRps = throttle,
            FaultRate = fault,
            DropRate = drop,
            LatencyMs = latency,
            FaultSeed = seed,
            StallRate = stall,
            StallMs = 4000,
        });

    private static List<PSObject> Rows(string tag, int count, int invalidEvery = 0) => Enumerable.Range(0, count).Select(i =>
    {
        var o = new PSObject();
        bool invalid = invalidEvery > 0 && i % invalidEvery == invalidEvery - 1;
        o.Properties.Add(new PSNoteProperty("UserArn", invalid ? $"arn:aws:iam::1:user/{tag}{i}" : $"arn:aws:iam::777777777777:user/{tag}/u{i:D4}"));
        o.Properties.Add(new PSNoteProperty("DisplayName", $"{tag} User {i}"));
        o.Properties.Add(new PSNoteProperty("EmailAddress", $"u{i}@{tag}.example.com"));
        return o;
    }).ToList();

    private static (RunResult Result, int Created, int Failed) Onboard(PsSession s, string url, List<PSObject> rows, string extra)
    {
        var r = s.Run($"$rows | New-CodeStarUserProfile -EndpointUrl $url @Auth {extra}", new Dictionary<string, object?> { ["rows"] = rows, ["url"] = url });
        return (r, r.Output.Count, r.Errors.Count);
    }

    private static PsSession Session(ModuleFixture f)
    {
        var s = f.NewSession();
        s.Run("$Auth = @{ Region = 'us-east-1'; AccessKey = $Conn.AccessKey; SecretKey = $Conn.SecretKey }");
        return s;
    }

    private static void AssertExactlyOnce(LocalEndpointHost host, List<PSObject> rows, string tag)
    {
        var (page, _) = host.Store.List(null, 100_000);
        var stored = page.Where(p => p.UserArn.Contains($"/{tag}/")).ToList();
        var valid = rows.Select(r => (string)r.Properties["UserArn"].Value).Where(a => a.Contains($"/{tag}/")).ToList();
        Assert.Equal(valid.OrderBy(x => x), stored.Select(p => p.UserArn).OrderBy(x => x));
        foreach (var p in stored)
        {
            var row = rows.Single(r => (string)r.Properties["UserArn"].Value == p.UserArn);
            Assert.Equal(row.Properties["DisplayName"].Value, p.DisplayName);
        }
    }

    [Fact]
    public async Task Throttling_is_retried_until_every_row_lands()
    {
        await using var host = await Start("throttle.db", throttle: 40);
        using var s = Session(_f);
        var rows = Rows("throttle", 80);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (r, created, failed) = Onboard(s, host.Url, rows, "-ThrottleLimit 8 -MaxRetryAttempts 10");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"80 rows at 40/s took {clock.Elapsed}");
        Assert.True(failed == 0, string.Join("\n", r.Errors.Select(e => e.ToString())));
        Assert.Equal(80, created);
        AssertExactlyOnce(host, rows, "throttle");
    }

    [Fact]
    public async Task Server_errors_before_and_after_the_write_never_lose_or_duplicate_a_row_or_report_a_false_exists()
    {
        await using var host = await Start("faults.db", fault: 0.3);
        using var s = Session(_f);
        var rows = Rows("faults", 50, invalidEvery: 10);
        var (r, created, failed) = Onboard(s, host.Url, rows, "-ThrottleLimit 8 -MaxRetryAttempts 10 -Verbose");
        Assert.Equal(45, created);
        Assert.Equal(5, failed);
        Assert.All(r.Errors, e => Assert.StartsWith("InvalidUserArn,", e.FullyQualifiedErrorId));
        // Some creates failed after the service wrote them: the retry met 'already exists' and recognised its own write.
        Assert.Contains(r.Verbose, v => v.Contains("an earlier attempt had been written before it failed"));
        Assert.Contains(r.Verbose, v => v.Contains("InternalFailure") || v.Contains("ServiceUnavailable"));
        AssertExactlyOnce(host, rows, "faults");
    }

    [Fact]
    public async Task A_create_that_timed_out_after_the_write_is_reported_as_created()
    {
        // Every write is answered 4 s late; -TimeoutSec 1 gives up first, and the retry finds the profile there.
        await using var host = await Start("stall.db", stall: 1.0);
        using var s = Session(_f);
        var rows = Rows("stall", 3);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (r, created, failed) = Onboard(s, host.Url, rows, "-ThrottleLimit 3 -TimeoutSec 1 -Verbose");
        Assert.True(failed == 0, string.Join("\n", r.Errors.Select(e => e.ToString())));
        Assert.Equal(3, created);
        Assert.Equal(3, r.Verbose.Count(v => v.Contains("an earlier attempt had been written before it failed")));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}: the 1 s timeout was not applied");
        AssertExactlyOnce(host, rows, "stall");
    }

    [Fact]
    public async Task Dropped_connections_are_retried_and_accounted_for()
    {
        await using var host = await Start("drops.db", drop: 0.25, latency: 2);
        using var s = Session(_f);
        var rows = Rows("drops", 40);
        var (r, created, failed) = Onboard(s, host.Url, rows, "-ThrottleLimit 4 -MaxRetryAttempts 10");
        Assert.True(failed == 0, string.Join("\n", r.Errors.Select(e => e.ToString())));
        Assert.Equal(40, created);
        AssertExactlyOnce(host, rows, "drops");
    }

    [Fact]
    public async Task Without_retries_each_failure_is_a_row_error_and_a_Force_rerun_completes_the_rest()
    {
        List<PSObject> rows = Rows("rerun", 40);
        int firstCreated;
        using var s = Session(_f);
        await using (var faulty = await Start("rerun.db", fault: 0.4, seed: 99))
        {
            var (r, created, failed) = Onboard(s, faulty.Url, rows, "-ThrottleLimit 4 -MaxRetryAttempts 0 -ErrorVariable failed");
            firstCreated = created;
            Assert.Equal(40, created + failed); // nothing silently missing
            Assert.True(failed > 0, "a 40% fault rate with no retries fails some rows");
            Assert.All(r.Errors, e =>
            {
                Assert.StartsWith("ServiceError,", e.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.ResourceUnavailable, e.CategoryInfo.Category);
                Assert.Contains(rows, row => ReferenceEquals(row.BaseObject, ((PSObject)e.TargetObject).BaseObject));
            });
        }

        await using var healthy = await Start("rerun.db");
        var again = Onboard(s, healthy.Url, rows, "-Force -ThrottleLimit 4");
        Assert.Equal(0, again.Failed);
        Assert.Equal(40, again.Created);
        AssertExactlyOnce(healthy, rows, "rerun");
        Assert.True(firstCreated < 40);
    }

    [Fact]
    public async Task Progress_shows_for_long_runs_and_not_when_silenced()
    {
        await using var host = await Start("progress.db", latency: 100);
        using var s = Session(_f);
        var (r, created, _) = Onboard(s, host.Url, Rows("progress", 26), "-ThrottleLimit 1");
        Assert.Equal(26, created);
        var records = s.Host.Progress.Where(p => p.Activity == "New-CodeStarUserProfile").ToList();
        Assert.NotEmpty(records);
        Assert.True(records.Count <= 8, $"a modest refresh rate: about one a second, got {records.Count}");
        Assert.Contains(records, p => p.StatusDescription.Contains("processed") && p.StatusDescription.Contains("created") && p.StatusDescription.Contains("/s"));
        Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);

        using var quiet = Session(_f);
        quiet.Run("$ProgressPreference = 'SilentlyContinue'");
        Assert.Equal(26, Onboard(quiet, host.Url, Rows("progressquiet", 26), "-ThrottleLimit 1").Created);
        Assert.DoesNotContain(quiet.Host.Progress, p => p.Activity == "New-CodeStarUserProfile");
    }

    [Fact]
    public async Task Stopping_the_pipeline_cancels_what_is_in_flight_and_sends_nothing_more()
    {
        await using var host = await Start("stop.db", latency: 400);
        using var s = Session(_f);
        var rows = Rows("stop", 200);
        using var ps = PowerShell.Create();
        ps.Runspace = s.Runspace;
        ps.AddScript("$args[0] | New-CodeStarUserProfile -EndpointUrl $args[1] @Auth -ThrottleLimit 4").AddArgument(rows).AddArgument(host.Url);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var running = ps.BeginInvoke();
        await Task.Delay(1500);
        ps.Stop(); // what Ctrl+C does: StopProcessing
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Stop took until {clock.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        long afterStop = host.RequestCount;
        await Task.Delay(1000);
        Assert.Equal(afterStop, host.RequestCount); // nothing more is sent
        Assert.True(afterStop < 40, $"{afterStop} requests: the run was cut short");
    }

    [Fact]
    public async Task Retries_show_in_verbose_as_they_happen_not_when_the_command_ends()
    {
        // 2 requests a second: most of the 6 rows are throttled at first and retried for seconds.
        await using var host = await Start("live.db", throttle: 2);
        using var s = Session(_f);
        using var ps = PowerShell.Create();
        ps.Runspace = s.Runspace;
        ps.AddScript("$args[0] | New-CodeStarUserProfile -EndpointUrl $args[1] @Auth -ThrottleLimit 6 -MaxRetryAttempts 20 -Verbose").AddArgument(Rows("live", 6)).AddArgument(host.Url);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan? firstThrottled = null;
        ps.Streams.Verbose.DataAdded += (_, e) =>
        {
            if (firstThrottled == null && ps.Streams.Verbose[e.Index].Message.Contains("ThrottlingException"))
            {
                firstThrottled = clock.Elapsed;
            }
        };
        var output = await Task.Factory.FromAsync(ps.BeginInvoke(), ps.EndInvoke);
        var ended = clock.Elapsed;
        Assert.Equal(6, output.Count);
        Assert.NotNull(firstThrottled);
        Assert.True(ended - firstThrottled!.Value > TimeSpan.FromSeconds(1), $"first throttling reported at {firstThrottled}, the command ended at {ended}");
    }

    [Fact]
    public async Task Retry_attempts_and_mode_come_from_parameters()
    {
        await using var host = await Start("attempts.db", fault: 1.0);
        using var s = Session(_f);
        var r = Onboard(s, host.Url, Rows("attempts", 1), "-MaxRetryAttempts 2 -Verbose").Result;
        Assert.Single(r.Errors);
        Assert.Equal(3, r.Verbose.Count(v => v.Contains("CreateUserProfile") && v.Contains("failed with")));
    }
}
