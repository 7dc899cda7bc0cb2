using System.Diagnostics;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The endpoint as a process: an acknowledged write survives kill -9; SIGTERM stops it cleanly.</summary>
public sealed class EndpointDurabilityTests
{
    private static object Profile(string arn) => new { userArn = arn, displayName = "Sec Test", emailAddress = "sec@example.com" };

    [Fact]
    public async Task An_acknowledged_write_survives_kill_minus_9()
    {
        string dll = TestEndpoint.EndpointDll;
        string db = TestEndpoint.NewDatabase("kill");
        var arns = Enumerable.Range(0, 20).Select(i => EndpointFixture.NewArn("durable")).ToList();

        using (var process = TestEndpoint.StartEndpointProcess(dll, db, out var url, out var banner))
        {
            Assert.Contains(EndpointOptions.DefaultAccessKeyId, banner);
            Assert.DoesNotContain(EndpointOptions.DefaultSecretKey, banner);
            using var c = new RawClient(url);
            var acks = await Task.WhenAll(arns.Select(a => c.Call("CreateUserProfile", Profile(a))));
            Assert.All(acks, r => Assert.Equal(200, r.Status));
            process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
            process.WaitForExit();
        }

        using (var process = TestEndpoint.StartEndpointProcess(dll, db, out var url, out _))
        {
            using var c = new RawClient(url);
            foreach (var a in arns)
            {
                Assert.Equal(200, (await c.Call("DescribeUserProfile", new { userArn = a })).Status);
            }

            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task SIGTERM_stops_it_cleanly()
    {
        string dll = TestEndpoint.EndpointDll;
        string db = TestEndpoint.NewDatabase("term");
        using var process = TestEndpoint.StartEndpointProcess(dll, db, out var url, out _);
        using (var c = new RawClient(url))
        {
            Assert.Equal(200, (await c.Call("CreateUserProfile", Profile(EndpointFixture.NewArn("term")))).Status);
        }

        using (var kill = Process.Start("kill", new[] { "-TERM", process.Id.ToString() }))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(20_000), "the endpoint did not stop on SIGTERM");
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Stopped.", process.StandardOutput.ReadToEnd());
    }
}
