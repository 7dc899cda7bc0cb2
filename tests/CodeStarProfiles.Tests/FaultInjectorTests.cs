using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The endpoint's throttle: a token bucket per operation, as AWS's request quotas are per API action.</summary>
public sealed class FaultInjectorTests
{
    [Fact]
    public void Each_operation_has_a_bucket_of_its_own()
    {
        // One request a second and a bucket of one: the second request of an operation within the second is refused,
        // whatever the other operations took.
        var faults = new FaultInjector(new EndpointOptions { ThrottleRps = 1 });
        Assert.True(faults.TryTakeToken("CreateUserProfile"));
        Assert.False(faults.TryTakeToken("CreateUserProfile"));
        Assert.True(faults.TryTakeToken("DescribeUserProfile"));
        Assert.False(faults.TryTakeToken("DescribeUserProfile"));
        Assert.False(faults.TryTakeToken("CreateUserProfile"));
        Assert.True(faults.TryTakeToken("DeleteUserProfile"));
    }

    [Fact]
    public void A_bucket_holds_a_tenth_of_a_second_and_refills_at_the_rate()
    {
        var faults = new FaultInjector(new EndpointOptions { ThrottleRps = 200 });
        int taken = 0;
        while (faults.TryTakeToken("CreateUserProfile"))
        {
            taken++;
            Assert.True(taken < 1000, "the bucket never ran dry");
        }

        // 20 at once, plus what refilled while the loop ran (a few a millisecond at most on a slow machine).
        Assert.InRange(taken, 20, 30);
        Thread.Sleep(60);
        int refilled = 0;
        while (faults.TryTakeToken("CreateUserProfile"))
        {
            refilled++;
        }

        Assert.InRange(refilled, 8, 20);
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
