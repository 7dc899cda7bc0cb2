using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>
/// Just enough AWS STS for role profiles: <c>AssumeRole</c> over the query protocol (form
/// parameters, version 2011-06-15, XML answers), SigV4-checked with the endpoint's key pair for
/// service <c>sts</c> and the endpoint's region. It answers temporary credentials (an ASIA access
/// key id, a secret, a session token, an expiration) that <see cref="VerifierFor"/> then accepts
/// for CodeStar calls until they expire. They are kept in memory only: a restarted endpoint
/// forgets them, as a service forgets revoked sessions, and the client assumes the role again.
/// </summary>
public sealed class StsHandler
{
    public const string ServiceName = "sts";
    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    private const int MaxSessions = 10_000;
    private static readonly Regex RoleArnPattern = new(@"^arn:aws[a-z-]*:iam::(\d{12}):role/((?:[\w+=,.@-]+/)*)([\w+=,.@-]{1,64})$", RegexOptions.CultureInvariant);
    private static readonly Regex SessionNamePattern = new(@"^[\w+=,.@-]{2,64}$", RegexOptions.CultureInvariant);

    private readonly EndpointOptions _options;
    private readonly SigV4Verifier _verifier;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _clock;

    public StsHandler(EndpointOptions options, Func<DateTimeOffset>? clock = null)
    {
        _options = options;
        _verifier = new SigV4Verifier(new SigningSettings(options.AccessKeyId, options.SecretKey, options.Region, options.SessionToken, ServiceName));
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>A query-protocol request (form body or query string, no X-Amz-Target), or one signed for service sts.</summary>
    public static bool Handles(HttpRequest request)
    {
        if (request.Headers.ContainsKey("X-Amz-Target"))
        {
            return false;
        }

        string? contentType = request.ContentType;
        return (contentType != null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            || request.Query.ContainsKey("Action")
            || ScopeService(request.Headers.Authorization.ToString()) == ServiceName;
    }

    /// <summary>
    /// The verifier for a CodeStar request signed with temporary credentials this endpoint issued;
    /// null when the request is signed with another key (the endpoint's own verifier decides).
    /// </summary>
    public SigV4Verifier? VerifierFor(IHeaderDictionary headers)
    {
        string? accessKey = ScopeAccessKey(headers.Authorization.ToString());
        if (accessKey is null || !_sessions.TryGetValue(accessKey, out var session))
        {
            return null;
        }

        if (session.Expiration <= _clock())
        {
            _sessions.TryRemove(accessKey, out _);
            throw new ApiException(403, "ExpiredTokenException", "The security token included in the request is expired");
        }

        return session.CodeStar;
    }

    /// <summary>Answers one STS request; returns what the request log records (operation, status, error type).</summary>
    public async Task<(string Operation, int Status, string? ErrorType)> HandleAsync(HttpContext context, ReadOnlyMemory<byte> body, string requestId)
    {
        string operation = "sts:-";
        try
        {
            var request = context.Request;
            try
            {
                string? accessKey = ScopeAccessKey(request.Headers.Authorization.ToString());
                var verifier = accessKey != null && _sessions.TryGetValue(accessKey, out var session) && session.Expiration > _clock() ? session.Sts : _verifier;
                verifier.Verify(
                    request.Method,
                    request.Path.HasValue ? request.Path.ToUriComponent() : "/",
                    request.QueryString.HasValue ? request.QueryString.Value!.TrimStart('?') : string.Empty,
                    request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty))),
                    body.Span,
                    _clock());
            }
            catch (ApiException e)
            {
                throw AsStsError(e);
            }

            var parameters = HttpMethods.IsPost(request.Method) ? QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Span)) : QueryHelpers.ParseQuery(request.QueryString.Value);
            string action = Get(parameters, "Action") ?? throw new ApiException(400, "MissingAction", "Missing Action");
            operation = "sts:" + action;
            if (action != "AssumeRole")
            {
                throw new ApiException(400, "InvalidAction", $"Could not find operation {action} for version {Get(parameters, "Version") ?? "NO_VERSION_SPECIFIED"}");
            }

            if (Get(parameters, "Version") != "2011-06-15")
            {
                throw new ApiException(400, "InvalidAction", $"Could not find operation AssumeRole for version {Get(parameters, "Version") ?? "NO_VERSION_SPECIFIED"}");
            }

            byte[] answer = AssumeRole(parameters, requestId);
            await WriteAsync(context, 200, answer).ConfigureAwait(false);
            return (operation, 200, null);
        }
        catch (ApiException e)
        {
            await WriteAsync(context, e.StatusCode, ErrorBody(e, requestId)).ConfigureAwait(false);
            return (operation, e.StatusCode, e.ErrorType);
        }
    }

    /// <summary>Temporary credentials issued and not yet expired (for tests and the bound on memory).</summary>
    public int ActiveSessions => _sessions.Count;

    private byte[] AssumeRole(Dictionary<string, StringValues> parameters, string requestId)
    {
        var errors = new List<string>();
        string? roleArn = Get(parameters, "RoleArn");
        string? sessionName = Get(parameters, "RoleSessionName");
        if (roleArn is null)
        {
            errors.Add("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        }
        else if (roleArn.Length < 20 || roleArn.Length > 2048)
        {
            errors.Add($"Value '{roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048");
        }

        if (sessionName is null)
        {
            errors.Add("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        }
        else if (!SessionNamePattern.IsMatch(sessionName))
        {
            errors.Add($"Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        int duration = 3600;
        string? durationText = Get(parameters, "DurationSeconds");
        if (durationText != null && (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < 900 || duration > 43200))
        {
            errors.Add($"Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        }

        if (errors.Count > 0)
        {
            throw new ApiException(400, "ValidationError", $"{errors.Count} validation error{(errors.Count == 1 ? string.Empty : "s")} detected: {string.Join("; ", errors)}");
        }

        var match = RoleArnPattern.Match(roleArn!);
        if (!match.Success)
        {
            throw new ApiException(400, "ValidationError", $"{roleArn} is invalid");
        }

        var expiration = _clock().AddSeconds(duration);
        string accessKey = "ASIA" + RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        string secret = RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(96));
        Purge();
        if (_sessions.Count >= MaxSessions)
        {
            throw new ApiException(400, "Throttling", "Rate exceeded: too many active sessions on this local endpoint");
        }

        _sessions[accessKey] = new Session(
            expiration,
            new SigV4Verifier(new SigningSettings(accessKey, secret, _options.Region, token)),
            new SigV4Verifier(new SigningSettings(accessKey, secret, _options.Region, token, ServiceName)));

        string account = match.Groups[1].Value, path = match.Groups[2].Value, role = match.Groups[3].Value;
        string roleId = "AROA" + RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17);
        string X(string s) => SecurityElement.Escape(s)!;
        return Encoding.UTF8.GetBytes(
            $"<AssumeRoleResponse xmlns=\"{Namespace}\"><AssumeRoleResult>"
            + $"<AssumedRoleUser><AssumedRoleId>{roleId}:{X(sessionName!)}</AssumedRoleId><Arn>arn:aws:sts::{account}:assumed-role/{X(path)}{X(role)}/{X(sessionName!)}</Arn></AssumedRoleUser>"
            + $"<Credentials><AccessKeyId>{accessKey}</AccessKeyId><SecretAccessKey>{X(secret)}</SecretAccessKey><SessionToken>{X(token)}</SessionToken>"
            + $"<Expiration>{expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}</Expiration></Credentials>"
            + "<PackedPolicySize>0</PackedPolicySize>"
            + $"</AssumeRoleResult><ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>");
    }

    private void Purge()
    {
        var now = _clock();
        foreach (var (key, session) in _sessions)
        {
            if (session.Expiration <= now)
            {
                _sessions.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The signature errors under the names STS gives them.</summary>
    private static ApiException AsStsError(ApiException e) => e.ErrorType switch
    {
        "MissingAuthenticationTokenException" => new ApiException(403, "MissingAuthenticationToken", "Request is missing Authentication Token"),
        "UnrecognizedClientException" => new ApiException(403, "InvalidClientTokenId", "The security token included in the request is invalid."),
        "InvalidSignatureException" => new ApiException(403, "SignatureDoesNotMatch", e.Message),
        "IncompleteSignatureException" => new ApiException(400, "IncompleteSignature", e.Message),
        _ => e,
    };

    private static byte[] ErrorBody(ApiException e, string requestId) => Encoding.UTF8.GetBytes(
        $"<ErrorResponse xmlns=\"{Namespace}\"><Error><Type>{(e.StatusCode >= 500 ? "Receiver" : "Sender")}</Type><Code>{SecurityElement.Escape(e.ErrorType)}</Code>"
        + $"<Message>{SecurityElement.Escape(e.Message)}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>");

    private static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length);
    }

    private static string? Get(Dictionary<string, StringValues> parameters, string name) =>
        parameters.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>"AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ..." -> the access key id.</summary>
    private static string? ScopeAccessKey(string authorization) => ScopePart(authorization, 0);

    private static string? ScopeService(string authorization) => ScopePart(authorization, 3);

    private static string? ScopePart(string authorization, int index)
    {
        int start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += "Credential=".Length;
        int end = authorization.IndexOfAny(new[] { ',', ' ' }, start);
        var parts = (end < 0 ? authorization.Substring(start) : authorization.Substring(start, end - start)).Split('/');
        return parts.Length == 5 ? parts[index] : null;
    }

    private static string RandomText(string alphabet, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(chars);
    }

    private sealed record Session(DateTimeOffset Expiration, SigV4Verifier CodeStar, SigV4Verifier Sts);
}
