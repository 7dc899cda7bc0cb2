using System.Collections;
using System.Globalization;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>
/// Everything a local endpoint is started with. Each option is a command-line switch and an
/// environment variable (the switch wins); see the README's "Local endpoint" section.
/// </summary>
public sealed record EndpointOptions
{
    /// <summary>The documented local-only key pair (never valid against AWS).</summary>
    public const string DefaultAccessKeyId = "AKIACODESTARLOCAL001";
    public const string DefaultSecretKey = "LocalOnlyCodeStarSecretKeyDoNotUseInAws0";
    public const string DefaultUrls = "http://127.0.0.1:4599";

    public string Urls { get; init; } = DefaultUrls;
    public string Database { get; init; } = "codestar.db";
    public string AccessKeyId { get; init; } = DefaultAccessKeyId;
    public string SecretKey { get; init; } = DefaultSecretKey;
    public string? SessionToken { get; init; }
    public string Region { get; init; } = "us-east-1";

    /// <summary>Request log: "requests" (one line a request, to standard output) or "none".</summary>
    public string Log { get; init; } = "requests";

    /// <summary>Requests per second before ThrottlingException; 0 is off.</summary>
    public double ThrottleRps { get; init; }

    /// <summary>Share of requests answered 500 InternalFailure or 503 ServiceUnavailable, before or after the write.</summary>
    public double FaultRate { get; init; }

    /// <summary>Delay added to every request.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Share of connections closed with no response, before or after the write.</summary>
    public double DropRate { get; init; }

    /// <summary>Share of writes (create, update, delete) answered <see cref="StallMs"/> late, after the write: a client that gives up sooner never sees the answer.</summary>
    public double StallRate { get; init; }

    /// <summary>How late a stalled request is answered.</summary>
    public int StallMs { get; init; } = 30_000;

    /// <summary>True when any fault (throttling, errors, drops, latency, stalls) is switched on.</summary>
    public bool InjectsFaults => ThrottleRps > 0 || FaultRate > 0 || DropRate > 0 || LatencyMs > 0 || StallRate > 0;

    /// <summary>Seed for the fault dice (0: a random seed), so a test can repeat a run.</summary>
    public int FaultSeed { get; init; }

    /// <summary>Largest request body accepted; a larger one is refused unread.</summary>
    public long MaxBodyBytes { get; init; } = 256 * 1024;

    /// <summary>Answer every request with a fixed valid body and do nothing else (benchmark ceiling only).</summary>
    public bool DoNothing { get; init; }

    public static readonly (string Switch, string Env, string Help)[] Table =
    {
        ("--urls", "CODESTAR_LOCAL_URLS", "where to listen (default http://127.0.0.1:4599; port 0 picks a free one; https:// with Kestrel's certificate settings; beyond loopback only with your own --secret-key)"),
        ("--database", "CODESTAR_LOCAL_DATABASE", "SQLite file, created if missing (default ./codestar.db)"),
        ("--access-key", "CODESTAR_LOCAL_ACCESS_KEY", $"the access key id it accepts (default {DefaultAccessKeyId})"),
        ("--secret-key", "CODESTAR_LOCAL_SECRET_KEY", "the secret key it accepts (default: the documented local-only key, accepted on loopback only)"),
        ("--session-token", "CODESTAR_LOCAL_SESSION_TOKEN", "a session token every request must then carry (default: none accepted)"),
        ("--region", "CODESTAR_LOCAL_REGION", "the region requests must be signed for (default us-east-1)"),
        ("--log", "CODESTAR_LOCAL_LOG", "requests (one line a request) or none"),
        ("--throttle-rps", "CODESTAR_LOCAL_THROTTLE_RPS", "a token bucket per operation: above N requests/s of one operation answer ThrottlingException 'Rate exceeded' (default 0, off)"),
        ("--fault-rate", "CODESTAR_LOCAL_FAULT_RATE", "share P of requests answered 500 InternalFailure or 503 ServiceUnavailable, before or after the write (default 0)"),
        ("--latency-ms", "CODESTAR_LOCAL_LATENCY_MS", "delay added to every request (default 0)"),
        ("--drop-rate", "CODESTAR_LOCAL_DROP_RATE", "share P of connections closed with no response, before or after the write (default 0)"),
        ("--stall-rate", "CODESTAR_LOCAL_STALL_RATE", "share P of writes answered --stall-ms late, after the write is done: tests client timeouts (default 0)"),
        ("--stall-ms", "CODESTAR_LOCAL_STALL_MS", "how late a stalled request is answered (default 30000)"),
        ("--fault-seed", "CODESTAR_LOCAL_FAULT_SEED", "seed for the fault dice, to repeat a run (default random)"),
    };

