using CodeStarProfiles.Engine.Client;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The client's pacing after "Rate exceeded", on a clock the test moves.</summary>
public sealed class SendRatePacerTests
{
    private double _now;

    private SendRatePacer NewPacer() => new(() => _now);

    /// <summary>Successes spread evenly at <paramref name="perSecond"/> for <paramref name="seconds"/>.</summary>
    private void Succeed(SendRatePacer pacer, double perSecond, double seconds)
    {
        double end = _now + (seconds * 1000);
        while (_now < end)
        {
            _now += 1000 / perSecond;
            pacer.OnSuccess();
        }
    }

    /// <summary>Successes as fast as the pacer allows, for <paramref name="seconds"/>.</summary>
    private void SucceedAtPacedRate(SendRatePacer pacer, double seconds)
    {
        double end = _now + (seconds * 1000);
        while (_now < end)
        {
            _now += 1000 / pacer.Rate;
            pacer.OnSuccess();
        }
    }

    [Fact]
    public void Does_nothing_until_the_service_throttles()
    {
        var pacer = NewPacer();
        Succeed(pacer, 500, 2);
        Assert.Equal(0, pacer.Rate);
        Assert.True(pacer.WaitAsync(default).IsCompleted);
    }

    [Fact]
    public void Once_throttled_after_a_second_of_history_it_paces_at_90_percent_of_what_succeeded()
    {
        var pacer = NewPacer();
        Succeed(pacer, 100, 3);
        pacer.OnThrottled(_now);
        Assert.InRange(pacer.Rate, 85, 95);
        Assert.False(pacer.WaitAsync(default).IsCompleted); // the next attempt waits for its slot

        // Back at the ceiling within a second, without going far beyond it.
        SucceedAtPacedRate(pacer, 1);
        Assert.InRange(pacer.Rate, 99, 108);
    }

    [Fact]
    public void A_burst_of_throttling_answers_counts_once()
    {
        var pacer = NewPacer();
        Succeed(pacer, 100, 3);
        pacer.OnThrottled(_now);
        double first = pacer.Rate;
        _now += 50;
        pacer.OnThrottled(_now);
        Assert.Equal(first, pacer.Rate);
        _now += 200;
        pacer.OnThrottled(_now);
        Assert.True(pacer.Rate < first, $"a throttle 250 ms later should cut again: {pacer.Rate} vs {first}");
    }

    [Fact]
    public void Throttled_in_its_first_burst_it_starts_low_and_finds_the_limit_within_seconds()
    {
        // Six successes in the first 100 ms, then "Rate exceeded": too little history to measure.
        var pacer = NewPacer();
        Succeed(pacer, 60, 0.1);
        pacer.OnThrottled(_now);
        double start = pacer.Rate;
        Assert.InRange(start, 1, 100);

        SucceedAtPacedRate(pacer, 1.5);
        Assert.True(pacer.Rate > 3 * start, $"with no known ceiling the rate should grow fast: {start:F0} -> {pacer.Rate:F0} in 1.5 s");

        // When the service throttles again, that rate becomes the ceiling and the pacer settles below it.
        double reached = pacer.Rate;
        _now += 300;
        pacer.OnThrottled(_now);
        Assert.InRange(pacer.Rate, 0.85 * reached, 0.95 * reached);
    }

    [Fact]
    public void Throttling_of_the_opening_burst_starts_no_pacing_what_comes_after_the_first_success_does()
    {
        // 40 attempts in 200 ms (200 a second) before anything succeeded; the service, cold, answers
        // them a second later: throttled.
        var pacer = NewPacer();
        for (int i = 0; i < 40; i++)
        {
            _now += 5;
            pacer.WaitAsync(default);
        }

        _now += 1000;
        pacer.OnThrottled(100);
        Assert.Equal(0, pacer.Rate);

        // Something succeeds; then an attempt sent after that is throttled: now it paces, from half the attempt rate.
        pacer.OnSuccess();
        for (int i = 0; i < 40; i++)
        {
            _now += 5;
            pacer.WaitAsync(default);
        }

        pacer.OnThrottled(_now - 1);
        Assert.InRange(pacer.Rate, 90, 110);
    }

    [Fact]
    public void Late_answers_to_attempts_sent_before_the_last_decrease_do_not_cut_again()
    {
        // Six successes in the first 100 ms; attempts sent at 50 ms are throttled.
        var pacer = NewPacer();
        Succeed(pacer, 60, 0.1);
        double sentEarly = _now - 50;
        pacer.OnThrottled(sentEarly);
        double start = pacer.Rate;

        // The service is slow: more answers to attempts sent then arrive 400 ms later, while the pacer climbs.
        SucceedAtPacedRate(pacer, 0.4);
        double climbing = pacer.Rate;
        pacer.OnThrottled(sentEarly);
        Assert.Equal(climbing, pacer.Rate);
        Assert.True(climbing > start);

        // An attempt sent after the decrease is news: it cuts.
        double sent = _now;
        _now += 10;
        pacer.OnThrottled(sent);
        Assert.True(pacer.Rate < climbing);
    }
}
