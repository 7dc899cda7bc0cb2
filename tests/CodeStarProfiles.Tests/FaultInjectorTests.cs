using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The endpoint's throttle: a token bucket per operation, as AWS's request quotas are per API action; on a clock of the test's own.</summary>
public sealed class FaultInjectorTests
{
    private long _now = 1_000_000;

    private FaultInjector Throttle(double rps) => new(new EndpointOptions { ThrottleRps = rps }, () => _now);

    private static int TakeAll(FaultInjector faults, string operation = "CreateUserProfile")
    {
        int taken = 0;
        while (faults.TryTakeToken(operation))
        {
            taken++;
            Assert.True(taken <= 100_000, "the bucket never ran dry");
        }

        return taken;
    }

    [Fact]
    public void Each_operation_has_a_bucket_of_its_own()
    {
        // One request a second and a bucket of one: the second request of an operation within the second is
        // refused, whatever the other operations took.
        var faults = Throttle(1);
        Assert.True(faults.TryTakeToken("CreateUserProfile"));
        Assert.False(faults.TryTakeToken("CreateUserProfile"));
        Assert.True(faults.TryTakeToken("DescribeUserProfile"));
        Assert.False(faults.TryTakeToken("DescribeUserProfile"));
        Assert.False(faults.TryTakeToken("CreateUserProfile"));
        Assert.True(faults.TryTakeToken("DeleteUserProfile"));
        _now += 1000;
        Assert.True(faults.TryTakeToken("CreateUserProfile"));
        Assert.False(faults.TryTakeToken("CreateUserProfile"));
    }

    [Theory]
    [InlineData(200, 20)] // a tenth of a second's worth
    [InlineData(20, 2)]
    [InlineData(5, 1)] // never less than one request
    public void A_bucket_holds_a_tenth_of_a_second_and_refills_at_the_rate_never_beyond_it(double rps, int capacity)
    {
        var faults = Throttle(rps);
        Assert.Equal(capacity, TakeAll(faults));

        // Refilled at the rate: 60 ms at 200/s is 12 requests, and the fractions add up.
        _now += 60;
        Assert.Equal(Math.Min(capacity, (int)(rps * 0.060)), TakeAll(faults));
        for (int ms = 0; ms < 1000; ms += 10)
        {
            _now += 10;
            TakeAll(faults);
        }

        _now += 1;
        TakeAll(faults);
        // Over a long quiet stretch it fills to its size and no further.
        _now += 60_000;
        Assert.Equal(capacity, TakeAll(faults));
    }

    [Fact]
    public void Over_a_second_of_steady_demand_it_admits_the_rate()
    {
        var faults = Throttle(200);
        int admitted = TakeAll(faults); // the opening burst: the bucket's 20
        for (int ms = 1; ms <= 1000; ms++)
        {
            _now++;
            admitted += TakeAll(faults);
        }

        Assert.Equal(20 + 200, admitted);
    }

    [Fact]
    public void No_throttle_takes_nothing()
    {
        var faults = new FaultInjector(new EndpointOptions());
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(faults.TryTakeToken("CreateUserProfile"));
        }
    }
}
