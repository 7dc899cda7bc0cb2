using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>The one key pair, region and service a local endpoint accepts.</summary>
public sealed record SigningSettings(string AccessKeyId, string SecretKey, string Region, string? SessionToken = null, string ServiceName = SigningSettings.Service)
{
    public const string Service = "codestar";

    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);
}

/// <summary>What <see cref="SigV4Verifier.VerifyHeaders"/> found, for the check of the body that follows.</summary>
public sealed record SignedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyDictionary<string, List<string>> Headers,
    string[] SignedHeaders,
    string SignedHeadersText,
    string AmzDate,
    string[] Scope,
    byte[] Signature);

/// <summary>
/// Checks an AWS Signature Version 4 <c>Authorization</c> header by recomputing the canonical
/// request from what actually arrived (method, path, query, the signed headers, and the SHA-256
/// of the body as received), so a body altered after signing fails. Throws an
/// <see cref="ApiException"/> carrying the error type AWS uses; never echoes the signature or a key.
/// </summary>
public sealed class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private readonly SigningSettings _settings;
    private readonly byte[] _secretPrefix;
    private volatile DatedKey? _signingKey;

    public SigV4Verifier(SigningSettings settings)
    {
        _settings = settings;
        _secretPrefix = Encoding.UTF8.GetBytes("AWS4" + settings.SecretKey);
    }

    /// <param name="headers">Request headers; a name may repeat (values are joined with ',').</param>
    public void Verify(string method, string rawPath, string rawQuery, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        VerifyBody(VerifyHeaders(method, rawPath, rawQuery, headers, now), body);

    /// <summary>
    /// Every check that needs no body: the Authorization header's form, the access key, the token,
    /// the scope and the date. A request that fails here is refused before its body is read, so
    /// unsigned and wrongly addressed floods cost the service next to nothing.
    /// </summary>
    public SignedRequest VerifyHeaders(string method, string rawPath, string rawQuery, IEnumerable<KeyValuePair<string, string>> headers, DateTimeOffset now)
    {
        var headerMap = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!headerMap.TryGetValue(name, out var list))
            {
                headerMap[name] = list = new List<string>(1);
            }

            list.Add(value);
        }

        if (!headerMap.TryGetValue("Authorization", out var authValues) || string.IsNullOrWhiteSpace(authValues[0]))
        {
            throw ApiException.MissingAuthentication();
        }

        var auth = ParseAuthorization(authValues[0]);

        string? amzDate = First(headerMap, "X-Amz-Date") ?? First(headerMap, "Date");
        if (amzDate is null)
        {
            throw ApiException.Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw ApiException.Incomplete("X-Amz-Date must be in the ISO-8601 basic format yyyyMMddTHHmmssZ.");
        }

        var scope = auth.Credential.Split('/');
        if (scope.Length != 5)
        {
            throw ApiException.Incomplete("Credential must have the form <access key id>/<date>/<region>/<service>/aws4_request.");
        }

        if (!FixedTimeEquals(scope[0], _settings.AccessKeyId))
        {
            throw ApiException.UnrecognizedClient();
        }

        string? token = First(headerMap, "X-Amz-Security-Token");
        if (token is not null || _settings.SessionToken is not null)
        {
            if (token is null || _settings.SessionToken is null || !FixedTimeEquals(token, _settings.SessionToken))
            {
                throw ApiException.UnrecognizedClient();
            }
        }

        if (scope[1] != amzDate.Substring(0, 8))
        {
            throw ApiException.InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope[1]}' != '{amzDate.Substring(0, 8)}'.");
        }

        if (scope[2] != _settings.Region)
        {
            throw ApiException.InvalidSignature($"Credential should be scoped to a valid region, not '{scope[2]}'. This endpoint serves '{_settings.Region}'.");
        }

        if (scope[3] != _settings.ServiceName)
        {
            throw ApiException.InvalidSignature($"Credential should be scoped to correct service: '{_settings.ServiceName}'.");
        }

        if (scope[4] != "aws4_request")
        {
            throw ApiException.InvalidSignature($"Credential should be scoped with a valid terminator: 'aws4_request', not '{scope[4]}'.");
        }

        if (signedAt < now - SigningSettings.MaxClockSkew)
        {
            throw ApiException.InvalidSignature($"Signature expired: {amzDate} is now earlier than {(now - SigningSettings.MaxClockSkew).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'} - 15 min.)");
        }

        if (signedAt > now + SigningSettings.MaxClockSkew)
        {
            throw ApiException.InvalidSignature($"Signature not yet current: {amzDate} is still later than {(now + SigningSettings.MaxClockSkew).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'} + 15 min.)");
        }

        var signedHeaders = auth.SignedHeaders.Split(';');
        if (Array.IndexOf(signedHeaders, "host") < 0)
        {
            throw ApiException.Incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }

        byte[] provided;
        try
        {
            provided = Convert.FromHexString(auth.Signature);
        }
        catch (FormatException)
        {
            provided = Array.Empty<byte>();
        }

        if (provided.Length != SHA256.HashSizeInBytes)
        {
            throw SignatureMismatch();
        }

        return new SignedRequest(method, rawPath, rawQuery, headerMap, signedHeaders, auth.SignedHeaders, amzDate, scope, provided);
    }

    /// <summary>The check that needs the body: the signature over the canonical request, the body's hash included.</summary>
    public void VerifyBody(SignedRequest r, ReadOnlySpan<byte> body)
    {
        string canonicalRequest = BuildCanonicalRequest(r.Method, r.RawPath, r.RawQuery, r.Headers, r.SignedHeaders, r.SignedHeadersText, body);
        string credentialScope = string.Join('/', r.Scope, 1, 4);
        string stringToSign = Algorithm + "\n" + r.AmzDate + "\n" + credentialScope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        byte[] expected = HMACSHA256.HashData(SigningKey(r.Scope[1]), Encoding.UTF8.GetBytes(stringToSign));
        var provided = r.Signature;

        if (!CryptographicOperations.FixedTimeEquals(expected, provided))
        {
            throw SignatureMismatch();
        }
    }

    private static ApiException SignatureMismatch() =>
        ApiException.InvalidSignature("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    // Region and service are checked against the settings, so the key depends only on the date: keep the last one.
    private byte[] SigningKey(string date)
    {
        var cached = _signingKey;
        if (cached is not null && cached.Date == date)
        {
            return cached.Key;
        }

        byte[] key = HMACSHA256.HashData(_secretPrefix, Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_settings.Region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_settings.ServiceName));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        _signingKey = new DatedKey(date, key);
        return key;
    }

    private sealed record DatedKey(string Date, byte[] Key);

    internal static string BuildCanonicalRequest(
        string method,
        string rawPath,
        string rawQuery,
        IReadOnlyDictionary<string, List<string>> headers,
        string[] signedHeaders,
        string signedHeadersText,
        ReadOnlySpan<byte> body)
    {
        var sb = new StringBuilder(512);
        sb.Append(method).Append('\n');
        sb.Append(CanonicalPath(rawPath)).Append('\n');
        sb.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':');
            if (headers.TryGetValue(name, out var values))
            {
                for (int i = 0; i < values.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append(CollapseSpaces(values[i]));
                }
            }

            sb.Append('\n');
        }

        sb.Append('\n').Append(signedHeadersText).Append('\n');
        sb.Append(Hex(SHA256.HashData(body)));
        return sb.ToString();
    }

    private static (string Credential, string SignedHeaders, string Signature) ParseAuthorization(string header)
    {
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw ApiException.Incomplete($"Unsupported Authorization algorithm; this endpoint accepts only {Algorithm}.");
        }

        string? credential = null, signed = null, signature = null;
        foreach (var part in header.Substring(Algorithm.Length + 1).Split(','))
        {
            var kv = part.Trim();
            int eq = kv.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            string k = kv.Substring(0, eq), v = kv.Substring(eq + 1);
            switch (k)
            {
                case "Credential": credential = v; break;
                case "SignedHeaders": signed = v; break;
                case "Signature": signature = v; break;
            }
        }

        var missing = new List<string>();
        if (string.IsNullOrEmpty(credential))
        {
            missing.Add("Authorization header requires 'Credential' parameter.");
        }

        if (string.IsNullOrEmpty(signature))
        {
            missing.Add("Authorization header requires 'Signature' parameter.");
        }

        if (string.IsNullOrEmpty(signed))
        {
            missing.Add("Authorization header requires 'SignedHeaders' parameter.");
        }

        if (missing.Count > 0)
        {
            throw ApiException.Incomplete(string.Join(" ", missing));
        }

        return (credential!, signed!, signature!);
    }

    private static string? First(Dictionary<string, List<string>> headers, string name) =>
        headers.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    // Non-S3 services sign the path as sent, URI-encoded once more (each '/' kept).
    private static string CanonicalPath(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        var sb = new StringBuilder(rawPath.Length);
        foreach (var segment in rawPath.Split('/'))
        {
            if (sb.Length > 0 || rawPath[0] == '/')
            {
                sb.Append('/');
            }

            sb.Append(UriEncode(segment));
        }

        var path = sb.ToString();
        return path.StartsWith("//", StringComparison.Ordinal) ? path.Substring(1) : path;
    }

    private static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            string name = Uri.UnescapeDataString(eq < 0 ? part : part.Substring(0, eq));
            string value = eq < 0 ? string.Empty : Uri.UnescapeDataString(part.Substring(eq + 1));
            pairs.Add((UriEncode(name), UriEncode(value)));
        }

        pairs.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Name, b.Name);
            return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    private static string UriEncode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var sb = new StringBuilder(trimmed.Length);
        bool lastSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ')
            {
                if (!lastSpace)
                {
                    sb.Append(c);
                }

                lastSpace = true;
            }
            else
            {
                sb.Append(c);
                lastSpace = false;
            }
        }

        return sb.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
