using System;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>
    /// The backoff of AWS's newer retry specification (SEP 2.1, which this AWSSDK.Core ships behind
    /// AWS_NEW_RETRIES_2026): full jitter over base x 2^(retry-1), capped at the policy's maximum,
    /// with a base of 50 ms after a 500, a 503 or a dropped connection. The SDK's older formula waits
    /// up to 1 s, 2 s, 4 s... there too, which leaves a bulk run's last rows sleeping long after the
    /// service has recovered. Throttled attempts wait by <see cref="ThrottleMilliseconds"/>.
    /// </summary>
    internal static class RetryDelays
    {
        /// <summary>The first throttled retry waits up to this long; each further one of the same request twice as long, up to <see cref="ThrottleCapMs"/>.</summary>
        public const double ThrottleBaseMs = 100;

        public const double ThrottleCapMs = 2000;

        private static readonly Random Jitter = new Random();

        /// <param name="retry">The retry's number among the request's retries that were not throttling (1 for the first).</param>
        public static int Milliseconds(int retry, int maxBackoffMs) => (int)(NextJitter() * Math.Min(50 * Math.Pow(2, Math.Max(1, retry) - 1), maxBackoffMs));

        /// <param name="consecutive">How many throttling answers in a row this request has had (1 for the first).</param>
        public static int ThrottleMilliseconds(int consecutive) =>
            (int)(NextJitter() * Math.Min(ThrottleBaseMs * Math.Pow(2, Math.Min(Math.Max(1, consecutive), 16) - 1), ThrottleCapMs));

        private static double NextJitter()
        {
            lock (Jitter)
            {
                return Jitter.NextDouble();
            }
        }
    }

    /// <summary>
    /// What sets this client's retries apart from the SDK's: a throttled attempt is the service
    /// asking for a slower pace, not a failure of the request. So it is retried (after the pacer's
    /// slot and a short jittered backoff) without counting against MaxErrorRetry and without taking
    /// from the SDK's retry quota (500 tokens shared by every client of the endpoint in the process,
    /// 5 a retry: a bulk run throttled for a few seconds emptied it, and then every row that met
    /// "Rate exceeded" failed). It is bounded all the same: once the service has accepted nothing
    /// (answered nothing but throttling) for <see cref="AmazonCodeStarConfig.MaxThrottleWait"/>,
    /// a throttled attempt is not retried, and the request fails as Throttled. Every other error
    /// is the SDK's business: which are retried, how many times, the quota, Adaptive mode's
    /// client-side rate limiter. One instance per retry policy; per-request state lives in the
    /// request's context.
    /// </summary>
    internal sealed class ThrottleRetryRule
    {
        private const string Key = "CodeStarProfiles.RetryState";
        private readonly SendRatePacer _pacer;
        private readonly double _maxWaitMs;

        public ThrottleRetryRule(SendRatePacer pacer, TimeSpan maxThrottleWait)
        {
            _pacer = pacer;
            _maxWaitMs = maxThrottleWait.TotalMilliseconds;
        }

        public void NotifyError(IExecutionContext context, bool throttling) => State(context).LastWasThrottling = throttling;

        public bool RetryLimitReached(IExecutionContext context, int maxRetries)
        {
            var state = State(context);
            return state.LastWasThrottling
                ? _pacer.MsSinceAccepted >= _maxWaitMs
                : context.RequestContext.Retries - state.ThrottlingRetries >= maxRetries;
        }

        /// <summary>Books a retry; true when it is a throttling retry (which costs no quota), false when the SDK's quota decides.</summary>
        public bool OnRetry(IExecutionContext context, bool throttling)
        {
            var state = State(context);
            if (throttling)
            {
                state.ThrottlingRetries++;
                state.ConsecutiveThrottling++;

                // On success the SDK gives back what the last retry cost: that is what the last
                // non-throttling retry took (or the no-retry increment), never a throttling retry's.
                context.RequestContext.LastCapacityType = state.CapacityTaken;
                return true;
            }

            state.ConsecutiveThrottling = 0;
            state.CapacityTaken = context.RequestContext.LastCapacityType;
            return false;
        }

        public Task WaitBeforeRetryAsync(IExecutionContext context, int maxBackoffMs)
        {
            var state = State(context);
            int ms = state.LastWasThrottling
                ? RetryDelays.ThrottleMilliseconds(state.ConsecutiveThrottling)
                : RetryDelays.Milliseconds(context.RequestContext.Retries - state.ThrottlingRetries, maxBackoffMs);
            return ms <= 0 ? Task.CompletedTask : Task.Delay(ms, context.RequestContext.CancellationToken);
        }

        private static RetryState State(IExecutionContext context)
        {
            var attributes = context.RequestContext.ContextAttributes;
            if (!attributes.TryGetValue(Key, out var value))
            {
                value = new RetryState();
                attributes[Key] = value;
            }

            return (RetryState)value;
        }

        private sealed class RetryState
        {
            public bool LastWasThrottling;
            public int ThrottlingRetries;
            public int ConsecutiveThrottling;
            public CapacityManager.CapacityType CapacityTaken = CapacityManager.CapacityType.Increment;
        }
    }

    /// <summary>The SDK's Standard retry policy with the throttling rule and the backoff above.</summary>
    internal sealed class CodeStarStandardRetryPolicy : StandardRetryPolicy
    {
        private readonly ThrottleRetryRule _rule;

        public CodeStarStandardRetryPolicy(IClientConfig config, ThrottleRetryRule rule)
            : base(config) => _rule = rule;

        public override void NotifyError(IExecutionContext executionContext, Exception exception) => _rule.NotifyError(executionContext, IsThrottlingError(exception));

        public override bool RetryLimitReached(IExecutionContext executionContext) => _rule.RetryLimitReached(executionContext, MaxRetries);

        public override bool OnRetry(IExecutionContext executionContext, bool bypassAcquireCapacity, bool isThrottlingError) =>
            _rule.OnRetry(executionContext, isThrottlingError) || base.OnRetry(executionContext, bypassAcquireCapacity, isThrottlingError);

        public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) => _rule.WaitBeforeRetryAsync(executionContext, MaxBackoffInMilliseconds);

        /// <summary>
        /// Never lets the SDK resend an attempt "for a stale connection". AWSSDK.Core 4.0.102's
        /// RetryHandler resends at once, up to ClientConfig.MaxStaleConnectionRetries (10) times, outside
        /// MaxErrorRetry, without NotifyError or a backoff, every attempt whose exception holds a reset or
        /// aborted socket or an HttpIOException "The response ended prematurely", taking it for a pooled
        /// connection the server had closed before the request arrived. That is also how an attempt looks
        /// when the service dropped the connection after carrying the write out, and how an HTTP timeout
        /// looks about one time in a hundred: cancelling the read shuts the socket down, and the read sees
        /// the end of the stream. So a write with -MaxRetryAttempts 0 was sent twice, and a dropped write up
        /// to eleven times, at once. Here these are ordinary connection failures: a retry counts against
        /// MaxErrorRetry and waits its backoff, and the "up to N attempts" the -Verbose text states holds.
        /// (.NET's SocketsHttpHandler resends only requests without a body, so it never resends ours.)
        /// </summary>
        public override bool IsStaleConnectionError(Exception exception) => false;
    }

    /// <summary>The SDK's Adaptive retry policy (its client-side rate limiter included) with the throttling rule and the backoff above.</summary>
    internal sealed class CodeStarAdaptiveRetryPolicy : AdaptiveRetryPolicy
    {
        private readonly ThrottleRetryRule _rule;

        public CodeStarAdaptiveRetryPolicy(IClientConfig config, ThrottleRetryRule rule)
            : base(config) => _rule = rule;

        public override void NotifyError(IExecutionContext executionContext, Exception exception)
        {
            base.NotifyError(executionContext, exception); // feeds the SDK's rate limiter
            _rule.NotifyError(executionContext, IsThrottlingError(exception));
        }

        public override bool RetryLimitReached(IExecutionContext executionContext) => _rule.RetryLimitReached(executionContext, MaxRetries);

        public override bool OnRetry(IExecutionContext executionContext, bool bypassAcquireCapacity, bool isThrottlingError) =>
            _rule.OnRetry(executionContext, isThrottlingError) || base.OnRetry(executionContext, bypassAcquireCapacity, isThrottlingError);

        public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) => _rule.WaitBeforeRetryAsync(executionContext, MaxBackoffInMilliseconds);

        /// <inheritdoc cref="CodeStarStandardRetryPolicy.IsStaleConnectionError"/>
        public override bool IsStaleConnectionError(Exception exception) => false;
    }
}
