namespace CodeStarProfiles.LocalEndpoint;

/// <summary>What the dice said for one request.</summary>
public enum Fault
{
    None,
    ErrorBeforeWrite,
    ErrorAfterWrite,
    DropBeforeWrite,
    DropAfterWrite,
    StallAfterWrite,
}

/// <summary>
/// Misbehaviour on demand, for testing runbooks against a service that throttles, fails and drops
/// connections: a token bucket (ThrottlingException "Rate exceeded"), a share of 500/503 answers
/// and a share of dropped connections, each before or after the write is done, and a share of
/// answers held back after the write (for client timeouts).
/// </summary>
public sealed class FaultInjector
{
    private readonly EndpointOptions _options;
    private readonly Random _random;
    private readonly object _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Func<long> _clock;

    public FaultInjector(EndpointOptions options)
        : this(options, () => Environment.TickCount64)
    {
    }

    /// <param name="options">The endpoint's options.</param>
    /// <param name="milliseconds">The clock the buckets refill by (a test's own).</param>
    public FaultInjector(EndpointOptions options, Func<long> milliseconds)
    {
        _clock = milliseconds;
        _options = options;
        _random = options.FaultSeed != 0 ? new Random(options.FaultSeed) : new Random();
    }

    public int LatencyMs => _options.LatencyMs;

    public int StallMs => _options.StallMs;

    /// <summary>
    /// Takes a token from the operation's bucket; false means "Rate exceeded". Each operation has a
    /// bucket of its own, as AWS's request quotas are per API action, so a client's describes do not
    /// eat into its creates. A bucket holds a tenth of a second's worth, so bursts stay short.
    /// </summary>
    public bool TryTakeToken(string operation)
    {
        if (_options.ThrottleRps <= 0)
        {
            return true;
        }

        double rate = _options.ThrottleRps;
        double capacity = Math.Max(1, rate / 10);
        lock (_gate)
        {
            long now = _clock();
            if (!_buckets.TryGetValue(operation, out var bucket))
            {
                bucket = new Bucket { Tokens = capacity, LastTicks = now };
                _buckets.Add(operation, bucket);
            }

            bucket.Tokens = Math.Min(capacity, bucket.Tokens + (now - bucket.LastTicks) * rate / 1000.0);
            bucket.LastTicks = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return true;
            }

            return false;
        }
    }

    /// <param name="isWrite">Whether the request writes: only writes stall, so a client that gave up can still look.</param>
    public Fault Roll(bool isWrite)
    {
        if (_options.FaultRate <= 0 && _options.DropRate <= 0 && _options.StallRate <= 0)
        {
            return Fault.None;
        }

        double roll, when;
        lock (_gate)
        {
            roll = _random.NextDouble();
            when = _random.NextDouble();
        }

        bool before = when < 0.5;
        if (roll < _options.DropRate)
        {
            return before ? Fault.DropBeforeWrite : Fault.DropAfterWrite;
        }

        if (roll < _options.DropRate + _options.FaultRate)
        {
            return before ? Fault.ErrorBeforeWrite : Fault.ErrorAfterWrite;
        }

        if (isWrite && roll < _options.DropRate + _options.FaultRate + _options.StallRate)
        {
            return Fault.StallAfterWrite;
        }

        return Fault.None;
    }

    public ApiException ServerError()
    {
        lock (_gate)
        {
            return _random.Next(2) == 0 ? ApiException.InternalFailure() : ApiException.ServiceUnavailable();
        }
    }

    private sealed class Bucket
    {
        public double Tokens;
        public long LastTicks;
    }
}
