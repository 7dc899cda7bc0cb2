using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// Bad input is a 4xx, never a 5xx (issue 16): text that is not UTF-8, framing Kestrel refuses,
/// clients that go away, values that would make an error answer much larger than its request.
/// Framing is written by hand on raw sockets; everything is loopback and bounded.
/// </summary>
public sealed class EndpointHostileInputTests : IClassFixture<LoggedEndpointFixture>
{
    private const string Target = "CodeStar_20170419.";
    private readonly LoggedEndpointFixture _f;

    public EndpointHostileInputTests(LoggedEndpointFixture f) => _f = f;

    public static TheoryData<string, string> MembersByOperation() => new()
    {
        { "CreateUserProfile", "userArn" }, { "CreateUserProfile", "displayName" }, { "CreateUserProfile", "emailAddress" }, { "CreateUserProfile", "sshPublicKey" },
        { "UpdateUserProfile", "userArn" }, { "UpdateUserProfile", "displayName" }, { "UpdateUserProfile", "emailAddress" }, { "UpdateUserProfile", "sshPublicKey" },
        { "DescribeUserProfile", "userArn" }, { "DeleteUserProfile", "userArn" }, { "ListUserProfiles", "nextToken" },
    };

    /// <summary>A valid body for the operation with <paramref name="member"/>'s value replaced by <paramref name="rawJsonString"/> (the bytes between the quotes, as sent).</summary>
    internal static byte[] BodyWith(string operation, string member, byte[] rawJsonString, string arn)
    {
        var members = operation switch
        {
            "CreateUserProfile" or "UpdateUserProfile" => new[] { ("userArn", arn), ("displayName", "Jose Doe"), ("emailAddress", "jose@example.com"), ("sshPublicKey", "ssh-ed25519 AAAA") },
            "ListUserProfiles" => new[] { ("nextToken", "abc") },
            _ => new[] { ("userArn", arn) },
        };
        var body = new MemoryStream();
        body.Write("{"u8);
        for (int i = 0; i < members.Length; i++)
        {
            var (name, value) = members[i];
            body.Write(Encoding.UTF8.GetBytes((i > 0 ? "," : string.Empty) + $"\"{name}\":\""));
            body.Write(name == member ? rawJsonString : Encoding.UTF8.GetBytes(value));
            body.Write("\""u8);
        }

        body.Write("}"u8);
        return body.ToArray();
    }

    /// <summary>Values that are not text: a Latin-1 byte (as the AWS CLI sent 'Jos\xe9'), a cut UTF-8 sequence, an escaped lone surrogate.</summary>
    internal static readonly byte[][] NotText =
    {
        Encoding.Latin1.GetBytes("arn:aws:iam::111111111111:user/Jos\u00e9"),
        new byte[] { (byte)'J', 0xC3 },
        Encoding.ASCII.GetBytes("Jos\\ud800e"),
        Encoding.ASCII.GetBytes("\\udc00"),
    };

    [Theory]
    [MemberData(nameof(MembersByOperation))]
    public async Task A_value_that_is_not_UTF8_or_holds_a_lone_surrogate_is_a_400_and_nothing_is_written(string operation, string member)
    {
        using var c = new RawClient(_f.Url);
        foreach (var value in NotText)
        {
            var arn = EndpointFixture.NewArn("utf");
            if (operation is "UpdateUserProfile" or "DeleteUserProfile")
            {
                Assert.Equal(200, (await c.Call("CreateUserProfile", new { userArn = arn, displayName = "Before", emailAddress = "before@example.com" })).Status);
            }

            var r = await c.Send(Target + operation, BodyWith(operation, member, value, arn));
            Assert.True(r.Status == 400 && r.Type is "SerializationException" or "ValidationException", $"{operation} with {member}={Encoding.Latin1.GetString(value)}: {r.Status} {r.Type} {r.Message}");
            Assert.False(string.IsNullOrEmpty(r.RequestId));

            var after = await c.Call("DescribeUserProfile", new { userArn = arn });
            if (operation is "UpdateUserProfile" or "DeleteUserProfile")
            {
                Assert.Equal("Before", after.Body.GetProperty("displayName").GetString());
            }
            else
            {
                Assert.Equal("UserProfileNotFoundException", after.Type);
            }
        }
    }

