using System;
using System.Globalization;
using Amazon.Runtime;
using CodeStarProfiles.Engine.Resources;

namespace CodeStarProfiles.Engine.Connection
{
    /// <summary>
    /// The retry settings of one command, most specific first: the parameters, AWS_MAX_ATTEMPTS /
    /// AWS_RETRY_MODE, then max_attempts / retry_mode of the profile in use (the named one, else
    /// AWS_PROFILE or "default"). AWSSDK.Core reads the variables once per process and the profile
    /// only when it is the default one, so they are read here, per connection: a runbook's $env:
    /// change and -ProfileName both take effect. Pure: the environment and the profile are given.
    /// </summary>
    internal sealed class RetrySettings
    {
        private RetrySettings(int? maxErrorRetry, RequestRetryMode? mode, TimeSpan maxThrottleWait)
        {
            MaxErrorRetry = maxErrorRetry;
            Mode = mode;
            MaxThrottleWait = maxThrottleWait;
        }

        /// <summary>Retries after the first attempt; null: the SDK's default.</summary>
        public int? MaxErrorRetry { get; }

        /// <summary>Standard or Adaptive; null: the SDK's default (any other mode named is ignored).</summary>
        public RequestRetryMode? Mode { get; }

        /// <summary>How long throttled requests keep being retried while the service accepts nothing.</summary>
        public TimeSpan MaxThrottleWait { get; }

        /// <param name="settings">The command's settings (MaxRetryAttempts, RetryMode, MaxThrottleWait).</param>
        /// <param name="environment">Reads an environment variable (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, CODESTAR_MAX_THROTTLE_WAIT).</param>
        /// <param name="profileInUse">The profile's max_attempts and retry_mode; asked only when a setting is still missing, so the shared files are read only then.</param>
        public static RetrySettings Resolve(ConnectionSettings settings, Func<string, string?> environment, Func<(int? MaxAttempts, string? RetryMode)> profileInUse)
        {
            int? retries = settings.MaxRetryAttempts;
            if (retries == null && int.TryParse(environment("AWS_MAX_ATTEMPTS"), out int attempts) && attempts >= 1)
            {
                retries = attempts - 1;
            }

            string? mode = settings.RetryMode ?? environment("AWS_RETRY_MODE");
            if (retries == null || mode == null)
            {
                var profile = profileInUse();
                if (retries == null && profile.MaxAttempts is int profileAttempts && profileAttempts >= 1)
                {
                    retries = profileAttempts - 1;
                }

                mode ??= profile.RetryMode;
            }

            RequestRetryMode? retryMode =
                string.Equals(mode, "Adaptive", StringComparison.OrdinalIgnoreCase) ? RequestRetryMode.Adaptive
                : string.Equals(mode, "Standard", StringComparison.OrdinalIgnoreCase) ? RequestRetryMode.Standard
                : (RequestRetryMode?)null;
            return new RetrySettings(retries, retryMode, ThrottleWait(settings.MaxThrottleWait, environment("CODESTAR_MAX_THROTTLE_WAIT")));
        }

        /// <summary>The given wait when it is not negative, else CODESTAR_MAX_THROTTLE_WAIT (seconds, 0 to 86400), else 120 s.</summary>
        public static TimeSpan ThrottleWait(TimeSpan? given, string? variable)
        {
            if (given is TimeSpan t && t >= TimeSpan.Zero)
            {
                return t;
            }

            if (variable != null)
            {
                if (!double.TryParse(variable, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds < 0 || seconds > 86400)
                {
                    throw new CodeStarConfigurationException(ConfigurationProblem.InvalidSetting, SR.ThrottleWaitInvalid(variable));
                }

                return TimeSpan.FromSeconds(seconds);
            }

            return Client.AmazonCodeStarConfig.DefaultMaxThrottleWait;
        }

        /// <summary>Sets what was found on the config; what was not stays the SDK's default.</summary>
        public void ApplyTo(Client.AmazonCodeStarConfig config)
        {
            if (MaxErrorRetry is int r)
            {
                config.MaxErrorRetry = r;
            }

            if (Mode is RequestRetryMode m)
            {
                config.RetryMode = m;
            }

            config.MaxThrottleWait = MaxThrottleWait;
        }

        /// <summary>The settings in force on <paramref name="config"/>, for -Verbose.</summary>
        public static string Describe(Client.AmazonCodeStarConfig config)
        {
            int tries = config.MaxErrorRetry + 1;
            double wait = config.MaxThrottleWait.TotalSeconds;
            return tries == 1
                ? SR.RetryDescriptionOneAttempt(config.RetryMode.ToString(), tries, wait)
                : SR.RetryDescription(config.RetryMode.ToString(), tries, wait);
        }
    }
}
