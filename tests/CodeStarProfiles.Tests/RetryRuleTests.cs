using Amazon.Runtime.Internal;
using CodeStarProfiles.Engine;
using CodeStarProfiles.Engine.Client;
using CodeStarProfiles.LocalEndpoint;
using CsCheck;
using Xunit;
using ExecutionContext = Amazon.Runtime.Internal.ExecutionContext;

namespace CodeStarProfiles.Tests;

/// <summary>The throttling rule of the retry policies, on a clock the test moves.</summary>
public sealed class ThrottleRetryRuleTests
{
    private double _now = 1;

    private (ThrottleRetryRule Rule, SendRatePacer Pacer) NewRule(double waitSeconds = 10)
    {
        var pacer = new SendRatePacer(() => _now);
        return (new ThrottleRetryRule(pacer, TimeSpan.FromSeconds(waitSeconds)), pacer);
    }

    private static ExecutionContext NewContext() => new(new RequestContext(false), null);

    /// <summary>Books one failed attempt the way the SDK's retry handler does: NotifyError, the limit, OnRetry, then Retries++.</summary>
    private static bool Fail(ThrottleRetryRule rule, ExecutionContext context, bool throttling, int maxRetries)
    {
        rule.NotifyError(context, throttling);
        if (rule.RetryLimitReached(context, maxRetries))
        {
            return false;
        }

        rule.OnRetry(context, throttling);
        context.RequestContext.Retries++;
        return true;
    }

    [Fact]
    public void Throttled_attempts_do_not_count_against_the_retry_attempts()
    {
        var (rule, _) = NewRule();
        var context = NewContext();
        for (int i = 0; i < 50; i++)
        {
            Assert.True(Fail(rule, context, throttling: true, maxRetries: 2));
        }

        Assert.True(Fail(rule, context, throttling: false, maxRetries: 2));
        Assert.True(Fail(rule, context, throttling: true, maxRetries: 2));
        Assert.True(Fail(rule, context, throttling: false, maxRetries: 2));
        Assert.False(Fail(rule, context, throttling: false, maxRetries: 2)); // the third non-throttling failure: 2 retries were spent
    }

    [Fact]
    public void Throttled_attempts_stop_being_retried_once_nothing_was_accepted_for_the_wait()
    {
        var (rule, pacer) = NewRule(waitSeconds: 10);
        var context = NewContext();
        _now += 9_000;
        Assert.True(Fail(rule, context, throttling: true, maxRetries: 0));
        pacer.OnAccepted(); // another request got through: the service is accepting some
        _now += 9_000;
        Assert.True(Fail(rule, context, throttling: true, maxRetries: 0));
        _now += 1_001;
        Assert.False(Fail(rule, context, throttling: true, maxRetries: 0));
    }

    [Fact]
    public void A_throttling_retry_takes_nothing_from_the_quota_and_a_success_gives_back_only_what_was_taken()
    {
        var (rule, _) = NewRule();
        var context = NewContext();
        context.RequestContext.LastCapacityType = CapacityManager.CapacityType.Retry; // as the SDK sets it before OnRetry
        Assert.True(rule.OnRetry(context, throttling: true)); // true: no quota asked for
        Assert.Equal(CapacityManager.CapacityType.Increment, context.RequestContext.LastCapacityType);

        context.RequestContext.LastCapacityType = CapacityManager.CapacityType.Timeout;
        Assert.False(rule.OnRetry(context, throttling: false)); // false: the SDK's quota decides
        context.RequestContext.LastCapacityType = CapacityManager.CapacityType.Retry;
        Assert.True(rule.OnRetry(context, throttling: true));
        Assert.Equal(CapacityManager.CapacityType.Timeout, context.RequestContext.LastCapacityType);
    }

    [Fact]
    public void Property_throttling_never_changes_how_many_other_failures_a_request_survives()
    {
        // Any interleaving of throttling and other failures: the request fails at exactly the
        // (maxRetries + 1)th other failure, however many throttling answers came between.
        Gen.Select(Gen.Int[0, 5], Gen.Bool.Array[1, 60]).Sample(t =>
        {
            var (maxRetries, throttles) = t;
            var (rule, _) = NewRule();
            var context = NewContext();
            int others = 0;
            foreach (bool throttling in throttles)
            {
                others += throttling ? 0 : 1;
                bool retried = Fail(rule, context, throttling, maxRetries);
                Assert.Equal(throttling || others <= maxRetries, retried);
                if (!retried)
                {
                    return;
                }
            }
        });
    }