    public static EndpointOptions Parse(IReadOnlyList<string> args, IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (sw, env, _) in Table)
        {
            if (environment[env] is string v && v.Length > 0)
            {
                values[sw] = v;
            }
        }

        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name = arg, value;
            int eq = arg.IndexOf('=');
            if (eq > 0)
            {
                name = arg.Substring(0, eq);
                value = arg.Substring(eq + 1);
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"Option {arg} needs a value.");
            }

            if (!Table.Any(t => t.Switch == name))
            {
                throw new ArgumentException($"Unknown option {name}. Options: {string.Join(", ", Table.Select(t => t.Switch))}.");
            }

            values[name] = value;
        }

        var o = new EndpointOptions();
        string? Get(string sw) => values.TryGetValue(sw, out var v) ? v : null;
        return o with
        {
            Urls = Get("--urls") ?? o.Urls,
            Database = Get("--database") ?? o.Database,
            AccessKeyId = Get("--access-key") ?? o.AccessKeyId,
            SecretKey = Get("--secret-key") ?? o.SecretKey,
            SessionToken = Get("--session-token"),
            Region = Get("--region") ?? o.Region,
            Log = Get("--log") is { } log ? (log is "requests" or "none" ? log : throw new ArgumentException("--log must be 'requests' or 'none'.")) : o.Log,
            ThrottleRps = Number("--throttle-rps", Get("--throttle-rps"), 0, 1_000_000, o.ThrottleRps),
            FaultRate = Number("--fault-rate", Get("--fault-rate"), 0, 1, o.FaultRate),
            LatencyMs = (int)Number("--latency-ms", Get("--latency-ms"), 0, 600_000, o.LatencyMs),
            DropRate = Number("--drop-rate", Get("--drop-rate"), 0, 1, o.DropRate),
            StallRate = Number("--stall-rate", Get("--stall-rate"), 0, 1, o.StallRate),
            StallMs = (int)Number("--stall-ms", Get("--stall-ms"), 0, 600_000, o.StallMs),
            FaultSeed = (int)Number("--fault-seed", Get("--fault-seed"), int.MinValue, int.MaxValue, o.FaultSeed),
        };
    }

    /// <summary>
    /// Like Redis's protected mode: beyond loopback, the published default key pair would let anyone
    /// who can reach the port write and delete, so the endpoint refuses to start with it there.
    /// </summary>
    /// <param name="urls">Every address it would listen on (<see cref="Urls"/> and any Kestrel endpoints configured).</param>
    /// <exception cref="ArgumentException">An address beyond loopback with the default secret key; the message says what to do.</exception>
    public void ThrowIfExposedWithDefaultKey(IEnumerable<string> urls)
    {
        if (SecretKey != DefaultSecretKey)
        {
            return;
        }

        var exposed = urls.Where(u => !IsLoopbackUrl(u)).ToList();
        if (exposed.Count > 0)
        {
            throw new ArgumentException(
                $"Refusing to listen on {string.Join(", ", exposed)}: that is beyond loopback, and with the published default secret key "
                + "anyone who can reach it could create, change and delete profiles. Pass a secret key of your own with --secret-key "
                + "(or the CODESTAR_LOCAL_SECRET_KEY environment variable), or listen on 127.0.0.1.");
        }
    }

    /// <summary>Whether Kestrel would listen on loopback only for this address (localhost, 127.0.0.0/8, ::1, or a Unix socket).</summary>
    public static bool IsLoopbackUrl(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        string rest = scheme >= 0 ? url.Substring(scheme + 3) : url;
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        int slash = rest.IndexOf('/');
        string authority = slash >= 0 ? rest.Substring(0, slash) : rest;
        string host;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            host = close > 0 ? authority.Substring(1, close - 1) : authority;
        }
        else
        {
            int colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority.Substring(0, colon) : authority;
        }

        // Kestrel binds any other name (and *, +, 0.0.0.0, ::) to every interface.
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
    }

    private static double Number(string name, string? text, double min, double max, double fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new ArgumentException($"{name} must be a number from {min} to {max}; got '{text}'.");
        }

        return v;
    }
}
