using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The local endpoint's API over real HTTP: operations, constraints and error types, as the model says.</summary>
public sealed class EndpointApiTests : IClassFixture<EndpointFixture>
{
    private readonly EndpointFixture _f;

    public EndpointApiTests(EndpointFixture f) => _f = f;

    private RawClient Client() => new(_f.Url);

    private static object Profile(string arn, string name = "Mary Major", string email = "mary@example.com", string? ssh = null) =>
        ssh == null ? new { userArn = arn, displayName = name, emailAddress = email } : new { userArn = arn, displayName = name, emailAddress = email, sshPublicKey = ssh };

    [Fact]
    public async Task Create_returns_the_model_members_with_epoch_timestamps_and_a_request_id()
    {
        using var c = Client();
        var arn = EndpointFixture.NewArn();
        var r = await c.Call("CreateUserProfile", Profile(arn, ssh: "ssh-ed25519 AAAA"));
        Assert.Equal(200, r.Status);
        Assert.False(string.IsNullOrEmpty(r.RequestId));
        var names = r.Body.EnumerateObject().Select(p => p.Name).OrderBy(n => n).ToArray();
        Assert.Equal(new[] { "createdTimestamp", "displayName", "emailAddress", "lastModifiedTimestamp", "sshPublicKey", "userArn" }, names);
        Assert.Equal(JsonValueKind.Number, r.Body.GetProperty("createdTimestamp").ValueKind);
        double created = r.Body.GetProperty("createdTimestamp").GetDouble();
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Equal("ssh-ed25519 AAAA", r.Body.GetProperty("sshPublicKey").GetString());
    }

    [Fact]
    public async Task Update_changes_only_given_members_keeps_created_and_moves_last_modified()
    {
        using var c = Client();
        var arn = EndpointFixture.NewArn();
        var created = await c.Call("CreateUserProfile", Profile(arn, ssh: "key-one"));
        var u1 = await c.Call("UpdateUserProfile", new { userArn = arn, emailAddress = "new@example.com" });
        var u2 = await c.Call("UpdateUserProfile", new { userArn = arn, displayName = "Mary J. Major" });
        Assert.Equal(200, u2.Status);
        var d = await c.Call("DescribeUserProfile", new { userArn = arn });
        Assert.Equal("Mary J. Major", d.Body.GetProperty("displayName").GetString());
        Assert.Equal("new@example.com", d.Body.GetProperty("emailAddress").GetString());
        Assert.Equal("key-one", d.Body.GetProperty("sshPublicKey").GetString());
        double c0 = created.Body.GetProperty("createdTimestamp").GetDouble();
        Assert.Equal(c0, d.Body.GetProperty("createdTimestamp").GetDouble());
        double m0 = created.Body.GetProperty("lastModifiedTimestamp").GetDouble(), m1 = u1.Body.GetProperty("lastModifiedTimestamp").GetDouble(), m2 = u2.Body.GetProperty("lastModifiedTimestamp").GetDouble();
        Assert.True(m0 < m1 && m1 < m2, $"lastModifiedTimestamp must move on every update: {m0} {m1} {m2}");
    }

    [Fact]
    public async Task Modelled_errors_have_their_types()
    {
        using var c = Client();
        var arn = EndpointFixture.NewArn();
        Assert.Equal(200, (await c.Call("CreateUserProfile", Profile(arn))).Status);

        var dup = await c.Call("CreateUserProfile", Profile(arn));
        Assert.Equal((400, "UserProfileAlreadyExistsException"), (dup.Status, dup.Type));

        var missing = EndpointFixture.NewArn("missing");
        var nf = await c.Call("DescribeUserProfile", new { userArn = missing });
        Assert.Equal((400, "UserProfileNotFoundException"), (nf.Status, nf.Type));
        var unf = await c.Call("UpdateUserProfile", new { userArn = missing, displayName = "X" });
        Assert.Equal((400, "UserProfileNotFoundException"), (unf.Status, unf.Type));

        // DeleteUserProfile declares no not-found error: deleting a missing profile succeeds and returns its ARN.
        var del = await c.Call("DeleteUserProfile", new { userArn = missing });
        Assert.Equal(200, del.Status);
        Assert.Equal(missing, del.Body.GetProperty("userArn").GetString());
        Assert.Equal(200, (await c.Call("DeleteUserProfile", new { userArn = arn })).Status);
        Assert.Equal(200, (await c.Call("DeleteUserProfile", new { userArn = arn })).Status);
        Assert.Equal("UserProfileNotFoundException", (await c.Call("DescribeUserProfile", new { userArn = arn })).Type);
    }

