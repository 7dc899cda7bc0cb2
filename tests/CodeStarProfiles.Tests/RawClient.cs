using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodeStarProfiles.LocalEndpoint;

namespace CodeStarProfiles.Tests;

/// <summary>
/// Sends hand-made AWS JSON 1.1 requests, signed by a SigV4 signer written here from the AWS
/// documentation (independent of the endpoint's verifier), with hooks to break the signature.
/// </summary>
public sealed class RawClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _url;

    public RawClient(string url, HttpMessageHandler? handler = null)
    {
        _url = url.TrimEnd('/') + "/";
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
    }

    public string AccessKey { get; set; } = EndpointOptions.DefaultAccessKeyId;
    public string SecretKey { get; set; } = EndpointOptions.DefaultSecretKey;
    public string Region { get; set; } = "us-east-1";
    public string Service { get; set; } = "codestar";

    public sealed record Response(int Status, string? Type, string? Message, JsonElement Body, string? RequestId, string Raw);

    public Task<Response> Call(string operation, object body, Action<HttpRequestMessage>? tamper = null, DateTime? signedAt = null, bool sign = true, string? target = null) =>
        Send(target ?? "CodeStar_20170419." + operation, JsonSerializer.Serialize(body), tamper, signedAt, sign);

    public Task<Response> Send(string? target, string json, Action<HttpRequestMessage>? tamper = null, DateTime? signedAt = null, bool sign = true) =>
        Send(target, Encoding.UTF8.GetBytes(json), tamper, signedAt, sign);

    /// <summary>Signs and sends these exact bytes (which need not be UTF-8, or JSON).</summary>
    public async Task<Response> Send(string? target, byte[] bytes, Action<HttpRequestMessage>? tamper = null, DateTime? signedAt = null, bool sign = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        if (target != null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        var when = signedAt ?? DateTime.UtcNow;
        string amzDate = when.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (sign)
        {
            var uri = new Uri(_url);
            string host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
            var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["content-type"] = "application/x-amz-json-1.1",
                ["host"] = host,
                ["x-amz-date"] = amzDate,
            };
            if (target != null)
            {
                signed["x-amz-target"] = target;
            }

            request.Headers.TryAddWithoutValidation("Authorization", Authorization(signed, bytes, amzDate));
        }

        tamper?.Invoke(request);
        return await Read(await _http.SendAsync(request));
    }

    /// <summary>The headers a signed request would carry (Authorization, X-Amz-Date, X-Amz-Target), for requests framed by hand on a socket.</summary>
    public Dictionary<string, string> SignedHeaders(string target, byte[] body)
    {
        var when = DateTime.UtcNow;
        string amzDate = when.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var uri = new Uri(_url);
        string host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-amz-json-1.1",
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = target,
        };
        return new Dictionary<string, string>
        {
            ["Host"] = host,
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Target"] = target,
            ["Authorization"] = Authorization(signed, body, amzDate),
        };
    }

    private string Authorization(SortedDictionary<string, string> signed, byte[] bytes, string amzDate)
    {
        string signedHeaders = string.Join(";", signed.Keys);
        string canonical = "POST\n/\n\n" + string.Concat(signed.Select(h => $"{h.Key}:{h.Value}\n")) + "\n" + signedHeaders + "\n" + Hex(SHA256.HashData(bytes));
        string scope = $"{amzDate[..8]}/{Region}/{Service}/aws4_request";
        string toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + SecretKey);
        foreach (var part in new[] { amzDate[..8], Region, Service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        string signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return $"AWS4-HMAC-SHA256 Credential={AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    private static async Task<Response> Read(HttpResponseMessage answer)
    {
        using var response = answer;
        string raw = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        string? type = null, message = null;
        if (raw.Length > 0)
        {
            try
            {
                body = JsonDocument.Parse(raw).RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON (e.g. Kestrel's own answer): the status and raw text say what happened.
            }

            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("__type", out var t))
            {
                type = t.GetString();
                message = body.TryGetProperty("message", out var m) ? m.GetString() : null;
            }
        }

        string? requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.First() : null;
        return new Response((int)response.StatusCode, type, message, body, requestId, raw);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>What came back on a socket: the status (0 when the connection closed with no answer), the head and the body.</summary>
    public sealed record RawResponse(int Status, string Head, string Body)
    {
        public string? Header(string name) =>
            Head.Split("\r\n").Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).FirstOrDefault();
    }

    /// <summary>
    /// Writes <paramref name="request"/> as given on a new loopback connection (framing and all),
    /// optionally half-closes, and reads one response until the server closes or <paramref name="timeout"/>.
    /// </summary>
    public static async Task<RawResponse> Exchange(string url, byte[] request, TimeSpan? timeout = null, bool shutdownSend = false)
    {
        var uri = new Uri(url);
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(uri.Host, uri.Port, cts.Token);
        try
        {
            await socket.SendAsync(request, System.Net.Sockets.SocketFlags.None, cts.Token);
            if (shutdownSend)
            {
                socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server may close before all was sent (e.g. huge headers); read what it answered.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
                if (IsComplete(received.ToArray()))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException)
        {
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || split < 0)
        {
            return new RawResponse(0, text, string.Empty);
        }

        return new RawResponse(int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture), text[..split], text[(split + 4)..]);
    }

    // One response with a Content-Length, read whole.
    private static bool IsComplete(byte[] data)
    {
        var text = Encoding.ASCII.GetString(data);
        int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return false;
        }

        var length = System.Text.RegularExpressions.Regex.Match(text[..split], @"(?im)^content-length:\s*(\d+)");
        return length.Success && data.Length - (split + 4) >= int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);
}
