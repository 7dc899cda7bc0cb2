using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>How the endpoint's options are read: switches, then environment variables, then defaults; bad values refused.</summary>
public sealed class EndpointOptionsTests
{
    [Fact]
    public void Options_come_from_switches_then_environment_then_defaults()
    {
        var env = new System.Collections.Hashtable { ["CODESTAR_LOCAL_REGION"] = "eu-west-1", ["CODESTAR_LOCAL_URLS"] = "http://127.0.0.1:5000", ["CODESTAR_LOCAL_FAULT_RATE"] = "0.25" };
        var o = EndpointOptions.Parse(new[] { "--urls", "http://127.0.0.1:6000", "--database=x.db", "--throttle-rps", "200" }, env);
        Assert.Equal(("http://127.0.0.1:6000", "x.db", "eu-west-1", 200.0, 0.25), (o.Urls, o.Database, o.Region, o.ThrottleRps, o.FaultRate));
        Assert.Equal(EndpointOptions.DefaultAccessKeyId, o.AccessKeyId);
        Assert.Throws<ArgumentException>(() => EndpointOptions.Parse(new[] { "--fault-rate", "1.5" }, new System.Collections.Hashtable()));
        Assert.Throws<ArgumentException>(() => EndpointOptions.Parse(new[] { "--bogus", "1" }, new System.Collections.Hashtable()));
    }
}
