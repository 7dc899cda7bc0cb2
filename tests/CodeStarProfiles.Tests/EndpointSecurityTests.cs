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
        await using var host = await TestEndpoint.StartAsync(Path.Combine(dir, "t.db"), with: o => o with { SessionToken = "the-token" });
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
        await using (var host = await TestEndpoint.StartAsync(Path.Combine(dir, "l.db"), TextWriter.Synchronized(log)))
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
}
