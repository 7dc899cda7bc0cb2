using System.Diagnostics.Tracing;

/// <summary>
/// The runtime's GC events over a timed run (opt in with BENCH_GC=1): how many collections of each
/// generation, the bytes each promoted out of gen0 and gen1, and how the pause splits into suspending
/// the threads and the collection itself. Says why one side's collections pause longer than the other's.
/// </summary>
internal sealed class GcEvents : EventListener
{
    private readonly object _gate = new();
    private readonly int[] _byGeneration = new int[3];
    private long _promoted0, _promoted1, _collections, _handles, _pinned;
    private DateTime _suspendBegin;
    private double _suspendMs, _pauseMs;
    private volatile bool _recording;
    private readonly Dictionary<string, long> _allocatedByType = new();

    /// <summary>BENCH_GC=2: also the runtime's allocation samples (one per 100 KB allocated) by type.</summary>
    private static bool ByType => Environment.GetEnvironmentVariable("BENCH_GC") == "2";

    public static bool Enabled => Environment.GetEnvironmentVariable("BENCH_GC") is "1" or "2";

    public static GcEvents? StartIfEnabled()
    {
        if (!Enabled)
        {
            return null;
        }

        var listener = new GcEvents();
        Thread.Sleep(200); // the listener's session starts asynchronously
        listener._recording = true;
        return listener;
    }

    /// <summary>Stops listening; a line that sums the run's collections (with BENCH_GC=2, then a line per sampled type).</summary>
    public string Stop()
    {
        Thread.Sleep(300); // events arrive a little after they happen
        _recording = false;
        Dispose();
        lock (_gate)
        {
            string line = FormattableString.Invariant($"GCs {_collections} (gen0/1/2 {_byGeneration[0]}/{_byGeneration[1]}/{_byGeneration[2]}), promoted from gen0 {_promoted0 / 1048576.0:F1} MB and gen1 {_promoted1 / 1048576.0:F1} MB, suspending {_suspendMs:F0} ms, paused {_pauseMs:F0} ms, at most {_handles} GC handles and {_pinned} pinned objects");
            foreach (var (type, bytes) in _allocatedByType.OrderByDescending(kv => kv.Value).Take(400))
            {
                line += FormattableString.Invariant($"\n    allocated {bytes / 1048576.0,7:F1} MB  {type}");
            }

            return line;
        }
    }

    private readonly Dictionary<long, string> _threadNames = new();

    /// <summary>The name of a thread of this process (Linux), for the allocation samples: the pipeline thread's apart from the pool's.</summary>
    private string ThreadName(long osThreadId)
    {
        if (!_threadNames.TryGetValue(osThreadId, out var name))
        {
            try
            {
                name = File.ReadAllText($"/proc/self/task/{osThreadId}/comm").Trim();
            }
            catch (IOException)
            {
                name = "?";
            }

            _threadNames[osThreadId] = name;
        }

        return name;
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, ByType ? EventLevel.Verbose : EventLevel.Informational, (EventKeywords)0x1); // GC (Verbose: AllocationTick too)
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.Payload == null)
        {
            return;
        }

        lock (_gate)
        {
            switch (e.EventName)
            {
                case var n when n != null && n.StartsWith("GCStart", StringComparison.Ordinal):
                    int depth = Convert.ToInt32(e.Payload[e.PayloadNames!.IndexOf("Depth")]);
                    _byGeneration[Math.Min(depth, 2)]++;
                    _collections++;
                    break;
                case var n when n != null && n.StartsWith("GCHeapStats", StringComparison.Ordinal):
                    _promoted0 += Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("TotalPromotedSize0")]);
                    _promoted1 += Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("TotalPromotedSize1")]);
                    _handles = Math.Max(_handles, Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("GCHandleCount")]));
                    _pinned = Math.Max(_pinned, Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("PinnedObjectCount")]));
                    break;
                case var n when n != null && n.StartsWith("GCAllocationTick", StringComparison.Ordinal):
                    string type = ThreadName(e.OSThreadId) + ": " + (e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?");
                    long amount = Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("AllocationAmount")]);
                    _allocatedByType[type] = _allocatedByType.GetValueOrDefault(type) + amount;
                    break;
                case var n when n != null && n.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal):
                    _suspendBegin = e.TimeStamp;
                    break;
                case var n when n != null && n.StartsWith("GCSuspendEEEnd", StringComparison.Ordinal):
                    if (_suspendBegin != default)
                    {
                        _suspendMs += (e.TimeStamp - _suspendBegin).TotalMilliseconds;
                    }

                    break;
                case var n when n != null && n.StartsWith("GCRestartEEEnd", StringComparison.Ordinal):
                    if (_suspendBegin != default)
                    {
                        _pauseMs += (e.TimeStamp - _suspendBegin).TotalMilliseconds;
                    }

                    _suspendBegin = default;
                    break;
            }
        }
    }
}