    [Fact]
    public async Task A_malformed_chunked_body_is_a_400_with_an_AWS_error_body()
    {
        using var c = new RawClient(_f.Url);
        var headers = c.SignedHeaders(Target + "ListUserProfiles", "{}"u8.ToArray());
        var r = await RawClient.Exchange(_f.Url, Frame(headers, "Transfer-Encoding: chunked\r\n", "ZZZ\r\n"u8.ToArray()));
        Assert.Equal(400, r.Status);
        Assert.Equal("SerializationException", JsonDocument.Parse(r.Body).RootElement.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(r.Header("x-amzn-RequestId")));

        // Unsigned, it is refused before the body is read at all.
        var unsigned = await RawClient.Exchange(_f.Url, Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: {new Uri(_f.Url).Authority}\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"));
        Assert.Equal(403, unsigned.Status);
        Assert.Equal("MissingAuthenticationTokenException", JsonDocument.Parse(unsigned.Body).RootElement.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task A_body_shorter_than_its_Content_Length_is_a_4xx_and_a_client_that_leaves_is_logged_499_not_500()
    {
        using var c = new RawClient(_f.Url);
        var body = "{\"userArn\":\"arn:aws:iam::111111111111:user/short\"}"u8.ToArray();
        var headers = c.SignedHeaders(Target + "DescribeUserProfile", body);

        // Half-closed after 10 bytes: the body can never complete.
        var halfClosed = await RawClient.Exchange(_f.Url, Frame(headers, $"Content-Length: {body.Length}\r\n", body[..10]), shutdownSend: true);
        Assert.True(halfClosed.Status is 0 or 400, $"half-closed short body: {halfClosed.Status} {halfClosed.Head}");

        // Still connected but sending nothing more: the minimum body data rate cuts it off (408).
        var stalled = await RawClient.Exchange(_f.Url, Frame(headers, $"Content-Length: {body.Length}\r\n", body[..10]), TimeSpan.FromSeconds(30));
        Assert.Equal(408, stalled.Status);
        Assert.Equal("RequestTimeoutException", JsonDocument.Parse(stalled.Body).RootElement.GetProperty("__type").GetString());

        // Gone altogether (reset) mid-body.
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            var uri = new Uri(_f.Url);
            await socket.ConnectAsync(uri.Host, uri.Port);
            await socket.SendAsync(Frame(headers, $"Content-Length: {body.Length}\r\n", body[..10]), System.Net.Sockets.SocketFlags.None);
            await Task.Delay(200);
            socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            socket.Close();
        }

        await WaitForLogAsync(l => l.Contains(" 499 ClientClosedRequest ", StringComparison.Ordinal));
        Assert.DoesNotContain(" 500 ", _f.Log.ToString());
        Assert.Equal(string.Empty, _f.Errors.ToString());
    }

    [Theory]
    [InlineData("huge header", 431, "RequestHeaderFieldsTooLargeException")]
    [InlineData("headers far too large", 431, "RequestHeaderFieldsTooLargeException")]
    [InlineData("too many headers", 431, "RequestHeaderFieldsTooLargeException")]
    [InlineData("long request line", 414, "RequestUriTooLongException")]
    [InlineData("bad request line", 400, "BadRequestException")]
    [InlineData("bad header line", 400, "BadRequestException")]
    [InlineData("unknown HTTP version", 505, "HttpVersionNotSupportedException")]
    public async Task Requests_Kestrel_refuses_get_the_AWS_error_shape(string kind, int status, string type)
    {
        var r = await RawClient.Exchange(_f.Url, KestrelRefused(kind, new Uri(_f.Url).Authority));
        Assert.Equal(status, r.Status);
        Assert.Equal("application/x-amz-json-1.1", r.Header("Content-Type"));
        Assert.Equal(type, r.Header("x-amzn-ErrorType"));
        string? id = r.Header("x-amzn-RequestId");
        Assert.True(Guid.TryParse(id, out _), r.Head);
        Assert.Equal(Encoding.UTF8.GetByteCount(r.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Header("Content-Length"));
        using var body = JsonDocument.Parse(r.Body);
        Assert.Equal(type, body.RootElement.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("message").GetString()));
        Assert.Equal("close", r.Header("Connection"));

        // The operator sees it too: a request line with the same id, status and type.
        await WaitForLogAsync(l => l.Contains($"{id} - {status} {type} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_an_answer_Kestrel_wrote_by_itself_is_reshaped()
    {
        var kestrel = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\nDate: Tue, 01 Dec 2026 23:00:00 GMT\r\n\r\n"u8;
        Assert.NotNull(KestrelRefusalBodies.Rewrite(kestrel, out int status, out var type, out _));
        Assert.Equal((431, "RequestHeaderFieldsTooLargeException"), (status, type));

        // The service's own answers (they carry a request id), answers with a body, 2xx/5xx, and partial heads pass untouched.
        Assert.Null(KestrelRefusalBodies.Rewrite("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nx-amzn-RequestId: 1\r\n\r\n"u8, out _, out _, out _));
        Assert.Null(KestrelRefusalBodies.Rewrite("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n"u8, out _, out _, out _));
        Assert.Null(KestrelRefusalBodies.Rewrite("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n{}"u8, out _, out _, out _));
        Assert.Null(KestrelRefusalBodies.Rewrite("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8, out _, out _, out _));
        Assert.Null(KestrelRefusalBodies.Rewrite("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"u8, out _, out _, out _));
        Assert.Null(KestrelRefusalBodies.Rewrite("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"u8, out _, out _, out _));
    }

    internal static byte[] KestrelRefused(string kind, string authority) => Encoding.ASCII.GetBytes(kind switch
    {
        "huge header" => $"POST / HTTP/1.1\r\nHost: {authority}\r\nX-Big: {new string('a', 33 * 1024)}\r\nContent-Length: 2\r\n\r\n{{}}",
        "headers far too large" => $"POST / HTTP/1.1\r\nHost: {authority}\r\n{string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Big-{i}: {new string('a', 8000)}\r\n"))}Content-Length: 2\r\n\r\n{{}}",
        "too many headers" => $"POST / HTTP/1.1\r\nHost: {authority}\r\n{string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: v\r\n"))}Content-Length: 2\r\n\r\n{{}}",
        "long request line" => $"POST /{new string('p', 16 * 1024)} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: 2\r\n\r\n{{}}",
        "bad header line" => $"POST / HTTP/1.1\r\nHost: {authority}\r\nNo colon here\r\nContent-Length: 2\r\n\r\n{{}}",
        "unknown HTTP version" => $"POST / HTTP/1.7\r\nHost: {authority}\r\nContent-Length: 2\r\n\r\n{{}}",
        _ => $"P@ST / HTTP/9\r\nHost: {authority}\r\n\r\n",
    });

    [Theory]
    [InlineData("userArn")]
    [InlineData("displayName")]
    [InlineData("emailAddress")]
    [InlineData("sshPublicKey")]
    public async Task An_error_answer_quotes_a_long_value_cut_short_so_it_is_never_much_larger_than_its_request(string member)
    {
        using var c = new RawClient(_f.Url);
        // '<' is legal unescaped in JSON: 250,000 of them fill the body to just under the 256 KiB limit.
        var request = Encoding.ASCII.GetString(BodyWith("CreateUserProfile", member, Encoding.ASCII.GetBytes(new string('<', 250_000)), EndpointFixture.NewArn()));
        var r = await c.Send(Target + "CreateUserProfile", request);
        Assert.Equal((400, "ValidationException"), (r.Status, r.Type));
        Assert.Contains($"Value '{new string('<', ApiException.MaxQuotedChars)}...' at '{member}'", r.Message);
        Assert.True(r.Raw.Length < 4096, $"a {request.Length}-byte request got a {r.Raw.Length}-byte answer");

        // A value at the limit is still quoted whole.
        Assert.Equal(new string('x', 128), ApiException.Quote(new string('x', 128)));
        Assert.Equal(new string('x', 128) + "...", ApiException.Quote(new string('x', 129)));
        Assert.Equal(new string('x', 127) + "...", ApiException.Quote(new string('x', 127) + "\ud83d\ude00"));
    }

    [Fact]
    public async Task A_long_unknown_target_is_quoted_cut_short()
    {
        using var c = new RawClient(_f.Url);
        var target = Target + new string('X', 8000);
        var r = await c.Send(target, "{}");
        Assert.Equal((400, "UnknownOperationException"), (r.Status, r.Type));
        Assert.True(r.Raw.Length < 1024, r.Raw.Length.ToString());
    }

    /// <summary>
    /// The bounded hostile-input run of issue 16: a few hundred malformed requests of every kind, to a
    /// separate endpoint process on loopback. 0 answers in the 5xx range, the process never exits,
    /// nothing is written, and the log has no 500 and no ERROR line.
    /// </summary>
    [Fact]
    public async Task A_bounded_hostile_run_gets_no_5xx_no_exit_and_writes_nothing()
    {
        var db = Path.Combine(Path.GetTempPath(), "codestar-hostile-" + Guid.NewGuid().ToString("N"), "h.db");
        using var process = TestEndpoint.StartEndpointProcess(TestEndpoint.EndpointDll, db, null, out var url, out _, "--log", "requests");
        var log = new StringBuilder();
        var stdout = Task.Run(async () =>
        {
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync()) != null)
            {
                lock (log)
                {
                    log.AppendLine(line);
                }
            }
        });
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await HostileRun(process, url, log, stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await process.WaitForExitAsync();
        await stdout;
        Assert.DoesNotMatch(@" 5\d\d ", log.ToString());
        Assert.DoesNotContain("ERROR", await stderr);
    }

