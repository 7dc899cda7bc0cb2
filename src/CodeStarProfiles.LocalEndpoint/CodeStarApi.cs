using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodeStarProfiles.Shared;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>
/// The five user-profile operations of CodeStar_20170419, with exactly the model's input and
/// output members. Input is validated against every length and pattern of the model and
/// reported the way AWS words it; a response is the JSON body to send with HTTP 200.
/// </summary>
public sealed class CodeStarApi
{
    public const string TargetPrefix = "CodeStar_20170419.";
    public const int DefaultMaxResults = 100;

    private readonly ProfileStore _store;
    private readonly byte[] _tokenKey;

    public CodeStarApi(ProfileStore store)
    {
        _store = store;
        _tokenKey = store.TokenKey;
    }

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateUserProfile", "DescribeUserProfile", "UpdateUserProfile", "ListUserProfiles", "DeleteUserProfile",
    };

    public static bool IsWrite(string operation) => operation is "CreateUserProfile" or "UpdateUserProfile" or "DeleteUserProfile";

    /// <summary>Runs one operation; throws <see cref="ApiException"/> for every client error.</summary>
    public async Task<byte[]> InvokeAsync(string operation, ReadOnlyMemory<byte> body)
    {
        using var doc = ParseBody(body);
        var input = new Input(doc.RootElement);
        switch (operation)
        {
            case "CreateUserProfile":
                {
                    var arn = input.String(ProfileConstraints.UserArn, required: true)!;
                    var name = input.String(ProfileConstraints.DisplayName, required: true)!;
                    var email = input.String(ProfileConstraints.EmailAddress, required: true)!;
                    var ssh = input.String(ProfileConstraints.SshPublicKey, required: false);
                    input.ThrowIfInvalid();
                    var created = await _store.CreateAsync(arn, name, email, ssh ?? string.Empty).ConfigureAwait(false);
                    return created is null ? throw ApiException.AlreadyExists(arn) : WriteProfile(created, withTimestamps: true);
                }

            case "DescribeUserProfile":
                {
                    var arn = input.String(ProfileConstraints.UserArn, required: true)!;
                    input.ThrowIfInvalid();
                    var found = _store.Get(arn) ?? throw ApiException.NotFound(arn);
                    return WriteProfile(found, withTimestamps: true);
                }

            case "UpdateUserProfile":
                {
                    var arn = input.String(ProfileConstraints.UserArn, required: true)!;
                    var name = input.String(ProfileConstraints.DisplayName, required: false);
                    var email = input.String(ProfileConstraints.EmailAddress, required: false);
                    var ssh = input.String(ProfileConstraints.SshPublicKey, required: false);
                    input.ThrowIfInvalid();
                    var updated = await _store.UpdateAsync(arn, name, email, ssh).ConfigureAwait(false) ?? throw ApiException.NotFound(arn);
                    return WriteProfile(updated, withTimestamps: true);
                }

            case "DeleteUserProfile":
                {
                    var arn = input.String(ProfileConstraints.UserArn, required: true)!;
                    input.ThrowIfInvalid();
                    await _store.DeleteAsync(arn).ConfigureAwait(false);
                    return WriteObject(w => w.WriteString("userArn", arn));
                }

            case "ListUserProfiles":
                {
                    var token = input.String(ProfileConstraints.NextToken, required: false);
                    var max = input.Integer("maxResults", ProfileConstraints.MaxResultsMin, ProfileConstraints.MaxResultsMax);
                    input.ThrowIfInvalid();
                    string? after = token is null ? null : DecodeToken(token);
                    var (page, more) = _store.List(after, max ?? DefaultMaxResults);
                    return WriteObject(w =>
                    {
                        w.WriteStartArray("userProfiles");
                        foreach (var p in page)
                        {
                            w.WriteStartObject();
                            WriteMembers(w, p, withTimestamps: false);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        if (more)
                        {
                            w.WriteString("nextToken", EncodeToken(page[^1].UserArn));
                        }
                    });
                }

            default:
                throw ApiException.UnknownOperation(TargetPrefix + operation);
        }
    }

    /// <summary>A token is the last ARN of the page and an HMAC of it under a key kept in the database: opaque, unforgeable, and still valid while other profiles come and go.</summary>
    internal string EncodeToken(string lastArn)
    {
        var arn = Encoding.UTF8.GetBytes(lastArn);
        var mac = HMACSHA256.HashData(_tokenKey, arn).AsSpan(0, 16);
        var raw = new byte[1 + arn.Length + mac.Length];
        raw[0] = 1;
        arn.CopyTo(raw, 1);
        mac.CopyTo(raw.AsSpan(1 + arn.Length));
        return Convert.ToBase64String(raw);
    }

    internal string DecodeToken(string token)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(token);
        }
        catch (FormatException)
        {
            throw ApiException.InvalidNextToken();
        }

        if (raw.Length < 1 + 1 + 16 || raw[0] != 1)
        {
            throw ApiException.InvalidNextToken();
        }

        var arn = raw.AsSpan(1, raw.Length - 17);
        var expected = HMACSHA256.HashData(_tokenKey, arn).AsSpan(0, 16);
        if (!CryptographicOperations.FixedTimeEquals(expected, raw.AsSpan(raw.Length - 16)))
        {
            throw ApiException.InvalidNextToken();
        }

        return Encoding.UTF8.GetString(arn);
    }

    private static JsonDocument ParseBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return JsonDocument.Parse("{}");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw ApiException.Serialization("The request body is not valid JSON.");
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw ApiException.Serialization("The request body must be a JSON object.");
        }

        return doc;
    }

    internal static byte[] WriteProfile(StoredProfile p, bool withTimestamps) =>
        WriteObject(w => WriteMembers(w, p, withTimestamps));

    private static void WriteMembers(Utf8JsonWriter w, StoredProfile p, bool withTimestamps)
    {
        w.WriteString("userArn", p.UserArn);
        w.WriteString("displayName", p.DisplayName);
        w.WriteString("emailAddress", p.EmailAddress);
        w.WriteString("sshPublicKey", p.SshPublicKey);
        if (withTimestamps)
        {
            w.WriteNumber("createdTimestamp", p.CreatedMs / 1000.0);
            w.WriteNumber("lastModifiedTimestamp", p.LastModifiedMs / 1000.0);
        }
    }

    internal static byte[] WriteObject(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads members of a request and gathers every constraint violation, as AWS reports them together.</summary>
    private sealed class Input
    {
        private readonly JsonElement _root;
        private readonly List<string> _violations = new();

        public Input(JsonElement root) => _root = root;

        public string? String(StringConstraint c, bool required)
        {
            if (!_root.TryGetProperty(c.Member, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    _violations.Add($"Value null at '{c.Member}' failed to satisfy constraint: Member must not be null");
                }

                return null;
            }

            if (e.ValueKind != JsonValueKind.String)
            {
                throw ApiException.Serialization($"Unexpected value for '{c.Member}': expected a string, got {e.ValueKind.ToString().ToLowerInvariant()}.");
            }

            string value;
            try
            {
                value = e.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // Bytes that are not UTF-8, or an escaped lone surrogate (\ud800): not text at all, so nothing to store or quote.
                throw ApiException.Serialization($"Invalid value for '{c.Member}': the string is not valid UTF-8 (or holds a lone UTF-16 surrogate).");
            }

            foreach (var kind in c.CheckAll(value))
            {
                _violations.Add($"Value '{ApiException.Quote(value)}' at '{c.Member}' failed to satisfy constraint: " + kind switch
                {
                    ConstraintKind.MinLength => $"Member must have length greater than or equal to {c.MinLength}",
                    ConstraintKind.MaxLength => $"Member must have length less than or equal to {c.MaxLength}",
                    _ => $"Member must satisfy regular expression pattern: {c.ModelPattern}",
                });
            }

            return value;
        }

        public int? Integer(string member, int min, int max)
        {
            if (!_root.TryGetProperty(member, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long value))
            {
                throw ApiException.Serialization($"Unexpected value for '{member}': expected an integer.");
            }

            if (value < min)
            {
                _violations.Add(string.Create(CultureInfo.InvariantCulture, $"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to {min}"));
            }
            else if (value > max)
            {
                _violations.Add(string.Create(CultureInfo.InvariantCulture, $"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value less than or equal to {max}"));
            }

            return (int)Math.Clamp(value, min, max);
        }

        public void ThrowIfInvalid()
        {
            if (_violations.Count == 0)
            {
                return;
            }

            string count = _violations.Count == 1 ? "1 validation error detected: " : $"{_violations.Count} validation errors detected: ";
            throw ApiException.Validation(count + string.Join("; ", _violations));
        }
    }
}
