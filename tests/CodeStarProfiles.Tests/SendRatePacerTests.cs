using CodeStarProfiles.Engine.Client;
using CsCheck;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The client's pacing after "Rate exceeded", on a clock the test moves.</summary>
public sealed class SendRatePacerTests
{
    private double _now = 1;

    private SendRatePacer NewPacer() => new(() => _now);

    /// <summary>Accepted answers spread evenly at <paramref name="perSecond"/> for <paramref name="seconds"/>.</summary>
    private void Accept(SendRatePacer pacer, double perSecond, double seconds)
    {
        double end = _now + (seconds * 1000);
        while (_now < end)
        {
            _now += 1000 / perSecond;
            pacer.OnAccepted();
        }
    }

    [Fact]
    public void Does_nothing_until_the_service_throttles()
    {
        var pacer = NewPacer();
        Accept(pacer, 500, 2);
        Assert.Equal(0, pacer.Rate);
        Assert.True(pacer.WaitAsync(default).IsCompleted);
    }

    [Fact]
    public void Once_throttled_it_paces_a_little_above_what_the_service_accepted()
    {
        var pacer = NewPacer();
        Accept(pacer, 100, 2);
        pacer.OnThrottled(pacer.NowMs);
        Assert.InRange(pacer.Rate, 100 * (1 + SendRatePacer.Margin) - 3, 100 * (1 + SendRatePacer.Margin) + 3);
        Assert.False(pacer.WaitAsync(default).IsCompleted); // the next attempt waits for its slot
    }

    [Fact]
    public void While_nothing_is_throttled_it_speeds_up_by_about_a_tenth_a_second()
    {
        var pacer = NewPacer();
        Accept(pacer, 100, 2);
        pacer.OnThrottled(pacer.NowMs);
        double start = pacer.Rate;
        Accept(pacer, start, 1);
        Assert.InRange(pacer.Rate, start * 1.07, start * 1.13);
    }

    [Fact]
    public void A_burst_of_throttling_answers_counts_once_and_a_later_one_measures_again()
    {
        var pacer = NewPacer();
        Accept(pacer, 100, 2);
        pacer.OnThrottled(pacer.NowMs);
        double first = pacer.Rate;
        Accept(pacer, 50, 0.1);
        pacer.OnThrottled(pacer.NowMs); // 100 ms later: the same burst
        Assert.Equal(first + (5 * 0.1), pacer.Rate, 3);
        Accept(pacer, 50, 1.2);
        double beforeCut = pacer.Rate;
        pacer.OnThrottled(pacer.NowMs); // the service now accepts 50 a second: one cut is at most 15%
        Assert.Equal(0.85 * beforeCut, pacer.Rate, 6);
        for (int i = 0; i < 12; i++)
        {
            Accept(pacer, 50, 0.25);
            pacer.OnThrottled(pacer.NowMs);
        }

        Assert.InRange(pacer.Rate, 50, 60); // within a few seconds it is there
    }

    [Fact]
    public void After_a_few_quiet_seconds_it_speeds_up_much_faster_than_at_first()
    {
        var pacer = NewPacer();
        Accept(pacer, 100, 2);
        pacer.OnThrottled(pacer.NowMs); // say the first estimate was low: the service could take far more
        double start = pacer.Rate;
        Accept(pacer, start, 1);
        double firstSecond = pacer.Rate - start;
        double before = pacer.Rate;
        Accept(pacer, 100, 4);
        double mark = pacer.Rate;
        Accept(pacer, 100, 1);
        Assert.True(pacer.Rate - mark > 5 * firstSecond, $"growth in the first quiet second {firstSecond:F1}/s, after five {pacer.Rate - mark:F1}/s (from {before:F0})");
    }

    [Fact]
    public void Throttling_of_the_opening_burst_starts_no_pacing_what_comes_after_the_first_acceptance_does()
    {
        var pacer = NewPacer();
        double sent = pacer.NowMs;
        _now += 1100; // a cold service answers the opening burst late
        for (int i = 0; i < 16; i++)
        {
            pacer.OnThrottled(sent);
        }

        Assert.Equal(0, pacer.Rate);
        Accept(pacer, 100, 0.5);
        pacer.OnThrottled(pacer.NowMs);
        Assert.InRange(pacer.Rate, 90, 115);
    }

    [Fact]
    public void Late_answers_to_attempts_sent_before_the_last_adjustment_do_not_adjust_again()
    {
        var pacer = NewPacer();
        Accept(pacer, 100, 2);
        double sentBefore = pacer.NowMs;
        _now += 250;
        pacer.OnThrottled(_now);
        double set = pacer.Rate;
        _now += 300;
        pacer.OnThrottled(sentBefore);
        Assert.Equal(set, pacer.Rate);
    }

