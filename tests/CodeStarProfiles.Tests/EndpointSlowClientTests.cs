using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// Clients that never read their answers do not pin memory indefinitely (issue 16): Kestrel's
/// response-rate limit (240 bytes/s after a 5 s grace) disconnects them. Loopback, bounded.
/// </summary>
public sealed class EndpointSlowClientTests : IClassFixture<LoggedEndpointFixture>
{
    private const int Profiles = 100;
    private const int Requests = 40;
    private readonly LoggedEndpointFixture _f;

    public EndpointSlowClientTests(LoggedEndpointFixture f) => _f = f;

    [Fact]
    public async Task A_client_that_sends_requests_and_never_reads_the_answers_is_disconnected()
    {
        // 100 profiles with 5 KB keys: each page of the listing is about 500 KB, 40 pipelined requests about 20 MB of
        // answers, more than the socket buffers hold; the answer is allowed max(10 s, 500 KB / 64 KiB/s).
        using var c = new RawClient(_f.Url);
        string key = "ssh-rsa " + new string('A', 5_000);
        var created = await Task.WhenAll(Enumerable.Range(0, Profiles).Select(i => c.Call("CreateUserProfile", new { userArn = EndpointFixture.NewArn("slow"), displayName = "Slow Reader", emailAddress = "slow@example.com", sshPublicKey = key })));
        Assert.All(created, r => Assert.Equal(200, r.Status));
        var page = await c.Call("ListUserProfiles", new { maxResults = 100 });
        long pageBytes = Encoding.UTF8.GetByteCount(page.Raw);
        Assert.True(pageBytes > 500_000, $"a page is only {pageBytes} bytes");

        var uri = new Uri(_f.Url);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(uri.Host, uri.Port);
        var body = Encoding.UTF8.GetBytes("{\"maxResults\":100}");
        for (int i = 0; i < Requests; i++)
        {
            var request = EndpointHostileInputTests.Frame(c.SignedHeaders("CodeStar_20170419.ListUserProfiles", body), $"Content-Length: {body.Length}\r\n", body);
            await socket.SendAsync(request, SocketFlags.None);
        }

        // The server gives up on the stalled answer and drops the connection: the client, still not reading, finds out
        // when a byte it sends is refused (the server's close resets the connection, unread requests and all).
        var clock = Stopwatch.StartNew();
        int listedBefore = Listings();
        bool closed = false;
        while (!closed && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(500);
            try
            {
                await socket.SendAsync(new byte[] { (byte)'\r' }, SocketFlags.None);
            }
            catch (SocketException)
            {
                closed = true;
            }
        }

        Assert.True(closed, $"the endpoint still holds the non-reading connection after {clock.Elapsed.TotalSeconds:F0} s");

        // Bounded by the response rate: a 10 s grace plus what the socket buffers held at 64 KiB/s (about 8 s), with room for a slow machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed.TotalSeconds:F0} s");

        // Most of the pipelined requests were never answered: the service stopped working for the client.
        await Task.Delay(500);
        Assert.True(Listings() - listedBefore < Requests / 2, $"{Listings() - listedBefore} of {Requests} pipelined listings were served");
    }

    private int Listings() => _f.Log.ToString().Split('\n').Count(l => l.Contains(" ListUserProfiles ", StringComparison.Ordinal));
}
