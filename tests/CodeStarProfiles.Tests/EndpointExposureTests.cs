using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// The local endpoint is safe to expose (issue 12): never beyond loopback with the published key,
/// HTTPS from Kestrel's own certificate settings, and floods of bad signatures cost signed clients
/// nothing and write nothing. Every request goes to loopback.
/// </summary>
public sealed class EndpointExposureTests
{
    private static object Profile(string arn) => new { userArn = arn, displayName = "Exposure Test", emailAddress = "exposure@example.com" };


    [Theory]
    [InlineData("http://127.0.0.1:4599", true)]
    [InlineData("http://127.0.0.2:0", true)]
    [InlineData("http://localhost:4599", true)]
    [InlineData("https://LOCALHOST:4599/", true)]
    [InlineData("http://[::1]:4599", true)]
    [InlineData("http://unix:/tmp/codestar.sock", true)]
    [InlineData("http://0.0.0.0:4599", false)]
    [InlineData("http://*:4599", false)]
    [InlineData("http://+:4599", false)]
    [InlineData("http://[::]:4599", false)]
    [InlineData("http://192.168.1.20:4599", false)]
    [InlineData("http://myhost:4599", false)]
    [InlineData("http://localhost.example.com:4599", false)]
    [InlineData("http://127.0.0.1.nip.io:4599", false)]
    public void Only_loopback_addresses_count_as_loopback(string url, bool loopback) =>
        Assert.Equal(loopback, EndpointOptions.IsLoopbackUrl(url));

    [Fact]
    public void The_default_key_is_refused_beyond_loopback_and_a_key_of_ones_own_is_not()
    {
        var defaults = new EndpointOptions();
        defaults.ThrowIfExposedWithDefaultKey(new[] { "http://127.0.0.1:4599", "http://[::1]:4599" });
        var e = Assert.Throws<ArgumentException>(() => defaults.ThrowIfExposedWithDefaultKey(new[] { "http://127.0.0.1:4599", "http://0.0.0.0:4599" }));
        Assert.Contains("http://0.0.0.0:4599", e.Message);
        Assert.DoesNotContain("127.0.0.1:4599,", e.Message);
        (defaults with { SecretKey = "a-key-of-my-own" }).ThrowIfExposedWithDefaultKey(new[] { "http://0.0.0.0:4599" });
    }

    [Fact]
    public async Task Beyond_loopback_with_the_default_key_it_refuses_to_start_and_says_which_option_to_pass()
    {
        var db = TestEndpoint.NewDatabase("exposed");
        foreach (var (urls, env) in new[]
        {
            ("http://0.0.0.0:0", new Dictionary<string, string>()),
            ("http://127.0.0.1:0", new Dictionary<string, string> { ["Kestrel__Endpoints__Lan__Url"] = "http://0.0.0.0:0" }),
        })
        {
            using var process = Process.Start(TestEndpoint.EndpointProcessStartInfo(TestEndpoint.EndpointDll, db, env, "--urls", urls))!;
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(2, process.ExitCode);
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Contains("0.0.0.0", lines[0]);
            Assert.Contains("--secret-key", lines[0]);
            Assert.Contains("CODESTAR_LOCAL_SECRET_KEY", lines[0]);
            Assert.DoesNotContain(EndpointOptions.DefaultSecretKey, lines[0]);
            Assert.False(File.Exists(db), "nothing is opened before the refusal");
        }
    }