    [Fact]
    public void The_time_since_the_last_accepted_answer_is_what_bounds_throttled_retries()
    {
        var pacer = NewPacer();
        Assert.Equal(0, pacer.MsSinceAccepted);
        _now += 5000;
        pacer.OnThrottled(_now);
        Assert.Equal(5000, pacer.MsSinceAccepted);
        pacer.OnAccepted();
        Assert.Equal(0, pacer.MsSinceAccepted);
    }

    /// <summary>
    /// A simulated bulk run: <paramref name="workers"/> rows in flight, each sending its attempt in
    /// the pacer's slot, to a service with a token bucket of <paramref name="limit"/> a second (a
    /// tenth of a second's worth deep, as the local endpoint's), answering after
    /// <paramref name="latencyMs"/>; a throttled row backs off as the retry policy does. Returns
    /// the accepted and throttled counts over the measured stretch (after a warm-up).
    /// </summary>
    private static (int Accepted, int Throttled) Simulate(int workers, double limit, double latencyMs, double seconds, int seed)
    {
        double now = 1;
        var random = new Random(seed);
        var pacer = new SendRatePacer(() => now);
        double tokens = Math.Max(1, limit / 10), lastRefill = now;
        var due = new PriorityQueue<(int Worker, int Kind, double SentMs), double>(); // Kind 0: send, 1: answer
        var consecutive = new int[workers];
        for (int w = 0; w < workers; w++)
        {
            due.Enqueue((w, 0, 0), now);
        }

        double warmUpEnd = 3000, end = warmUpEnd + (seconds * 1000);
        int accepted = 0, throttled = 0;
        var answers = new Dictionary<int, bool>();
        while (due.TryDequeue(out var e, out double at) && at < end)
        {
            now = at;
            if (e.Kind == 0)
            {
                double wait = pacer.ReserveSlot();
                if (wait >= 1)
                {
                    due.Enqueue((e.Worker, 2, 0), now + wait); // 2: send now, the slot is booked
                    continue;
                }

                e = (e.Worker, 2, 0);
            }

            if (e.Kind == 2)
            {
                tokens = Math.Min(Math.Max(1, limit / 10), tokens + ((now - lastRefill) * limit / 1000));
                lastRefill = now;
                bool ok = tokens >= 1;
                if (ok)
                {
                    tokens--;
                }

                answers[e.Worker] = ok;
                due.Enqueue((e.Worker, 1, now), now + latencyMs);
                continue;
            }

            bool wasAccepted = answers[e.Worker];
            if (now >= warmUpEnd)
            {
                if (wasAccepted)
                {
                    accepted++;
                }
                else
                {
                    throttled++;
                }
            }

            if (wasAccepted)
            {
                pacer.OnAccepted();
                consecutive[e.Worker] = 0;
                due.Enqueue((e.Worker, 0, 0), now); // the next row
            }
            else
            {
                pacer.OnThrottled(e.SentMs);
                int n = ++consecutive[e.Worker];
                due.Enqueue((e.Worker, 0, 0), now + (random.NextDouble() * Math.Min(RetryDelays.ThrottleBaseMs * Math.Pow(2, Math.Min(n, 16) - 1), RetryDelays.ThrottleCapMs)));
            }
        }

        return (accepted, throttled);
    }

    [Fact]
    public void Property_a_paced_run_uses_at_least_92_percent_of_what_it_could_and_is_throttled_on_a_minority_of_attempts()
    {
        // From 20 a second up, the local endpoint's bucket holds 2 or more tokens (100 ms' worth). At
        // 1 token any client wastes allowance: the token must be taken the moment it is there.
        Gen.Select(Gen.Int[1, 64], Gen.Double[20, 400], Gen.Double[1, 40], Gen.Int)
            .Sample(
                t =>
                {
                    var (workers, limit, latency, seed) = t;
                    const double Seconds = 10;
                    var (accepted, throttled) = Simulate(workers, limit, latency, Seconds, seed);
                    double capacity = Math.Min(limit, workers * 1000 / latency); // what the rows in flight could do unthrottled
                    Assert.True(accepted >= 0.92 * capacity * Seconds, $"{workers} workers, limit {limit:F0}/s, latency {latency:F0} ms: {accepted / Seconds:F1} accepted/s of {capacity:F1}");
                    Assert.True(throttled <= 0.5 * accepted + 20, $"{workers} workers, limit {limit:F0}/s: {throttled} throttled for {accepted} accepted");
                },
                iter: 60);
    }
}
