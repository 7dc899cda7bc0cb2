using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>SigV4 checks (nothing written on any failure), logging without secrets, durability and options.</summary>
public sealed class EndpointSecurityTests : IClassFixture<EndpointFixture>
{
    private readonly EndpointFixture _f;

    public EndpointSecurityTests(EndpointFixture f) => _f = f;

    private static object Profile(string arn) => new { userArn = arn, displayName = "Sec Test", emailAddress = "sec@example.com" };

    private async Task AssertRejectedAndNothingWritten(string arn, RawClient.Response r, int status, string type)
    {
        Assert.Equal((status, type), (r.Status, r.Type));
        using var ok = new RawClient(_f.Url);
        Assert.Equal("UserProfileNotFoundException", (await ok.Call("DescribeUserProfile", new { userArn = arn })).Type);
    }

    [Fact]
    public async Task Missing_authentication_is_MissingAuthenticationTokenException()
    {
        using var c = new RawClient(_f.Url);
        var arn = EndpointFixture.NewArn();
        await AssertRejectedAndNothingWritten(arn, await c.Call("CreateUserProfile", Profile(arn), sign: false), 403, "MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task Unknown_access_key_is_UnrecognizedClientException()
    {
        using var c = new RawClient(_f.Url) { AccessKey = "AKIAUNKNOWNKEY000000" };
        var arn = EndpointFixture.NewArn();
        await AssertRejectedAndNothingWritten(arn, await c.Call("CreateUserProfile", Profile(arn)), 403, "UnrecognizedClientException");
    }

    [Fact]
    public async Task Wrong_secret_is_InvalidSignatureException_and_the_message_leaks_nothing()
    {
        using var c = new RawClient(_f.Url) { SecretKey = "wrong-secret-key" };
        var arn = EndpointFixture.NewArn();
        var r = await c.Call("CreateUserProfile", Profile(arn));
        await AssertRejectedAndNothingWritten(arn, r, 403, "InvalidSignatureException");
        Assert.DoesNotContain(EndpointOptions.DefaultSecretKey, r.Raw);
        Assert.DoesNotContain("wrong-secret-key", r.Raw);
        Assert.DoesNotMatch(new Regex("[0-9a-f]{64}"), r.Raw);
    }

    [Fact]
    public async Task A_body_altered_after_signing_is_InvalidSignatureException()
    {
        using var c = new RawClient(_f.Url);
        var arn = EndpointFixture.NewArn();
        var other = EndpointFixture.NewArn("altered");
        var r = await c.Call("CreateUserProfile", Profile(arn), tamper: req =>
        {
            var headers = req.Content!.Headers.ToList();
            req.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Profile(other))));
            req.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        });
        await AssertRejectedAndNothingWritten(other, r, 403, "InvalidSignatureException");
        using var ok = new RawClient(_f.Url);
        Assert.Equal("UserProfileNotFoundException", (await ok.Call("DescribeUserProfile", new { userArn = arn })).Type);
    }

    [Fact]
    public async Task A_changed_signed_header_is_InvalidSignatureException()
    {
        using var c = new RawClient(_f.Url);
        var arn = EndpointFixture.NewArn();
        var r = await c.Call("CreateUserProfile", Profile(arn), tamper: req =>
        {
            req.Headers.Remove("X-Amz-Target");
            req.Headers.TryAddWithoutValidation("X-Amz-Target", "CodeStar_20170419.DeleteUserProfile");
        });
        Assert.Equal("InvalidSignatureException", r.Type);
    }

    [Theory]
    [InlineData(-20)]
    [InlineData(20)]
    public async Task A_date_more_than_15_minutes_off_is_InvalidSignatureException(int minutes)
    {
        using var c = new RawClient(_f.Url);
        var arn = EndpointFixture.NewArn();
        var r = await c.Call("CreateUserProfile", Profile(arn), signedAt: DateTime.UtcNow.AddMinutes(minutes));
        await AssertRejectedAndNothingWritten(arn, r, 403, "InvalidSignatureException");
        Assert.Contains(minutes < 0 ? "Signature expired" : "Signature not yet current", r.Message);
        var fine = await c.Call("DescribeUserProfile", new { userArn = arn }, signedAt: DateTime.UtcNow.AddMinutes(minutes > 0 ? 10 : -10));
        Assert.Equal("UserProfileNotFoundException", fine.Type);
    }

    [Fact]
    public async Task Wrong_region_or_service_scope_is_InvalidSignatureException()
    {
        using var region = new RawClient(_f.Url) { Region = "eu-west-1" };
        var r1 = await region.Call("ListUserProfiles", new { });
        Assert.Equal((403, "InvalidSignatureException"), (r1.Status, r1.Type));
        Assert.Contains("eu-west-1", r1.Message);
        using var service = new RawClient(_f.Url) { Service = "dynamodb" };
        Assert.Equal("InvalidSignatureException", (await service.Call("ListUserProfiles", new { })).Type);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIACODESTARLOCAL001/20260101/us-east-1/codestar/aws4_request, Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIACODESTARLOCAL001/us-east-1/codestar/aws4_request, SignedHeaders=host, Signature=abc")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task An_incomplete_authorization_header_is_IncompleteSignatureException(string header)
    {
        using var c = new RawClient(_f.Url);
        var r = await c.Call("ListUserProfiles", new { }, tamper: req =>
        {
            req.Headers.Remove("Authorization");
            req.Headers.TryAddWithoutValidation("Authorization", header);
        });
        Assert.Equal((400, "IncompleteSignatureException"), (r.Status, r.Type));
    }

    [Fact]
    public async Task A_missing_date_is_IncompleteSignatureException()
    {
        using var c = new RawClient(_f.Url);
        var r = await c.Call("ListUserProfiles", new { }, tamper: req => req.Headers.Remove("X-Amz-Date"));
        Assert.Equal("IncompleteSignatureException", r.Type);
    }

    [Fact]
    public async Task Session_tokens_are_refused_unless_configured_and_then_required()
    {
        using var c = new RawClient(_f.Url);
        var r = await c.Call("ListUserProfiles", new { }, tamper: req => req.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "some-token"));
        Assert.Equal("UnrecognizedClientException", r.Type);

        var dir = Path.Combine(Path.GetTempPath(), "codestar-token-" + Guid.NewGuid().ToString("N"));
        await using var host = await LocalEndpointHost.StartAsync(new EndpointOptions { Urls = "http://127.0.0.1:0", Database = Path.Combine(dir, "t.db"), Log = "none", SessionToken = "the-token" });
        using var withToken = new RawClient(host.Url);
        Assert.Equal("UnrecognizedClientException", (await withToken.Call("ListUserProfiles", new { })).Type);
        Assert.Equal(200, (await withToken.Call("ListUserProfiles", new { }, tamper: req => req.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "the-token"))).Status);
    }

    [Fact]
    public async Task One_log_line_per_request_with_operation_status_latency_and_request_id_and_no_secret()
    {
        var dir = Path.Combine(Path.GetTempPath(), "codestar-log-" + Guid.NewGuid().ToString("N"));
        var log = new StringWriter();
        string rid1, rid2;
        await using (var host = await LocalEndpointHost.StartAsync(new EndpointOptions { Urls = "http://127.0.0.1:0", Database = Path.Combine(dir, "l.db") }, TextWriter.Synchronized(log)))
        {
            using var c = new RawClient(host.Url);
            rid1 = (await c.Call("CreateUserProfile", Profile(EndpointFixture.NewArn()))).RequestId!;
            using var bad = new RawClient(host.Url) { SecretKey = "a-wrong-secret" };
            rid2 = (await bad.Call("ListUserProfiles", new { })).RequestId!;
        }

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches($@"^\S+Z {rid1} CreateUserProfile 200 - [0-9.]+ms$", lines[0]);
        Assert.Matches($@"^\S+Z {rid2} - 403 InvalidSignatureException [0-9.]+ms$", lines[1]);
        Assert.DoesNotContain(EndpointOptions.DefaultSecretKey, log.ToString());
        Assert.DoesNotContain("a-wrong-secret", log.ToString());
        Assert.DoesNotContain("Signature=", log.ToString());
        Assert.DoesNotContain("AWS4-HMAC-SHA256", log.ToString());
    }

    [Fact]
    public async Task An_acknowledged_write_survives_kill_minus_9()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "CodeStarProfiles.LocalEndpoint.dll");
        string db = Path.Combine(Path.GetTempPath(), "codestar-kill-" + Guid.NewGuid().ToString("N"), "k.db");
        var arns = Enumerable.Range(0, 20).Select(i => EndpointFixture.NewArn("durable")).ToList();

        using (var process = StartEndpointProcess(dll, db, out var url, out var banner))
        {
            Assert.Contains(EndpointOptions.DefaultAccessKeyId, banner);
            Assert.DoesNotContain(EndpointOptions.DefaultSecretKey, banner);
            using var c = new RawClient(url);
            var acks = await Task.WhenAll(arns.Select(a => c.Call("CreateUserProfile", Profile(a))));
            Assert.All(acks, r => Assert.Equal(200, r.Status));
            process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
            process.WaitForExit();
        }

        using (var process = StartEndpointProcess(dll, db, out var url, out _))
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
        string dll = Path.Combine(AppContext.BaseDirectory, "CodeStarProfiles.LocalEndpoint.dll");
        string db = Path.Combine(Path.GetTempPath(), "codestar-term-" + Guid.NewGuid().ToString("N"), "t.db");
        using var process = StartEndpointProcess(dll, db, out var url, out _);
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

    internal static Process StartEndpointProcess(string dll, string db, out string url, out string banner, params string[] extra) =>
        StartEndpointProcess(dll, db, null, out url, out banner, extra);

    /// <param name="environment">Variables to set for it (e.g. Kestrel's certificate settings); later arguments override the default --urls and --log.</param>
    internal static Process StartEndpointProcess(string dll, string db, IDictionary<string, string>? environment, out string url, out string banner, params string[] extra)
    {
        var psi = EndpointProcessStartInfo(dll, db, environment, extra);

        var process = Process.Start(psi)!;
        var text = new StringBuilder();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("Endpoint exited: " + process.StandardError.ReadToEnd());
            text.AppendLine(line);
            var m = Regex.Match(line, @"listening on (https?://\S+)");
            if (m.Success)
            {
                url = m.Groups[1].Value;
                text.AppendLine(process.StandardOutput.ReadLine());
                banner = text.ToString();
                return process;
            }
        }

        process.Kill(true);
        throw new TimeoutException("The endpoint did not start: " + text);
    }

    internal static ProcessStartInfo EndpointProcessStartInfo(string dll, string db, IDictionary<string, string>? environment, params string[] extra)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--urls", "http://127.0.0.1:0", "--database", db, "--log", "none" }.Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        return psi;
    }

    internal static string EndpointDll => Path.Combine(AppContext.BaseDirectory, "CodeStarProfiles.LocalEndpoint.dll");
}