    [Fact]
    public void Neither_policy_lets_the_SDK_resend_an_attempt_as_a_stale_connection()
    {
        // What a timed-out attempt sometimes is (the cancelled read saw the socket shut), and what a
        // connection the service dropped after the write is: the SDK's own test says "stale" to both.
        var timeout = new TimeoutException("The operation was canceled.", new TaskCanceledException("The operation was canceled.",
            new System.Net.Http.HttpIOException(System.Net.Http.HttpRequestError.ResponseEnded, "The response ended prematurely. (ResponseEnded)")));
        var reset = new IOException("Unable to read data from the transport connection: Connection reset by peer.",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset));
        var config = new AmazonCodeStarConfig();
        var rule = new ThrottleRetryRule(new SendRatePacer(), TimeSpan.FromSeconds(1));
        var sdk = new StandardRetryPolicy(config);
        Assert.True(sdk.IsStaleConnectionError(timeout));
        Assert.True(sdk.IsStaleConnectionError(reset));
        foreach (var policy in new Amazon.Runtime.RetryPolicy[] { new CodeStarStandardRetryPolicy(config, rule), new CodeStarAdaptiveRetryPolicy(config, rule) })
        {
            Assert.False(policy.IsStaleConnectionError(timeout));
            Assert.False(policy.IsStaleConnectionError(reset));
        }
    }

    [Fact]
    public void Backoff_after_throttling_is_short_and_capped()
    {
        for (int n = 1; n < 40; n++)
        {
            int ms = RetryDelays.ThrottleMilliseconds(n);
            Assert.InRange(ms, 0, (int)Math.Min(RetryDelays.ThrottleBaseMs * Math.Pow(2, n - 1), RetryDelays.ThrottleCapMs));
        }

        Assert.InRange(RetryDelays.Milliseconds(1, 20_000), 0, 50);
        Assert.InRange(RetryDelays.Milliseconds(30, 20_000), 0, 20_000);
    }
}

/// <summary>The client's retries and outcome checks against real endpoints that throttle, fail and stall.</summary>
public sealed class FaultClientTests : IClassFixture<EndpointFixture>
{
    private readonly EndpointFixture _endpoint;

    public FaultClientTests(EndpointFixture endpoint) => _endpoint = endpoint;

    private static Task<LocalEndpointHost> Start(double throttle = 0, double fault = 0, double stall = 0, int stallMs = 3000, int seed = 0, double drop = 0) =>
        TestEndpoint.StartAsync(TestEndpoint.NewDatabase("faults"), with: o => o with
        {
            ThrottleRps = throttle,
            FaultRate = fault,
            StallRate = stall,
            StallMs = stallMs,
            DropRate = drop,
            FaultSeed = seed,
        });

    private static ProfileData Row(string tag, int i) => new() { UserArn = EndpointFixture.NewArn(tag), DisplayName = $"{tag} {i}", EmailAddress = $"u{i}@example.com" };

