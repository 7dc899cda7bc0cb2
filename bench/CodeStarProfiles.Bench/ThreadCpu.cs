using System.Globalization;

/// <summary>
/// CPU time of this process's threads, by thread name, over a timed run (Linux only; opt in with
/// BENCH_THREADS=1). Read from /proc/self/task/*/schedstat (nanoseconds on the CPU) every 50 ms on a
/// thread of its own, so a thread that starts and ends inside the run (PowerShell's pipeline thread of
/// one invocation) is counted up to its last sample. Says which threads spend a side's extra CPU.
/// Only one thread samples at a time: the constructor's before the sampler starts, Stop's after it ended.
/// </summary>
internal sealed class ThreadCpu
{
    private readonly Dictionary<int, (string Name, long Start, long Last)> _threads = new();
    private readonly Thread _sampler;
    private volatile bool _done;

    private ThreadCpu()
    {
        Sample(start: true);
        _sampler = new Thread(() =>
        {
            while (!_done)
            {
                Thread.Sleep(50);
                Sample(start: false);
            }
        }) { IsBackground = true, Name = "bench sampler" };
        _sampler.Start();
    }

    public static bool Enabled => Environment.GetEnvironmentVariable("BENCH_THREADS") == "1" && Directory.Exists("/proc/self/task");

    public static ThreadCpu? StartIfEnabled() => Enabled ? new ThreadCpu() : null;

    /// <summary>Stops sampling; CPU seconds spent during the run by thread name (threads of one name summed).</summary>
    public Dictionary<string, double> Stop()
    {
        _done = true;
        _sampler.Join();
        Sample(start: false);
        var byName = new Dictionary<string, double>();
        foreach (var (_, t) in _threads)
        {
            byName[t.Name] = byName.GetValueOrDefault(t.Name) + (t.Last - t.Start) / 1e9;
        }

        return byName;
    }

    private void Sample(bool start)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                int tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                long ns = long.Parse(File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                if (_threads.TryGetValue(tid, out var known))
                {
                    _threads[tid] = (known.Name, known.Start, ns);
                }
                else
                {
                    string name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                    _threads[tid] = (name, start ? ns : 0, ns);
                }
            }
            catch (IOException)
            {
                // The thread ended between listing and reading: its last sample stands.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