    [Fact]
    public async Task With_a_secret_key_of_ones_own_from_the_environment_it_listens_beyond_loopback()
    {
        const string Secret = "an-operator-chosen-secret-key-0123456789";
        var db = TestEndpoint.NewDatabase("own-key");
        using var process = TestEndpoint.StartEndpointProcess(TestEndpoint.EndpointDll, db, new Dictionary<string, string> { ["CODESTAR_LOCAL_SECRET_KEY"] = Secret }, out var url, out var banner, "--urls", "http://0.0.0.0:0");
        try
        {
            Assert.DoesNotContain(Secret, banner);
            var loopback = "http://127.0.0.1:" + new Uri(url).Port;
            using var own = new RawClient(loopback) { SecretKey = Secret };
            Assert.Equal(200, (await own.Call("CreateUserProfile", Profile(EndpointFixture.NewArn("own")))).Status);
            using var published = new RawClient(loopback);
            Assert.Equal((403, "InvalidSignatureException"), ((await published.Call("ListUserProfiles", new { })).Status, (await published.Call("ListUserProfiles", new { })).Type));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task It_serves_HTTPS_with_a_certificate_from_Kestrels_own_settings()
    {
        var db = TestEndpoint.NewDatabase("https");
        var dir = Path.GetDirectoryName(db)!;
        Directory.CreateDirectory(dir);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=codestar-local-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = Path.Combine(dir, "endpoint.pfx");
        File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pfx, "pfx-password"));

        var env = new Dictionary<string, string> { ["Kestrel__Certificates__Default__Path"] = pfx, ["Kestrel__Certificates__Default__Password"] = "pfx-password" };
        using var process = TestEndpoint.StartEndpointProcess(TestEndpoint.EndpointDll, db, env, out var url, out _, "--urls", "https://127.0.0.1:0");
        try
        {
            Assert.StartsWith("https://127.0.0.1:", url);
            X509Certificate2? presented = null;
            var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, c, _, errors) =>
                {
                    presented = c is null ? null : new X509Certificate2(c);
                    return c is not null && c.Thumbprint == cert.Thumbprint && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0;
                },
            };
            using var client = new RawClient(url, handler);
            var arn = EndpointFixture.NewArn("tls");
            Assert.Equal(200, (await client.Call("CreateUserProfile", Profile(arn))).Status);
            Assert.Equal(200, (await client.Call("DescribeUserProfile", new { userArn = arn })).Status);
            Assert.Equal(cert.Thumbprint, presented?.Thumbprint);

