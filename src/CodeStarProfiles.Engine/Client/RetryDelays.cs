using System;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>
    /// The backoff of AWS's newer retry specification (SEP 2.1, which this AWSSDK.Core ships behind
    /// AWS_NEW_RETRIES_2026): full jitter over base x 2^(retry-1), capped at the policy's maximum,
    /// with a base of 1 s after throttling and 50 ms after other transient errors. The SDK's older
    /// formula waits up to 1 s, 2 s, 4 s... after a 500 or a dropped connection too, which leaves
    /// a bulk run's last rows sleeping long after the service has recovered. Only the delay
    /// differs: which errors are retried, how many times, the retry quota and Adaptive mode's
    /// client-side rate limiter are the SDK's own.
    /// </summary>
    internal static class RetryDelays
    {
        private static readonly Random Jitter = new Random();

        public static int Milliseconds(IExecutionContext context, int maxBackoffMs)
        {
            int retries = Math.Max(1, context.RequestContext.Retries);
            double baseMs = context.RequestContext.LastCapacityType == CapacityManager.CapacityType.Throttling ? 1000 : 50;
            double ceiling = Math.Min(baseMs * Math.Pow(2, retries - 1), maxBackoffMs);
            double r;
            lock (Jitter)
            {
                r = Jitter.NextDouble();
            }

            return (int)(r * ceiling);
        }
    }

    /// <summary>The SDK's Standard retry policy with the backoff above.</summary>
    internal sealed class CodeStarStandardRetryPolicy : StandardRetryPolicy
    {
        public CodeStarStandardRetryPolicy(IClientConfig config)
            : base(config)
        {
        }

        public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) =>
            Task.Delay(RetryDelays.Milliseconds(executionContext, MaxBackoffInMilliseconds), executionContext.RequestContext.CancellationToken);
    }

    /// <summary>The SDK's Adaptive retry policy with the backoff above.</summary>
    internal sealed class CodeStarAdaptiveRetryPolicy : AdaptiveRetryPolicy
    {
        public CodeStarAdaptiveRetryPolicy(IClientConfig config)
            : base(config)
        {
        }

        public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) =>
            Task.Delay(RetryDelays.Milliseconds(executionContext, MaxBackoffInMilliseconds), executionContext.RequestContext.CancellationToken);
    }
}
