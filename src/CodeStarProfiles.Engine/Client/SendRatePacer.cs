using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>
    /// Paces every HTTP attempt of one client once the service has said "Rate exceeded", in the
    /// manner of CUBIC: it remembers the rate at which throttling began (the ceiling), drops to
    /// 90% of it, climbs back toward it quickly (2% of the gap per success), then probes beyond
    /// it with growth that speeds up the further it gets. Until the first throttling answer it does
    /// nothing. The first answer sets the ceiling to the success rate of the last second, but only
    /// when there is a second of history: a run throttled in its first burst has seen too few
    /// successes to measure (the throttling answers come back before the slower durable writes),
    /// so it starts from that low estimate with no ceiling and grows fast (about e-fold a second)
    /// until the service says where the limit is. A burst of throttling answers within 200 ms
    /// counts once, and so does any answer to an attempt sent before the last decrease (the tail
    /// of a first burst can arrive later than that when the service is slow). Throttling of the
    /// opening burst, sent before anything succeeded, starts no pacing at all: its size is the
    /// concurrency, not a rate (a cold service answering it a second late once made the first
    /// estimate 1 request a second). Bulk runs thus settle just below the service's limit instead
    /// of hammering it and sleeping in backoff; the SDK's retries and backoff still apply.
    /// Thread-safe.
    /// </summary>
    public sealed class SendRatePacer
    {
        private const double MinRate = 1;
        private const int Window = 128;
        private readonly object _gate = new object();
        private readonly Func<double> _nowMs;
        private readonly double[] _successes = new double[Window];
        private readonly double[] _attempts = new double[Window];
        private int _successIndex, _attemptIndex;
        private double _rate;    // requests per second; 0 = not pacing
        private double _ceiling; // the rate at which the service last throttled
        private double _nextSlotMs;
        private double _lastDecreaseMs = double.NegativeInfinity;
        private double _firstSuccessMs = double.NaN;

        public SendRatePacer()
            : this(StopwatchClock())
        {
        }

        /// <param name="nowMs">The clock, in milliseconds (tests give their own).</param>
        public SendRatePacer(Func<double> nowMs) => _nowMs = nowMs;

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
                double now = _nowMs();
                _attempts[_attemptIndex++ % Window] = now;
                if (_rate <= 0)
                {
                    return Task.CompletedTask;
                }

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
                double now = _nowMs();
                _successes[_successIndex++ % Window] = now;
                if (double.IsNaN(_firstSuccessMs))
                {
                    _firstSuccessMs = now;
                }

                if (_rate <= 0)
                {
                    return;
                }

                _rate += _rate < _ceiling
                    ? ((_ceiling - _rate) * 0.02) + 0.05
                    : 0.05 + ((_rate - _ceiling) / _rate) + (2.0 / _rate);
            }
        }

        /// <summary>The pacer's clock, for stamping when an attempt was sent.</summary>
        public double NowMs => _nowMs();

        /// <param name="attemptSentMs">When the throttled attempt was sent (<see cref="NowMs"/> after its wait).</param>
        public void OnThrottled(double attemptSentMs)
        {
            lock (_gate)
            {
                double now = _nowMs();
                if (now - _lastDecreaseMs < 200 || attemptSentMs < _lastDecreaseMs)
                {
                    // Part of a burst already answered, or sent before the last decrease: it says
                    // nothing about the rate in force now.
                    return;
                }

                if (_rate <= 0 && !(attemptSentMs >= _firstSuccessMs))
                {
                    // The opening burst (sent before anything had succeeded) is as large as the
                    // concurrency, not a rate, and a cold service may answer it late: leave it to the
                    // SDK's backoff, and start pacing from what happens after the first success.
                    return;
                }

                _lastDecreaseMs = now;
                if (_rate > 0)
                {
                    _ceiling = _rate;
                }
                else
                {
                    // First throttle: the ceiling is what was being achieved over the last second.
                    double achieved = RecentRate(_successes, now, out int count);
                    bool measured = count >= 5 && now - _firstSuccessMs >= 1000;
                    if (!measured)
                    {
                        // Too little history to know the limit: start low (what succeeded, or half
                        // the attempt rate when nothing has yet) with no ceiling, and let the
                        // probing growth find the limit.
                        _ceiling = 0;
                        _rate = Math.Max(MinRate, count >= 5 ? achieved : 0.5 * RecentRate(_attempts, now, out _));
                        _nextSlotMs = Math.Max(_nextSlotMs, now + (1000.0 / _rate));
                        return;
                    }

                    _ceiling = achieved;
                }

                _ceiling = Math.Max(MinRate, _ceiling);
                _rate = Math.Max(MinRate, 0.9 * _ceiling);
                _nextSlotMs = Math.Max(_nextSlotMs, now + (1000.0 / _rate));
            }
        }

        private static Func<double> StopwatchClock()
        {
            var clock = Stopwatch.StartNew();
            return () => clock.Elapsed.TotalMilliseconds;
        }

        // Events per second over the last second (at least 100 ms of span, so a burst is not infinite).
        private static double RecentRate(double[] times, double nowMs, out int count)
        {
            count = 0;
            double oldest = nowMs;
            foreach (var t in times)
            {
                if (t > 0 && nowMs - t <= 1000)
                {
                    count++;
                    oldest = Math.Min(oldest, t);
                }
            }

            return count * 1000.0 / Math.Max(nowMs - oldest, 100);
        }
    }
}