    [Theory]
    [InlineData("userArn", "arn:aws:iam::123:user/x", "Member must have length greater than or equal to 32")]
    [InlineData("userArn", "arn:aws:iam::123456789012:group/developers-group", "Member must satisfy regular expression pattern: ^arn:aws:iam::\\d{12}:user(?:(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F))[\\w+=,.@-]+$")]
    [InlineData("userArn", "ARN:AWS:IAM::123456789012:USER/UPPERCASE_NOT_OK", "Member must satisfy regular expression pattern")]
    [InlineData("displayName", " Leading", "Member must satisfy regular expression pattern: ^\\S(.*\\S)?$")]
    [InlineData("displayName", "Trailing ", "Member must satisfy regular expression pattern")]
    [InlineData("displayName", "Line\nBreak", "Member must satisfy regular expression pattern")]
    [InlineData("displayName", "", "Member must have length greater than or equal to 1")]
    [InlineData("emailAddress", "no-at-sign.example.com", "Member must satisfy regular expression pattern: ^[\\w-.+]+@[\\w-.+]+$")]
    [InlineData("emailAddress", "a@", "Member must have length greater than or equal to 3")]
    [InlineData("emailAddress", "m\u00e4ry@example.com", "Member must satisfy regular expression pattern")]
    [InlineData("sshPublicKey", "ssh-ed25519 \u0100", "Member must satisfy regular expression pattern: ^[\\t\\r\\n\\u0020-\\u00FF]*$")]
    public async Task Each_constraint_is_a_validation_error_naming_member_value_and_constraint(string member, string value, string constraint)
    {
        using var c = Client();
        var body = new Dictionary<string, string> { ["userArn"] = EndpointFixture.NewArn(), ["displayName"] = "Valid Name", ["emailAddress"] = "valid@example.com" };
        body[member] = value;
        var r = await c.Call("CreateUserProfile", body);
        Assert.Equal((400, "ValidationException"), (r.Status, r.Type));
        Assert.Matches(@"^\d validation errors? detected: ", r.Message);
        Assert.Contains($"Value '{value}' at '{member}' failed to satisfy constraint: ", r.Message);
        Assert.Contains(constraint, r.Message);
    }

    [Fact]
    public async Task Length_limits_are_exact()
    {
        using var c = Client();
        var longName = new string('n', 64);
        var ok = await c.Call("CreateUserProfile", Profile(EndpointFixture.NewArn(), name: longName, ssh: new string('k', 16384)));
        Assert.Equal(200, ok.Status);
        var tooLong = await c.Call("CreateUserProfile", Profile(EndpointFixture.NewArn(), name: longName + "n"));
        Assert.Contains("Member must have length less than or equal to 64", tooLong.Message);
        var keyTooLong = await c.Call("CreateUserProfile", Profile(EndpointFixture.NewArn(), ssh: new string('k', 16385)));
        Assert.Contains("at 'sshPublicKey' failed to satisfy constraint: Member must have length less than or equal to 16384", keyTooLong.Message);
        var arn95 = "arn:aws:iam::123456789012:user/" + new string('a', 95 - 31);
        Assert.Equal(95, arn95.Length);
        Assert.Equal(200, (await c.Call("CreateUserProfile", Profile(arn95))).Status);
        Assert.Contains("Member must have length less than or equal to 95", (await c.Call("CreateUserProfile", Profile(arn95 + "a"))).Message);
    }