    [Fact]
    public async Task Throttling_alone_fails_no_request_even_with_no_retries_and_many_in_flight()
    {
        await using var host = await Start(throttle: 10);
        using var service = _endpoint.Service(s => { s.EndpointUrl = host.Url; s.MaxRetryAttempts = 0; });
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            try
            {
                await service.CreateAsync(Row("thr", i), false, null, default);
                return null;
            }
            catch (CodeStarServiceException e)
            {
                return e.ErrorCode;
            }
        }));
        Assert.All(results, Assert.Null);
        Assert.Equal(32L, host.Store.Count());
    }

    [Fact]
    public async Task Throttling_with_nothing_accepted_for_the_wait_fails_as_Throttled()
    {
        await using var host = await Start(throttle: 0.05); // one token, then one every 20 s
        using var service = _endpoint.Service(s => { s.EndpointUrl = host.Url; s.MaxThrottleWait = TimeSpan.FromSeconds(1); });
        await service.CreateAsync(Row("bound", 0), false, null, default);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.CreateAsync(Row("bound", 1), false, null, default));
        Assert.Equal(FailureKind.Throttled, e.Kind);
        Assert.Equal("ThrottlingException", e.ErrorCode);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 6);
        Assert.Contains("retried until the service has accepted nothing for 1 s", service.RetrySettings);
    }

    [Fact]
    public async Task A_write_whose_only_attempt_timed_out_after_the_write_is_checked_and_reported_done()
    {
        await using var host = await Start(stall: 1.0);
        using var service = _endpoint.Service(s => { s.EndpointUrl = host.Url; s.MaxRetryAttempts = 0; s.Timeout = TimeSpan.FromSeconds(1); });
        var row = Row("checked", 0);
        var attempts = new List<AttemptInfo>();
        var (created, outcome) = await service.CreateAsync(row, false, a => attempts.Add(a), default);
        Assert.Equal(CreateOutcome.CreatedOnEarlierAttempt, outcome);
        Assert.Equal(row.DisplayName, created.DisplayName);
        // Exactly one create attempt (MaxRetryAttempts 0), then the check. About one timeout in a hundred ends
        // in an HttpIOException "The response ended prematurely" (the cancelled read meets the shut socket),
        // which the SDK alone would take for a stale connection and resend at once (see IsStaleConnectionError).
        Assert.Equal(
            new[] { "CreateUserProfile #1 TimeoutException mayHaveBeenProcessed=True", "DescribeUserProfile #1 ok mayHaveBeenProcessed=False" },
            attempts.Select(a => $"{a.Operation} #{a.Attempt} {a.ErrorCode ?? "ok"} mayHaveBeenProcessed={a.MayHaveBeenProcessed}"));

        var updated = await service.UpdateAsync(row.UserArn, "Checked Name", null, null, null, default);
        Assert.Equal("Checked Name", updated.DisplayName);
        Assert.Equal(row.UserArn, await service.DeleteAsync(row.UserArn, null, default));
        Assert.Equal(0L, host.Store.Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_dropped_connection_is_resent_only_as_a_counted_retry(int maxRetries)
    {
        // Every request dropped, before or after the write. The SDK alone would resend each attempt up
        // to 10 more times at once, outside MaxErrorRetry, taking the drop for a stale pooled connection.
        await using var host = await Start(drop: 1.0, seed: 7);
        using var service = _endpoint.Service(s => { s.EndpointUrl = host.Url; s.MaxRetryAttempts = maxRetries; });
        var attempts = new List<AttemptInfo>();
        var e = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.CreateAsync(Row("dropped", 0), false, a => attempts.Add(a), default));
        Assert.Equal(FailureKind.OutcomeUnknown, e.Kind); // the write may have been done, and the check was dropped too
        var tries = Enumerable.Range(1, maxRetries + 1).ToList();
        Assert.Equal(
            tries.Select(n => $"CreateUserProfile #{n}").Concat(tries.Select(n => $"DescribeUserProfile #{n}")),
            attempts.Select(a => $"{a.Operation} #{a.Attempt}"));
        Assert.All(attempts, a => Assert.True(a.MayHaveBeenProcessed));
    }

    [Fact]
    public async Task A_removal_retried_after_an_attempt_that_removed_it_is_reported_done_not_NotFound()
    {
        await using var host = await Start(stall: 1.0, stallMs: 2000);
        using var service = _endpoint.Service(s => { s.EndpointUrl = host.Url; s.MaxRetryAttempts = 1; s.Timeout = TimeSpan.FromSeconds(1); });
        var row = Row("removed", 0);
        await service.CreateAsync(row, false, null, default);
        var attempts = new List<AttemptInfo>();
        Assert.Equal(row.UserArn, await service.DeleteAsync(row.UserArn, a => attempts.Add(a), default));
        Assert.Equal("UserProfileNotFoundException", attempts.Last().ErrorCode); // the retry found it gone
    }

    [Fact]
    public async Task When_the_check_fails_too_the_outcome_is_unknown()
    {
        await using var host = await Start(fault: 1.0, seed: 5);
        using var service = _endpoint.Service(s => { s.EndpointUrl = host.Url; s.MaxRetryAttempts = 0; });
        var e = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.CreateAsync(Row("unknown", 0), false, null, default));
        Assert.Equal(FailureKind.OutcomeUnknown, e.Kind);
        Assert.Equal("OutcomeUnknown", e.ErrorCode);
        Assert.Contains("DescribeUserProfile", e.Message);
        var original = Assert.IsType<CodeStarServiceException>(e.InnerException);
        Assert.Equal(FailureKind.ServiceError, original.Kind);
        var d = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.DeleteAsync(EndpointFixture.NewArn(), null, default));
        Assert.Equal(FailureKind.OutcomeUnknown, d.Kind);
    }

    [Fact]
    public async Task A_refused_connection_is_a_certain_failure_not_an_unknown_outcome()
    {
        using var service = _endpoint.Service(s => s.EndpointUrl = "http://127.0.0.1:9"); // nothing listens on the discard port
        var attempts = new List<AttemptInfo>();
        var e = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.CreateAsync(Row("refused", 0), false, a => attempts.Add(a), default));
        Assert.Equal(FailureKind.Connection, e.Kind);
        Assert.All(attempts, a => Assert.False(a.MayHaveBeenProcessed));
        Assert.DoesNotContain(attempts, a => a.Operation == "DescribeUserProfile");
    }
}
