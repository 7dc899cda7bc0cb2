using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>
    /// Paces every HTTP attempt of one client once the service has said "Rate exceeded":
    /// additive increase, multiplicative decrease on the send rate. Until the first throttling
    /// answer it does nothing. After one, the rate starts just under what was being achieved
    /// and then probes upward (+0.05 requests/s per success, so +10/s each second at 200/s) until throttled again (-20%,
    /// at most once per 200 ms, so one burst of in-flight answers counts once). Bulk runs thus
    /// settle just below the service's limit instead of hammering it and sleeping in backoff.
    /// The SDK's retries and backoff still apply on top. Thread-safe.
    /// </summary>
    public sealed class SendRatePacer
    {
        private const double MinRate = 1;
        private readonly object _gate = new object();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long[] _recentSuccesses = new long[64];
        private int _recentIndex;
        private double _rate; // requests per second; 0 = not pacing
        private double _nextSlotMs;
        private double _lastDecreaseMs = double.NegativeInfinity;

        /// <summary>The current paced rate in requests per second, or 0 while not pacing.</summary>
        public double Rate
        {
            get
            {
                lock (_gate)
                {
                    return _rate;
                }
            }
        }

        /// <summary>Waits for this attempt's slot.</summary>
        public Task WaitAsync(CancellationToken cancellationToken)
        {
            double delayMs;
            lock (_gate)
            {
                if (_rate <= 0)
                {
                    return Task.CompletedTask;
                }

                double now = _clock.Elapsed.TotalMilliseconds;
                double slot = Math.Max(now, _nextSlotMs);
                _nextSlotMs = slot + (1000.0 / _rate);
                delayMs = slot - now;
            }

            return delayMs < 1 ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(delayMs), cancellationToken);
        }

        public void OnSuccess()
        {
            lock (_gate)
            {
                _recentSuccesses[_recentIndex++ % _recentSuccesses.Length] = _clock.ElapsedMilliseconds;
                if (_rate > 0)
                {
                    _rate += 0.05;
                }
            }
        }

        public void OnThrottled()
        {
            lock (_gate)
            {
                double now = _clock.Elapsed.TotalMilliseconds;
                if (now - _lastDecreaseMs < 200)
                {
                    return;
                }

                _lastDecreaseMs = now;
                _rate = _rate <= 0 ? Math.Max(MinRate, 0.9 * AchievedRate(now)) : Math.Max(MinRate, _rate * 0.8);
                _nextSlotMs = Math.Max(_nextSlotMs, now + (1000.0 / _rate));
            }
        }

        // Successes per second over the recent window (the last 64 successes, at most 2 s old).
        private double AchievedRate(double nowMs)
        {
            int count = 0;
            double oldest = nowMs;
            foreach (var t in _recentSuccesses)
            {
                if (t > 0 && nowMs - t <= 2000)
                {
                    count++;
                    oldest = Math.Min(oldest, t);
                }
            }

            double span = Math.Max(nowMs - oldest, 100);
            return count == 0 ? 10 : count * 1000.0 / span;
        }
    }
}