            // Plain HTTP to the TLS port gets no profile data.
            using var plain = new RawClient("http://127.0.0.1:" + new Uri(url).Port);
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                var r = await plain.Call("DescribeUserProfile", new { userArn = arn });
                Assert.True(r.Status >= 400, "plain HTTP was answered");
                throw new InvalidOperationException("refused: " + r.Status);
            });
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Every kind of refused signature waits before its answer (a lower bound, which no machine's noise can break).</summary>
    [Fact]
    public async Task Every_refused_signature_is_answered_no_sooner_than_the_delay()
    {
        var db = TestEndpoint.NewDatabase("delay");
        await using var host = await TestEndpoint.StartAsync(db);
        using var good = new RawClient(host.Url);
        using var wrongSecret = new RawClient(host.Url) { SecretKey = "not-the-secret" };
        using var unknownKey = new RawClient(host.Url) { AccessKey = "AKIAUNKNOWNKEY000000" };
        await good.Call("ListUserProfiles", new { }); // a warm connection
        var cases = new (string Type, Func<Task<RawClient.Response>> Send)[]
        {
            ("MissingAuthenticationTokenException", () => good.Call("ListUserProfiles", new { }, sign: false)),
            ("InvalidSignatureException", () => wrongSecret.Call("ListUserProfiles", new { })),
            ("UnrecognizedClientException", () => unknownKey.Call("ListUserProfiles", new { })),
            ("IncompleteSignatureException", () => good.Call("ListUserProfiles", new { }, tamper: r => r.Headers.Remove("X-Amz-Date"))),
        };
        foreach (var (type, send) in cases)
        {
            var clock = Stopwatch.StartNew();
            var r = await send();
            var took = clock.Elapsed;
            Assert.Equal(type, r.Type);
            Assert.True(took >= CodeStarHandler.AuthenticationFailureDelay - TimeSpan.FromMilliseconds(5), $"{type} was answered after {took.TotalMilliseconds:F0} ms");
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), CodeStarHandler.AuthenticationFailureDelay);
        Assert.False(ApiException.Validation("x").IsAuthenticationFailure);
        Assert.False(ApiException.Throttling().IsAuthenticationFailure);
    }

    /// <summary>Refusals in a row on one connection wait longer each time (100, 200, 400, 800 ms, then 800); a request that passes starts again.</summary>
    [Fact]
    public async Task Refused_signatures_in_a_row_on_one_connection_wait_longer_each_time_and_a_good_one_starts_again()
    {
        var db = TestEndpoint.NewDatabase("tarpit");
        await using var host = await TestEndpoint.StartAsync(db);
        using var c = new RawClient(host.Url, new SocketsHttpHandler { MaxConnectionsPerServer = 1 }); // one keep-alive connection
        Assert.Equal(200, (await c.Call("ListUserProfiles", new { })).Status);

        async Task<TimeSpan> Refused()
        {
            var clock = Stopwatch.StartNew();
            var r = await c.Call("ListUserProfiles", new { }, sign: false);
            Assert.Equal(403, r.Status);
            return clock.Elapsed;
        }

        var slack = TimeSpan.FromMilliseconds(5);
        foreach (var ms in new[] { 100, 200, 400, 800, 800 })
        {
            var took = await Refused();
            Assert.True(took >= TimeSpan.FromMilliseconds(ms) - slack, $"a refusal expected to wait {ms} ms came after {took.TotalMilliseconds:F0} ms");
        }

        // The count, exactly: per connection, doubling to the cap, and forgotten when a signature passes.
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        Assert.Equal(CodeStarHandler.AuthenticationFailureDelay, CodeStarHandler.RefusalDelay(context)); // no connection: the first delay, always
        context.Features.Set<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>(new ConnectionItemsFeature());
        Assert.Equal(new[] { 100, 200, 400, 800, 800, 800 }, Enumerable.Range(0, 6).Select(_ => (int)CodeStarHandler.RefusalDelay(context).TotalMilliseconds));
        CodeStarHandler.ForgetRefusals(context);
        Assert.Equal(100, (int)CodeStarHandler.RefusalDelay(context).TotalMilliseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(800), CodeStarHandler.MaxAuthenticationFailureDelay);

        // Over HTTP, a good request on the connection starts the count again.
        Assert.Equal(200, (await c.Call("ListUserProfiles", new { })).Status);
        await Refused();
    }

    /// <summary>
    /// Functional half of the flood rule (the throughput figure is in bench/ FloodBench): while a few
    /// hundred unsigned, wrongly signed and unknown-key requests arrive, every signed request is
    /// served, and only the signed writes are stored.
    /// </summary>
    [Fact]
    public async Task A_flood_of_badly_signed_requests_writes_nothing_and_signed_requests_are_still_served()
    {
        var db = TestEndpoint.NewDatabase("flood");
        await using var host = await TestEndpoint.StartAsync(db);
        using var signed = new RawClient(host.Url);
        using var wrongSecret = new RawClient(host.Url) { SecretKey = "not-the-secret" };
        using var unknownKey = new RawClient(host.Url) { AccessKey = "AKIAFLOODFLOODFLOOD0" };
        var floodArns = new System.Collections.Concurrent.ConcurrentBag<string>();
        var floodStatuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();

        var flood = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 50; i++)
            {
                var arn = EndpointFixture.NewArn("flood");
                floodArns.Add(arn);
                var r = (i % 3) switch
                {
                    0 => await signed.Call("CreateUserProfile", Profile(arn), sign: false),
                    1 => await wrongSecret.Call("CreateUserProfile", Profile(arn)),
                    _ => await unknownKey.Call("DeleteUserProfile", new { userArn = arn }),
                };
                floodStatuses.Add(r.Status);
            }
        })).ToArray();

        var signedArns = Enumerable.Range(0, 100).Select(_ => EndpointFixture.NewArn("signed")).ToList();
        var served = await Task.WhenAll(signedArns.Select(async (arn, i) =>
        {
            await Task.Delay(i * 3);
            return await signed.Call("CreateUserProfile", Profile(arn));
        }));
        await Task.WhenAll(flood);

        Assert.All(served, r => Assert.Equal(200, r.Status));
        Assert.Equal(400, floodStatuses.Count);
        Assert.All(floodStatuses, s => Assert.Equal(403, s));
        Assert.Equal(signedArns.Count, host.Store.Count());
        Assert.All(floodArns.Take(20), a => Assert.Null(host.Store.Get(a)));
    }

    private sealed class ConnectionItemsFeature : Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }
}
