using System;

namespace CodeStarProfiles.Engine
{
    /// <summary>How to reach CodeStar: every value optional; what is not given comes from the SDK's usual resolution.</summary>
    public sealed class ConnectionSettings
    {
        public string? Region { get; set; }
        public string? ProfileName { get; set; }
        public string? ProfileLocation { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }
        public string? EndpointUrl { get; set; }

        /// <summary>Retries after the first attempt (the SDK's MaxErrorRetry); null: AWS_MAX_ATTEMPTS, the profile, or the SDK default.</summary>
        public int? MaxRetryAttempts { get; set; }

        /// <summary>"Standard" or "Adaptive"; null: AWS_RETRY_MODE, the profile, or the SDK default.</summary>
        public string? RetryMode { get; set; }

        /// <summary>Per-request HTTP timeout; null: the SDK default.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>
        /// How long throttled requests keep being retried while the service accepts nothing at all;
        /// null: CODESTAR_MAX_THROTTLE_WAIT (seconds), else 120 s. Throttling retries never count
        /// against <see cref="MaxRetryAttempts"/>.
        /// </summary>
        public TimeSpan? MaxThrottleWait { get; set; }
    }
}
