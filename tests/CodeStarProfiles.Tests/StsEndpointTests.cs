using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CodeStarProfiles.Engine;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// The local endpoint's STS over real HTTP, driven by the real AWSSDK.SecurityToken client: AssumeRole
/// is SigV4-checked for service sts with the endpoint's key pair, and the temporary credentials it
/// answers are accepted for CodeStar calls (and nothing else is).
/// </summary>
public sealed class StsEndpointTests : IClassFixture<EndpointFixture>
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/CodeStarAdmin";
    private readonly EndpointFixture _endpoint;

    public StsEndpointTests(EndpointFixture endpoint) => _endpoint = endpoint;

    private AmazonSecurityTokenServiceClient Sts(string secretKey = EndpointOptions.DefaultSecretKey, string accessKey = EndpointOptions.DefaultAccessKeyId, string region = "us-east-1") =>
        new(new BasicAWSCredentials(accessKey, secretKey), new AmazonSecurityTokenServiceConfig { ServiceURL = _endpoint.Url, AuthenticationRegion = region, MaxErrorRetry = 0 });

    [Fact]
    public async Task AssumeRole_answers_temporary_credentials_that_CodeStar_calls_then_accept()
    {
        using var sts = Sts();
        var r = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = RoleArn, RoleSessionName = "onboarding-run", DurationSeconds = 900 });
        Assert.Equal(HttpStatusCode.OK, r.HttpStatusCode);
        Assert.StartsWith("ASIA", r.Credentials.AccessKeyId);
        Assert.Equal(20, r.Credentials.AccessKeyId.Length);
        Assert.Equal(40, r.Credentials.SecretAccessKey.Length);
        Assert.False(string.IsNullOrEmpty(r.Credentials.SessionToken));
        Assert.InRange(r.Credentials.Expiration!.Value.ToUniversalTime(), DateTime.UtcNow.AddSeconds(880), DateTime.UtcNow.AddSeconds(920));
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/CodeStarAdmin/onboarding-run", r.AssumedRoleUser.Arn);
        Assert.EndsWith(":onboarding-run", r.AssumedRoleUser.AssumedRoleId);
        Assert.False(string.IsNullOrEmpty(r.ResponseMetadata.RequestId));

        using var service = _endpoint.Service(s =>
        {
            s.AccessKey = r.Credentials.AccessKeyId;
            s.SecretKey = r.Credentials.SecretAccessKey;
            s.SessionToken = r.Credentials.SessionToken;
        });
        var arn = EndpointFixture.NewArn("sts");
        var (created, _) = await service.CreateAsync(new ProfileData { UserArn = arn, DisplayName = "Role User", EmailAddress = "role@example.com" }, false, null, default);
        Assert.Equal(arn, created.UserArn);

        // The same key without its token, or with another token, is refused.
        foreach (var token in new string?[] { null, "not-the-token" })
        {
            using var wrong = _endpoint.Service(s =>
            {
                s.AccessKey = r.Credentials.AccessKeyId;
                s.SecretKey = r.Credentials.SecretAccessKey;
                s.SessionToken = token;
                s.MaxRetryAttempts = 0;
            });
            var e = await Assert.ThrowsAsync<CodeStarServiceException>(() => wrong.DescribeAsync(arn, null, default));
            Assert.Equal(FailureKind.AccessDenied, e.Kind);
        }

        // And its secret is checked: a signature made with another secret fails.
        using var forged = _endpoint.Service(s =>
        {
            s.AccessKey = r.Credentials.AccessKeyId;
            s.SecretKey = "x" + r.Credentials.SecretAccessKey[1..];
            s.SessionToken = r.Credentials.SessionToken;
            s.MaxRetryAttempts = 0;
        });
        var forgedError = await Assert.ThrowsAsync<CodeStarServiceException>(() => forged.DescribeAsync(arn, null, default));
        Assert.Equal("InvalidSignatureException", forgedError.ErrorCode);
    }

    [Fact]
    public async Task Each_AssumeRole_issues_new_credentials()
    {
        using var sts = Sts();
        var a = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = RoleArn, RoleSessionName = "one" });
        var b = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = RoleArn, RoleSessionName = "two" });
        Assert.NotEqual(a.Credentials.AccessKeyId, b.Credentials.AccessKeyId);
        Assert.NotEqual(a.Credentials.SecretAccessKey, b.Credentials.SecretAccessKey);
        Assert.InRange(a.Credentials.Expiration!.Value.ToUniversalTime(), DateTime.UtcNow.AddSeconds(3500), DateTime.UtcNow.AddSeconds(3700)); // the default hour
    }

    [Theory]
    [InlineData("not-the-secret", EndpointOptions.DefaultAccessKeyId, "us-east-1", "SignatureDoesNotMatch", HttpStatusCode.Forbidden)]
    [InlineData(EndpointOptions.DefaultSecretKey, "AKIAUNKNOWNKEY000001", "us-east-1", "InvalidClientTokenId", HttpStatusCode.Forbidden)]
    [InlineData(EndpointOptions.DefaultSecretKey, EndpointOptions.DefaultAccessKeyId, "eu-west-1", "SignatureDoesNotMatch", HttpStatusCode.Forbidden)]
    public async Task AssumeRole_is_SigV4_checked_with_the_endpoints_key_pair_and_region(string secret, string accessKey, string region, string code, HttpStatusCode status)
    {
        using var sts = Sts(secret, accessKey, region);
        var e = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = RoleArn, RoleSessionName = "s1" }));
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal(status, e.StatusCode);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
        Assert.DoesNotContain(EndpointOptions.DefaultSecretKey, e.Message);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/NotARole", "s1", null, "is invalid")]
    [InlineData(RoleArn, "x", null, "roleSessionName")]
    [InlineData(RoleArn, "has space", null, "roleSessionName")]
    [InlineData(RoleArn, "s1", 60, "durationSeconds")]
    [InlineData(RoleArn, "s1", 50000, "durationSeconds")]
    public async Task AssumeRole_validates_its_parameters(string roleArn, string sessionName, int? duration, string says)
    {
        using var sts = Sts();
        var e = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName, DurationSeconds = duration }));
        Assert.Equal("ValidationError", e.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public async Task Unsigned_and_unknown_STS_requests_get_STS_errors_in_XML()
    {
        using var http = new HttpClient();
        var unsigned = await http.PostAsync(_endpoint.Url, new StringContent("Action=AssumeRole&Version=2011-06-15&RoleArn=" + Uri.EscapeDataString(RoleArn) + "&RoleSessionName=s1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        string body = await unsigned.Content.ReadAsStringAsync();
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", body);
        Assert.StartsWith("<ErrorResponse", body);
        Assert.True(unsigned.Headers.Contains("x-amzn-RequestId"));

        // GetCallerIdentity is not served: a signed request for it is InvalidAction, not a CodeStar error.
        using var sts = Sts();
        var e = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("InvalidAction", e.ErrorCode);
    }

    [Fact]
    public async Task A_CodeStar_request_signed_for_sts_is_refused_and_STS_keys_do_not_leak_into_CodeStar()
    {
        using var raw = new RawClient(_endpoint.Url) { Service = "sts" };
        var r = await raw.Call("ListUserProfiles", new { });
        Assert.Equal(403, r.Status);
        Assert.Equal("InvalidSignatureException", r.Type);

        // An ASIA key that this endpoint never issued is unknown.
        using var unknown = new RawClient(_endpoint.Url) { AccessKey = "ASIAAAAAAAAAAAAAAAAA" };
        var u = await unknown.Call("ListUserProfiles", new { });
        Assert.Equal("UnrecognizedClientException", u.Type);
    }
}
