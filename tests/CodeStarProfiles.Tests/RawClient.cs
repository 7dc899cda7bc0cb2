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
    private readonly HttpClient _http = new();
    private readonly string _url;

    public RawClient(string url) => _url = url.TrimEnd('/') + "/";

    public string AccessKey { get; set; } = EndpointOptions.DefaultAccessKeyId;
    public string SecretKey { get; set; } = EndpointOptions.DefaultSecretKey;
    public string Region { get; set; } = "us-east-1";
    public string Service { get; set; } = "codestar";

    public sealed record Response(int Status, string? Type, string? Message, JsonElement Body, string? RequestId, string Raw);

    public Task<Response> Call(string operation, object body, Action<HttpRequestMessage>? tamper = null, DateTime? signedAt = null, bool sign = true, string? target = null) =>
        Send(target ?? "CodeStar_20170419." + operation, JsonSerializer.Serialize(body), tamper, signedAt, sign);

    public async Task<Response> Send(string? target, string json, Action<HttpRequestMessage>? tamper = null, DateTime? signedAt = null, bool sign = true)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
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
            request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        }

        tamper?.Invoke(request);
        using var response = await _http.SendAsync(request);
        string raw = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        string? type = null, message = null;
        if (raw.Length > 0)
        {
            body = JsonDocument.Parse(raw).RootElement.Clone();
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

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);
}
