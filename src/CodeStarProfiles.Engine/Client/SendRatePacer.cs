using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>
    /// Paces every HTTP attempt of one client once the service has said "Rate exceeded". It sends a
    /// little faster than the service accepts (<see cref="Margin"/> above the rate of answers other
    /// than throttling over the last second), so the service's allowance is always used up and only
    /// that small excess is throttled; while nothing is throttled it speeds up, by about 10% a second
    /// at first and up to about doubling a second after a few quiet seconds, so a limit that rises
    /// (or a low first estimate) is left behind quickly. One adjustment cuts the rate by at most 15%:
    /// a slow second (a stall, a garbage collection) is not taken for the limit. Pacing below the limit would leave allowance unused
    /// (a service's token bucket fills while the client waits), and pacing far above it would fill
    /// the service's log with throttling answers and the client's rows with waits.
    /// <para>
    /// Until the first throttling answer it does nothing. A burst of throttling answers within
    /// 200 ms counts once, and so does any answer to an attempt sent before the last adjustment.
    /// Throttling of the opening burst, sent before anything was accepted, starts no pacing at
    /// all: its size is the concurrency, not a rate (a cold service answering it a second late once
    /// made the first estimate 1 request a second); the retry policy's backoff spreads it out.
    /// </para>
    /// <para>
    /// It also keeps the time of the last accepted answer: the retry policy retries throttled
    /// attempts for as long as the service keeps accepting some requests, and gives up once
    /// nothing has been accepted for <see cref="AmazonCodeStarConfig.MaxThrottleWait"/>.
    /// </para>
    /// Thread-safe.
    /// </summary>
    internal sealed class SendRatePacer
    {
        /// <summary>How far above the accepted rate attempts are sent once the service throttles.</summary>
        public const double Margin = 0.05;

        /// <summary>Per accepted answer, in requests a second: about +10% a second at any rate.</summary>
        private const double GrowthPerAnswer = 0.1;

        private const double MaxBoost = 10;

        /// <summary>One adjustment lowers the rate by at most this share: a second of slow answers is not taken for the limit.</summary>
        private const double MaxCut = 0.15;

        private const double MinRate = 1;
        private const int Window = 256;
        private readonly object _gate = new object();
        private readonly Func<double> _nowMs;
        private readonly double[] _accepted = new double[Window];
        private readonly double[] _attempts = new double[Window];
        private int _acceptedIndex, _attemptIndex;
        private double _rate; // requests per second; 0 = not pacing
        private double _nextSlotMs;
        private double _lastAdjustMs = double.NegativeInfinity;
        private double _firstAcceptedMs = double.NaN;
        private double _lastAcceptedMs;

        public SendRatePacer()
            : this(StopwatchClock())
        {
        }

        /// <param name="nowMs">The clock, in milliseconds (tests give their own).</param>
        public SendRatePacer(Func<double> nowMs)
        {
            _nowMs = nowMs;
            _lastAcceptedMs = nowMs();
        }

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

        /// <summary>The pacer's clock, for stamping when an attempt was sent.</summary>
        public double NowMs => _nowMs();

        /// <summary>Milliseconds since the service last gave an answer other than throttling (or since this pacer was made).</summary>
        public double MsSinceAccepted
        {
            get
            {
                lock (_gate)
                {
                    return _nowMs() - _lastAcceptedMs;
                }
            }
        }

        /// <summary>Waits for this attempt's slot.</summary>
        public Task WaitAsync(CancellationToken cancellationToken)
        {
            double delayMs = ReserveSlot();
            return delayMs < 1 ? Task.CompletedTask : Task.Delay(TimeSpan.FromMilliseconds(delayMs), cancellationToken);
        }

        /// <summary>Books the next attempt's slot: how many milliseconds from now it is (0 while not pacing).</summary>
        internal double ReserveSlot()
        {
            lock (_gate)
            {
                double now = _nowMs();
                _attempts[_attemptIndex++ % Window] = now;
                if (_rate <= 0)
                {
                    return 0;
                }

                double slot = Math.Max(now, _nextSlotMs);
                _nextSlotMs = slot + (1000.0 / _rate);
                return slot - now;
            }
        }

        /// <summary>The service answered, with anything but throttling (a success, a 4xx, a 5xx): it spent its allowance on it.</summary>
        public void OnAccepted()
        {
            lock (_gate)
            {
                double now = _nowMs();
                _accepted[_acceptedIndex++ % Window] = now;
                _lastAcceptedMs = now;
                if (double.IsNaN(_firstAcceptedMs))
                {
                    _firstAcceptedMs = now;
                }

                if (_rate > 0)
                {
                    // Gently while the service keeps throttling now and then; after a second with
                    // no throttling faster and faster (up to 10 times, about doubling a second), so
                    // a low estimate (a cold service, a stall) is left behind within seconds.
                    double quietMs = now - _lastAdjustMs;
                    double boost = quietMs <= 1000 ? 1 : Math.Min(MaxBoost, 1 + ((quietMs - 1000) / 500));
                    _rate += GrowthPerAnswer * boost;
                }
            }
        }

        /// <param name="attemptSentMs">When the throttled attempt was sent (<see cref="NowMs"/> after its wait).</param>
        public void OnThrottled(double attemptSentMs)
        {
            lock (_gate)
            {
                double now = _nowMs();
                if (now - _lastAdjustMs < 200 || attemptSentMs < _lastAdjustMs)
                {
                    // Part of a burst already answered, or sent before the last adjustment: it says
                    // nothing about the rate in force now.
                    return;
                }

                if (_rate <= 0 && !(attemptSentMs >= _firstAcceptedMs))
                {
                    // The opening burst (sent before anything was accepted) is as large as the
                    // concurrency, not a rate: leave it to the backoff.
                    return;
                }

                _lastAdjustMs = now;
                // The accepted rate over the last second; at low rates (a few a second) over the last
                // three, where a second holds too few answers to measure. With too few even then,
                // start from half the attempt rate and let growth and the next throttling answer correct it.
                double accepted = RecentRate(_accepted, now, 1000, out int count);
                if (count < 8)
                {
                    accepted = RecentRate(_accepted, now, 3000, out count);
                }

                double estimate = count >= 3 ? accepted : 0.5 * RecentRate(_attempts, now, 1000, out _);
                _rate = Math.Max(MinRate, Math.Max((1 + Margin) * estimate, (1 - MaxCut) * _rate));
                _nextSlotMs = Math.Max(_nextSlotMs, now + (1000.0 / _rate));
            }
        }

        private static Func<double> StopwatchClock()
        {
            var clock = Stopwatch.StartNew();
            return () => clock.Elapsed.TotalMilliseconds + 1; // never 0: 0 marks an empty slot
        }

        // Events per second over the last windowMs (at least 100 ms of span, so a burst is not infinite).
        private static double RecentRate(double[] times, double nowMs, double windowMs, out int count)
        {
            count = 0;
            double oldest = nowMs;
            foreach (var t in times)
            {
                if (t > 0 && nowMs - t <= windowMs)
                {
                    count++;
                    oldest = Math.Min(oldest, t);
                }
            }

            return count * 1000.0 / Math.Max(nowMs - oldest, 100);
        }
    }
}
