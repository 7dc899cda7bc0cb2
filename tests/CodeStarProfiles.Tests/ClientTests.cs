using CodeStarProfiles.Engine;
using CodeStarProfiles.Engine.Client;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The AWSSDK.Core-based client against the real local endpoint.</summary>
public sealed class ClientTests : IClassFixture<EndpointFixture>
{
    private readonly EndpointFixture _endpoint;

    public ClientTests(EndpointFixture endpoint) => _endpoint = endpoint;

    [Fact]
    public async Task Create_describe_update_list_delete_round_trip()
    {
        using var service = _endpoint.Service();
        var arn = EndpointFixture.NewArn("rt");
        var (created, outcome) = await service.CreateAsync(new ProfileData { UserArn = arn, DisplayName = "Mary Major", EmailAddress = "mary@example.com" }, false, null, default);
        Assert.Equal(CreateOutcome.Created, outcome);
        Assert.Equal(arn, created.UserArn);
        Assert.Equal(DateTimeKind.Utc, created.CreatedTimestamp!.Value.Kind);
        Assert.InRange(created.CreatedTimestamp.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));

        var described = await service.DescribeAsync(arn, null, default);
        Assert.Equal("mary@example.com", described.EmailAddress);
        Assert.Equal(created.CreatedTimestamp, described.CreatedTimestamp);

        var updated = await service.UpdateAsync(arn, null, "mary.major@example.com", null, null, default);
        Assert.Equal("Mary Major", updated.DisplayName);
        Assert.Equal("mary.major@example.com", updated.EmailAddress);
        Assert.Equal(created.CreatedTimestamp, updated.CreatedTimestamp);
        Assert.True(updated.LastModifiedTimestamp > created.LastModifiedTimestamp);

        var (page, _) = await service.ListPageAsync(null, 100, null, default);
        Assert.Contains(page, p => p.UserArn == arn && p.CreatedTimestamp == null);

        Assert.Equal(arn, await service.DeleteAsync(arn, null, default));
        var e = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.DescribeAsync(arn, null, default));
        Assert.Equal(FailureKind.NotFound, e.Kind);
        Assert.Equal("UserProfileNotFoundException", e.ErrorCode);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
    }

    [Fact]
    public async Task Errors_are_classified_with_their_service_codes()
    {
        using var service = _endpoint.Service();
        var arn = EndpointFixture.NewArn("dup");
        await service.CreateAsync(new ProfileData { UserArn = arn, DisplayName = "A", EmailAddress = "a@example.com" }, false, null, default);
        var dup = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.CreateAsync(new ProfileData { UserArn = arn, DisplayName = "A", EmailAddress = "a@example.com" }, false, null, default));
        Assert.Equal(FailureKind.AlreadyExists, dup.Kind);

        var bad = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.DescribeAsync("arn:aws:iam::123:user/x", null, default));
        Assert.Equal(FailureKind.InvalidInput, bad.Kind);
        Assert.Equal("ValidationException", bad.ErrorCode);

        var token = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.ListPageAsync("Zm9yZ2Vk", 10, null, default));
        Assert.Equal("InvalidNextTokenException", token.ErrorCode);

        using var wrongKey = _endpoint.Service(s => s.SecretKey = "not-the-secret");
        var denied = await Assert.ThrowsAsync<CodeStarServiceException>(() => wrongKey.DescribeAsync(arn, null, default));
        Assert.Equal(FailureKind.AccessDenied, denied.Kind);
        Assert.Equal("InvalidSignatureException", denied.ErrorCode);
        Assert.DoesNotContain("not-the-secret", denied.Message);
    }

    [Fact]
    public async Task Force_overwrites_an_existing_profile()
    {
        using var service = _endpoint.Service();
        var arn = EndpointFixture.NewArn("force");
        await service.CreateAsync(new ProfileData { UserArn = arn, DisplayName = "Old", EmailAddress = "old@example.com", SshPublicKey = "x" }, false, null, default);
        var (p, outcome) = await service.CreateAsync(new ProfileData { UserArn = arn, DisplayName = "New", EmailAddress = "new@example.com" }, true, null, default);
        Assert.Equal(CreateOutcome.Overwritten, outcome);
        Assert.Equal("New", p.DisplayName);
        Assert.Equal("x", p.SshPublicKey); // no key given: the one there stays
        (p, outcome) = await service.CreateAsync(new ProfileData { UserArn = arn, DisplayName = "Newer", EmailAddress = "new@example.com", SshPublicKey = string.Empty }, true, null, default);
        Assert.Equal(CreateOutcome.Overwritten, outcome);
        Assert.Equal(string.Empty, p.SshPublicKey); // "" removes it
    }

    [Fact]
    public async Task Unreachable_endpoint_is_a_connection_failure()
    {
        using var service = _endpoint.Service(s => { s.EndpointUrl = "http://127.0.0.1:9"; s.MaxRetryAttempts = 0; });
        var e = await Assert.ThrowsAsync<CodeStarServiceException>(() => service.DescribeAsync(EndpointFixture.NewArn(), null, default));
        Assert.Equal(FailureKind.Connection, e.Kind);
    }

    [Fact]
    public async Task A_create_that_timed_out_after_the_write_is_reported_as_created_not_as_already_exists()
    {
        // Every answer is held back 3 s after the write; the client gives up after 1 s and retries.
        // Its retries meet "already exists": the profile is the one it sent, so it was created.
        await using var stalling = await TestEndpoint.StartAsync(TestEndpoint.NewDatabase("stall"), with: o => o with { StallRate = 1.0, StallMs = 3000 });
        using var service = _endpoint.Service(s => { s.EndpointUrl = stalling.Url; s.Timeout = TimeSpan.FromSeconds(1); s.MaxRetryAttempts = 3; });
        var attempts = new List<AttemptInfo>();
        var input = new ProfileData { UserArn = EndpointFixture.NewArn("stall"), DisplayName = "Slow Answer", EmailAddress = "slow@example.com" };
        var (created, outcome) = await service.CreateAsync(input, false, a => { lock (attempts) { attempts.Add(a); } }, default);
        Assert.Equal(CreateOutcome.CreatedOnEarlierAttempt, outcome);
        Assert.Equal("Slow Answer", created.DisplayName);
        Assert.True(attempts[0].MayHaveBeenProcessed, $"first attempt: {attempts[0].ErrorCode} {attempts[0].ErrorMessage}");
    }

    [Fact]
    public async Task The_client_reads_the_API_references_sample_response_and_its_timestamp_form()
    {
        // The do-nothing endpoint answers every operation with the API reference's sample response.
        await using var noop = await TestEndpoint.StartAsync(TestEndpoint.NewDatabase("noop"), with: o => o with { DoNothing = true });
        using var service = _endpoint.Service(s => s.EndpointUrl = noop.Url);
        var p = await service.DescribeAsync("arn:aws:iam::111111111111:user/Jane_Doe", null, default);
        Assert.Equal(new DateTime(2017, 4, 6, 0, 48, 7, 681, DateTimeKind.Utc), p.CreatedTimestamp);
        Assert.Equal(DateTimeKind.Utc, p.CreatedTimestamp!.Value.Kind);
        Assert.Equal("EXAMPLE=", p.SshPublicKey);
    }
}