    [Fact]
    public async Task Several_violations_and_missing_members_are_listed_together()
    {
        using var c = Client();
        var r = await c.Call("CreateUserProfile", new { userArn = "bad", emailAddress = "x" });
        Assert.Equal("ValidationException", r.Type);
        Assert.StartsWith("5 validation errors detected: ", r.Message);
        Assert.Contains("Value 'x' at 'emailAddress' failed to satisfy constraint: Member must satisfy regular expression pattern", r.Message);
        Assert.Contains("Value 'bad' at 'userArn' failed to satisfy constraint: Member must have length greater than or equal to 32", r.Message);
        Assert.Contains("Value 'bad' at 'userArn' failed to satisfy constraint: Member must satisfy regular expression pattern", r.Message);
        Assert.Contains("Value null at 'displayName' failed to satisfy constraint: Member must not be null", r.Message);
        Assert.Contains("Value 'x' at 'emailAddress' failed to satisfy constraint: Member must have length greater than or equal to 3", r.Message);
        var noArn = await c.Call("DescribeUserProfile", new { });
        Assert.Equal("1 validation error detected: Value null at 'userArn' failed to satisfy constraint: Member must not be null", noArn.Message);
    }

    [Theory]
    [InlineData(0, "Member must have value greater than or equal to 1")]
    [InlineData(101, "Member must have value less than or equal to 100")]
    public async Task MaxResults_outside_1_to_100_is_a_validation_error(int max, string constraint)
    {
        using var c = Client();
        var r = await c.Call("ListUserProfiles", new { maxResults = max });
        Assert.Equal("ValidationException", r.Type);
        Assert.Contains($"Value '{max}' at 'maxResults' failed to satisfy constraint: {constraint}", r.Message);
    }