    private static async Task HostileRun(Process process, string url, StringBuilder log, Task<string> stderr)
    {

        var statuses = new List<(string Kind, int Status)>();
        using var c = new RawClient(url);
        string authority = new Uri(url).Authority;
        var random = new Random(16);
        var operations = new[] { "CreateUserProfile", "UpdateUserProfile", "DescribeUserProfile", "DeleteUserProfile", "ListUserProfiles" };
        void Add(string kind, int status)
        {
            lock (statuses)
            {
                statuses.Add((kind, status));
            }
        }

        // 1. Text that is not text, in every member of every operation (44 requests).
        foreach (var (op, member) in MembersByOperation().Select(d => ((string)d[0], (string)d[1])))
        {
            foreach (var value in NotText)
            {
                Add("not-utf8", (await c.Send(Target + op, BodyWith(op, member, value, EndpointFixture.NewArn("hostile")))).Status);
            }
        }

        // 2. Random junk bodies, wrong types, deep nesting, huge numbers (signed, so they reach the parser: 160).
        var shapes = new[]
        {
            "{\"userArn\": 42}", "{\"userArn\": [\"a\"]}", "{\"displayName\": {\"a\": 1}}", "{\"maxResults\": 1e400}", "{\"maxResults\": \"10\"}",
            "{\"maxResults\": 99999999999999999999}", new string('[', 5000), "{\"a\":" + new string('{', 100), "\"just a string\"", "null", "\u00ef\u00bb\u00bf{}",
        };
        for (int i = 0; i < 160; i++)
        {
            var op = operations[i % operations.Length];
            string body = i < shapes.Length * 5 ? shapes[i % shapes.Length]
                : new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => "{}[]\":,0a\\ nul\u00e9\ud800"[random.Next(16)]).ToArray());
            Add("junk", (await c.Send(Target + op, Encoding.UTF8.GetBytes(body))).Status);
        }

        // 3. Framing: malformed chunks, short bodies, Kestrel's own refusals, oversized and amplifying bodies (signed and not: 120).
        for (int i = 0; i < 20; i++)
        {
            var headers = c.SignedHeaders(Target + operations[i % operations.Length], "{}"u8.ToArray());
            Add("bad-chunk", (await RawClient.Exchange(url, Frame(headers, "Transfer-Encoding: chunked\r\n", Encoding.ASCII.GetBytes(i % 2 == 0 ? "ZZZ\r\n" : "2\r\n{}\r\nZ\r\n")), shutdownSend: i % 4 == 1)).Status);
            Add("short-body", (await RawClient.Exchange(url, Frame(headers, "Content-Length: 500\r\n", "{\"userArn\""u8.ToArray()), shutdownSend: true)).Status);
            Add("unsigned-chunk", (await RawClient.Exchange(url, Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: {authority}\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"))).Status);
            foreach (var kind in new[] { "huge header", "long request line", "bad request line" })
            {
                Add(kind, (await RawClient.Exchange(url, KestrelRefused(kind, authority))).Status);
            }
        }

        for (int i = 0; i < 20; i++)
        {
            var lt = new string('<', 80_000);
            var amplify = $"{{\"userArn\":\"{lt}\",\"displayName\":\"{lt}\",\"emailAddress\":\"{lt}\"}}";
            var answer = await c.Send(Target + "CreateUserProfile", amplify);
            Assert.True(answer.Raw.Length < 8192, $"a {amplify.Length}-byte request got a {answer.Raw.Length}-byte answer");
            Add("amplify", answer.Status);
            var oversized = Encoding.ASCII.GetBytes("{\"userArn\":\"" + new string('a', 300 * 1024) + "\"}");
            var headers = c.SignedHeaders(Target + "CreateUserProfile", oversized);
            Add("oversized", (await RawClient.Exchange(url, Frame(headers, $"Content-Length: {oversized.Length}\r\n", oversized))).Status);
        }

        // 4. Clients that vanish mid-body (reset): no answer to count, but never a 500 in the log.
        for (int i = 0; i < 20; i++)
        {
            var uri = new Uri(url);
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(uri.Host, uri.Port);
            await socket.SendAsync(Frame(c.SignedHeaders(Target + "CreateUserProfile", "{}"u8.ToArray()), "Content-Length: 300\r\n", "{\"userArn\":"u8.ToArray()), System.Net.Sockets.SocketFlags.None);
            socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            socket.Close();
        }

        Assert.True(statuses.Count >= 300, $"only {statuses.Count} answered requests");
        if (process.HasExited)
        {
            Assert.Fail($"the endpoint exited ({process.ExitCode}) during the hostile run: {await stderr}");
        }

        var serverErrors = statuses.Where(s => s.Status >= 500).ToList();
        Assert.True(serverErrors.Count == 0, "5xx answers: " + string.Join(", ", serverErrors));
        // Junk that happens to be a valid List or Describe (unknown members are ignored) may be a 200; all else is refused.
        Assert.All(statuses.Where(s => s.Kind is not ("bad-chunk" or "short-body" or "unsigned-chunk" or "junk")), s => Assert.InRange(s.Status, 400, 499));

        var list = await c.Call("ListUserProfiles", new { });
        Assert.Equal(200, list.Status);
        Assert.Empty(list.Body.GetProperty("userProfiles").EnumerateArray());

        await Task.Delay(300);
    }

    /// <summary>An HTTP/1.1 POST / with the given headers, framing header line(s) and body bytes, written as they are.</summary>
    internal static byte[] Frame(IDictionary<string, string> headers, string framing, byte[] body)
    {
        var head = new StringBuilder("POST / HTTP/1.1\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append(framing).Append("\r\n");
        return Encoding.ASCII.GetBytes(head.ToString()).Concat(body).ToArray();
    }

    private async Task WaitForLogAsync(Func<string, bool> seen)
    {
        var clock = Stopwatch.StartNew();
        while (!seen(_f.Log.ToString()) && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
        }

        Assert.True(seen(_f.Log.ToString()), "not in the log:\n" + _f.Log + "\nerrors:\n" + _f.Errors);
    }
}
