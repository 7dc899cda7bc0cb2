using System;
using Amazon;
using CodeStarProfiles.Engine.Client;
using CodeStarProfiles.Engine.Resources;

namespace CodeStarProfiles.Engine.Connection
{
    /// <summary>
    /// Opens the connection of one command (a <see cref="ServiceConnection"/>, which the facade wraps): region, endpoint and credentials from
    /// <see cref="ConnectionResolver"/>, retry settings from <see cref="RetrySettings"/>, and the
    /// client's config built from them. Whatever stops that is one
    /// <see cref="CodeStarConfigurationException"/> with advice, never an SDK or .NET exception.
    /// </summary>
    internal static class ServiceConnector
    {
        public static ServiceConnection Connect(ConnectionSettings settings)
        {
            try
            {
                return ConnectCore(settings);
            }
            catch (CodeStarConfigurationException)
            {
                throw;
            }
            catch (Exception e) when (SharedProfiles.IsFileProblem(e) || e is ArgumentException || e is InvalidOperationException)
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.InvalidSetting,
                    SR.SettingsUnusable(SharedProfiles.WithoutLineText(e.Message)),
                    SR.SettingsUnusableAdvice);
            }
        }

        private static ServiceConnection ConnectCore(ConnectionSettings settings)
        {
            var resolver = new ConnectionResolver(settings);
            var region = resolver.Region();
            var endpoint = resolver.Endpoint();
            var (credentials, credentialSource) = resolver.Credentials(region.Value!);
            var retry = RetrySettings.Resolve(settings, Environment.GetEnvironmentVariable, () =>
            {
                var profile = resolver.ProfileInUse; // the shared files are read only when still needed
                return (profile?.MaxAttempts, profile?.RetryMode?.ToString());
            });

            var config = Config(region.Value!, endpoint.Value, settings.Timeout, retry);
            return new ServiceConnection(
                new AmazonCodeStarClient(credentials, config),
                region,
                endpoint.Value ?? $"https://codestar.{region.Value}.amazonaws.com",
                endpoint.Source,
                credentialSource,
                RetrySettings.Describe(config));
        }

        /// <summary>The client's config: this command's region (also the signing region), endpoint, timeout and retries.</summary>
        internal static AmazonCodeStarConfig Config(string region, string? endpointUrl, TimeSpan? timeout, RetrySettings retry)
        {
            var config = new AmazonCodeStarConfig
            {
                RegionEndpoint = RegionEndpoint.GetBySystemName(region),

                // Every endpoint setting was resolved from this command's settings: the SDK's own
                // (cached, default-profile-only) lookup must not pick another.
                IgnoreConfiguredEndpointUrls = true,
            };
            if (endpointUrl != null)
            {
                config.ServiceURL = endpointUrl;
            }

            // The region in force signs, whatever the endpoint: with a ServiceURL the SDK would
            // otherwise guess it from the host name (or fall back to another setting).
            config.AuthenticationRegion = region;
            retry.ApplyTo(config);
            if (timeout is TimeSpan t)
            {
                config.Timeout = t;
            }

            return config;
        }
    }
}