    [Fact]
    public async Task Malformed_requests_get_serialization_and_unknown_operation_errors_never_500()
    {
        using var c = Client();
        var bad = await c.Send("CodeStar_20170419.CreateUserProfile", "{not json");
        Assert.Equal((400, "SerializationException"), (bad.Status, bad.Type));
        var array = await c.Send("CodeStar_20170419.CreateUserProfile", "[1,2]");
        Assert.Equal("SerializationException", array.Type);
        var wrongType = await c.Send("CodeStar_20170419.DescribeUserProfile", "{\"userArn\": 42}");
        Assert.Equal("SerializationException", wrongType.Type);
        var unknown = await c.Call("DeleteProject", new { }, target: "CodeStar_20170419.DeleteProject");
        Assert.Equal((400, "UnknownOperationException"), (unknown.Status, unknown.Type));
        var noTarget = await c.Send(null, "{}");
        Assert.Equal("UnknownOperationException", noTarget.Type);
        var otherService = await c.Call("x", new { }, target: "DynamoDB_20120810.ListTables");
        Assert.Equal("UnknownOperationException", otherService.Type);

        var random = new Random(7);
        foreach (var op in new[] { "CreateUserProfile", "UpdateUserProfile", "ListUserProfiles", "DescribeUserProfile", "DeleteUserProfile" })
        {
            for (int i = 0; i < 20; i++)
            {
                var junk = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => "{}[]\":,0a\\ nul"[random.Next(14)]).ToArray());
                var r = await c.Send("CodeStar_20170419." + op, junk);
                Assert.True(r.Status < 500, $"{op} with body '{junk}' answered {r.Status} {r.Type}");
            }
        }
    }

    [Fact]
    public async Task Concurrent_creates_of_one_arn_exactly_one_succeeds()
    {
        using var c = Client();
        var arn = EndpointFixture.NewArn("race");
        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => c.Call("CreateUserProfile", Profile(arn, name: $"Racer {i}"))));
        Assert.Single(results, r => r.Status == 200);
        Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal("UserProfileAlreadyExistsException", r.Type));
    }

    [Fact]
    public async Task Listing_pages_with_tokens_that_survive_concurrent_changes()
    {
        var fixtureDb = new EndpointFixture();
        await fixtureDb.InitializeAsync();
        try
        {
            using var c = new RawClient(fixtureDb.Url);
            var arns = Enumerable.Range(0, 25).Select(i => $"arn:aws:iam::123456789012:user/page{i:D3}").ToList();
            foreach (var arn in arns)
            {
                Assert.Equal(200, (await c.Call("CreateUserProfile", Profile(arn))).Status);
            }

            var seen = new List<string>();
            string? token = null;
            int pages = 0;
            do
            {
                var r = await c.Call("ListUserProfiles", token == null ? new { maxResults = 10 } : (object)new { maxResults = 10, nextToken = token });
                Assert.Equal(200, r.Status);
                var items = r.Body.GetProperty("userProfiles").EnumerateArray().ToList();
                Assert.All(items, p => Assert.False(p.TryGetProperty("createdTimestamp", out _), "ListUserProfiles returns summaries without timestamps"));
                seen.AddRange(items.Select(p => p.GetProperty("userArn").GetString()!));
                token = r.Body.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
                pages++;

                // Others come and go during the walk: a new profile before the cursor, one after, and a deletion of a seen one.
                await c.Call("CreateUserProfile", Profile($"arn:aws:iam::123456789012:user/aaa-new{pages}"));
                await c.Call("DeleteUserProfile", new { userArn = seen[0] });
            }
            while (token != null);

            Assert.True(pages >= 3, $"25 profiles at 10 a page is at least 3 pages, got {pages}");
            foreach (var arn in arns)
            {
                Assert.Equal(1, seen.Count(s => s == arn));
            }

            Assert.Equal(seen.Count, seen.Distinct().Count());
        }
        finally
        {
            await fixtureDb.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Z2FyYmFnZQ==")]
    [InlineData("garbage")]
    [InlineData("AWFybjphd3M6aWFtOjoxMjM0NTY3ODkwMTI6dXNlci9mb3JnZWQAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Garbage_or_forged_tokens_get_InvalidNextTokenException(string token)
    {
        using var c = Client();
        var r = await c.Call("ListUserProfiles", new { nextToken = token });
        Assert.Equal((400, "InvalidNextTokenException"), (r.Status, r.Type));
    }

    [Fact]
    public async Task A_token_outside_the_model_pattern_is_a_validation_error()
    {
        using var c = Client();
        var r = await c.Call("ListUserProfiles", new { nextToken = "not a token!" });
        Assert.Equal("ValidationException", r.Type);
        Assert.Contains("at 'nextToken'", r.Message);
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_without_being_read()
    {
        using var c = Client();
        var big = "{\"userArn\":\"" + new string('a', 300 * 1024) + "\"}";
        var r = await c.Send("CodeStar_20170419.DescribeUserProfile", big);
        Assert.Equal((413, "RequestEntityTooLargeException"), (r.Status, r.Type));

        // Chunked, so no Content-Length to judge by: refused once the limit is crossed. (Signed headers:
        // an unsigned request is refused before its body is read at all.)
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, _f.Url) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        request.Headers.TransferEncodingChunked = true;
        foreach (var (name, value) in c.SignedHeaders("CodeStar_20170419.DescribeUserProfile", Encoding.UTF8.GetBytes(big)))
        {
            if (name is not ("Host" or "Content-Type"))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // Closing the connection mid-upload is also a refusal.
            return;
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_errors_included()
    {
        using var c = Client();
        var ok = await c.Call("ListUserProfiles", new { });
        var err = await c.Call("DescribeUserProfile", new { userArn = "x" });
        var unauth = await c.Call("ListUserProfiles", new { }, sign: false);
        Assert.All(new[] { ok, err, unauth }, r => Assert.False(string.IsNullOrEmpty(r.RequestId)));
        Assert.NotEqual(ok.RequestId, err.RequestId);
    }
}
