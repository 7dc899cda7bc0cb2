using System;
using System.IO;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using CodeStarProfiles.Engine.Resources;

namespace CodeStarProfiles.Engine.Connection
{
    /// <summary>A connection setting and where it came from ("-Region", "AWS_REGION", "profile 'ci'"), for -Verbose and messages.</summary>
    internal readonly struct Sourced
    {
        public Sourced(string? value, string source)
        {
            Value = value;
            Source = source;
        }

        public string? Value { get; }

        public string Source { get; }
    }

    /// <summary>
    /// Region, endpoint and credentials for one command, every one read afresh (environment,
    /// shared files): nothing is cached per process, so a runbook's $env: change or edited
    /// profile takes effect at the next command. The region in force is also the signing
    /// region, wherever the endpoint came from.
    /// </summary>
    internal sealed class ConnectionResolver
    {
        private static readonly Regex RegionName = new Regex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);
        private readonly ConnectionSettings _settings;
        private readonly SharedProfiles _files;
        private CredentialProfile? _defaultProfile;
        private bool _defaultProfileRead;

        public ConnectionResolver(ConnectionSettings settings)
        {
            _settings = settings;
            if (settings.ProfileLocation != null && !File.Exists(settings.ProfileLocation))
            {
                // Not "profile 'x' was not found in <file>": there is no file to look in.
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.ProfileNotFound,
                    SR.ProfileLocationMissing(settings.ProfileLocation),
                    SR.ProfileLocationMissingAdvice);
            }

            _files = SharedProfiles.Open(settings.ProfileLocation);
            if (settings.ProfileName != null || settings.ProfileLocation != null)
            {
                string name = settings.ProfileName ?? SharedProfiles.DefaultProfileName;
                if (!_files.TryGetProfile(name, out var profile))
                {
                    throw new CodeStarConfigurationException(
                        ConfigurationProblem.ProfileNotFound,
                        SR.ProfileNotFound(name, _files.Description),
                        SR.ProfileNotFoundAdvice);
                }

                NamedProfile = profile;
            }
        }

        /// <summary>The profile named by -ProfileName (or -ProfileLocation's default one); null when none was named.</summary>
        public CredentialProfile? NamedProfile { get; }

        /// <summary>The profile whose settings apply: the named one, else AWS_PROFILE or "default" when it exists.</summary>
        public CredentialProfile? ProfileInUse => NamedProfile ?? DefaultProfile();

        public Sourced Region()
        {
            var region = FindRegion();
            if (region.Value == null)
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.NoRegion,
                    SR.NoRegion,
                    SR.NoRegionAdvice);
            }

            if (!RegionName.IsMatch(region.Value))
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.InvalidSetting,
                    SR.InvalidRegion(region.Value, region.Source),
                    SR.InvalidRegionAdvice(region.Source));
            }

            return region;
        }

        /// <summary>The CodeStar endpoint: -EndpointUrl, AWS_ENDPOINT_URL_CODESTAR, AWS_ENDPOINT_URL, the profile's endpoint_url; null for AWS's regional endpoint.</summary>
        public Sourced Endpoint() => CheckUrl(FindEndpoint("CODESTAR", _settings.EndpointUrl, "-EndpointUrl"));

        /// <summary>Credentials, fetched once now so that a source that cannot produce them fails here, once, and not on every row.</summary>
        public (AWSCredentials Credentials, string Source) Credentials(string region)
        {
            var (credentials, source) = FindCredentials(region);
            try
            {
                credentials.GetCredentials();
            }
            catch (Exception e)
            {
                string what = credentials is RoleCredentials role ? SR.SourceRole(source, role.RoleArn, role.Endpoint) : source;
                throw CredentialsFailed(what, e, AdviceFor(credentials));
            }

            return (credentials, source);
        }

        private Sourced FindRegion()
        {
            if (_settings.Region != null)
            {
                return new Sourced(_settings.Region, "-Region");
            }

            if (NamedProfile?.Region != null)
            {
                return new Sourced(NamedProfile.Region.SystemName, SR.SourceProfile(NamedProfile.Name));
            }

            foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                string? value = Environment.GetEnvironmentVariable(variable);
                if (!string.IsNullOrEmpty(value))
                {
                    return new Sourced(value, variable);
                }
            }

            var profile = DefaultProfile();
            if (profile?.Region != null)
            {
                return new Sourced(profile.Region.SystemName, SR.SourceProfile(profile.Name));
            }

            if (!string.Equals(Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    FallbackRegionFactory.Reset(); // the SDK caches its answer for the process
                    var fallback = FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: true);
                    if (fallback != null)
                    {
                        return new Sourced(fallback.SystemName, SR.SourceInstanceMetadata);
                    }
                }
                catch (AmazonClientException)
                {
                }
            }

            return new Sourced(null, SR.SourceNowhere);
        }

        private Sourced FindEndpoint(string serviceVariable, string? parameter, string parameterName)
        {
            if (parameter != null)
            {
                return new Sourced(parameter, parameterName);
            }

            var profile = ProfileInUse;
            if (string.Equals(Environment.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase)
                || profile?.IgnoreConfiguredEndpointUrls == true)
            {
                return new Sourced(null, SR.SourceRegionalEndpoint);
            }

            foreach (var variable in new[] { "AWS_ENDPOINT_URL_" + serviceVariable, "AWS_ENDPOINT_URL" })
            {
                string? value = Environment.GetEnvironmentVariable(variable);
                if (!string.IsNullOrEmpty(value))
                {
                    return new Sourced(value, variable);
                }
            }

            if (!string.IsNullOrEmpty(profile?.EndpointUrl))
            {
                return new Sourced(profile!.EndpointUrl, SR.SourceEndpointUrlOfProfile(profile.Name));
            }

            return new Sourced(null, SR.SourceRegionalEndpoint);
        }

        private static Sourced CheckUrl(Sourced url)
        {
            if (url.Value != null && (!Uri.TryCreate(url.Value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.InvalidSetting,
                    SR.InvalidEndpoint(url.Value, url.Source),
                    SR.InvalidEndpointAdvice(url.Source));
            }

            return url;
        }

        private (AWSCredentials, string) FindCredentials(string region)
        {
            var s = _settings;
            if (s.AccessKey != null || s.SecretKey != null)
            {
                if (string.IsNullOrEmpty(s.AccessKey) || string.IsNullOrEmpty(s.SecretKey))
                {
                    throw new CodeStarConfigurationException(ConfigurationProblem.InvalidSetting, SR.KeysIncomplete, SR.KeysIncompleteAdvice);
                }

                var keys = string.IsNullOrEmpty(s.SessionToken)
                    ? new BasicAWSCredentials(s.AccessKey, s.SecretKey)
                    : (AWSCredentials)new SessionAWSCredentials(s.AccessKey, s.SecretKey, s.SessionToken);
                return (keys, SR.SourceKeys);
            }

            if (NamedProfile != null)
            {
                return (FromProfile(NamedProfile, region, 0), s.ProfileLocation != null ? SR.SourceProfileIn(NamedProfile.Name, s.ProfileLocation) : SR.SourceProfile(NamedProfile.Name));
            }

            string? accessKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
            string? secretKey = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
            if (!string.IsNullOrEmpty(accessKey) && !string.IsNullOrEmpty(secretKey))
            {
                string? token = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");
                var keys = string.IsNullOrEmpty(token) ? new BasicAWSCredentials(accessKey, secretKey) : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, token);
                return (keys, SR.SourceEnvironmentKeys);
            }

            string? named = Environment.GetEnvironmentVariable("AWS_PROFILE");
            var profile = DefaultProfile();
            if (profile == null && !string.IsNullOrEmpty(named))
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.ProfileNotFound,
                    SR.AwsProfileNotFound(named!, _files.Description),
                    SR.AwsProfileNotFoundAdvice);
            }

            if (profile != null && profile.CanCreateAWSCredentials)
            {
                return (FromProfile(profile, region, 0), SR.SourceProfile(profile.Name));
            }

            try
            {
                // Web identity, container and instance credentials: the SDK's own chain.
                return (DefaultAWSCredentialsIdentityResolver.GetCredentials(), SR.SourceDefaultChain);
            }
            catch (AmazonClientException)
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.NoCredentials,
                    SR.NoCredentials,
                    SR.NoCredentialsAdvice);
            }
        }

        /// <summary>A profile's credentials; role profiles assume their role through <see cref="RoleCredentials"/>.</summary>
        private AWSCredentials FromProfile(CredentialProfile profile, string region, int depth)
        {
            var o = profile.Options;
            if (!string.IsNullOrEmpty(o.RoleArn) && (!string.IsNullOrEmpty(o.SourceProfile) || string.Equals(o.CredentialSource, "Environment", StringComparison.OrdinalIgnoreCase)))
            {
                if (!string.IsNullOrEmpty(o.MfaSerial))
                {
                    throw new CodeStarConfigurationException(
                        ConfigurationProblem.NoCredentials,
                        SR.MfaProfile(profile.Name, o.RoleArn),
                        SR.MfaProfileAdvice);
                }

                AWSCredentials source;
                if (!string.IsNullOrEmpty(o.SourceProfile))
                {
                    if (depth >= 5 || string.Equals(o.SourceProfile, profile.Name, StringComparison.Ordinal))
                    {
                        throw new CodeStarConfigurationException(ConfigurationProblem.NoCredentials, SR.SourceProfileLoop(profile.Name), SR.SourceProfileLoopAdvice);
                    }

                    if (!_files.TryGetProfile(o.SourceProfile, out var sourceProfile))
                    {
                        throw new CodeStarConfigurationException(
                            ConfigurationProblem.ProfileNotFound,
                            SR.SourceProfileNotFound(profile.Name, o.SourceProfile, _files.Description),
                            SR.SourceProfileNotFoundAdvice(o.SourceProfile, profile.Name));
                    }

                    source = FromProfile(sourceProfile!, region, depth + 1);
                }
                else
                {
                    source = new EnvironmentVariablesAWSCredentials();
                }

                var endpoint = CheckUrl(FindStsEndpoint(profile));
                var timeout = _settings.Timeout;
                var options = new AssumeRoleAWSCredentialsOptions { ExternalId = string.IsNullOrEmpty(o.ExternalID) ? null : o.ExternalID };
                string session = string.IsNullOrEmpty(o.RoleSessionName) ? "CodeStarProfiles-" + DateTime.UtcNow.ToString("yyyyMMddTHHmmss", System.Globalization.CultureInfo.InvariantCulture) : o.RoleSessionName;
                return new RoleCredentials(source, o.RoleArn, session, options, () => StsConfig(region, endpoint.Value, timeout))
                {
                    Endpoint = endpoint.Value != null ? SR.SourceStsEndpoint(endpoint.Value, endpoint.Source) : SR.SourceStsInRegion(region),
                };
            }

            try
            {
                if (AWSCredentialsFactory.TryGetAWSCredentials(profile, _files.Source, out var credentials))
                {
                    return credentials;
                }
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is AmazonClientException)
            {
                throw CredentialsFailed(SR.SourceProfile(profile.Name), e, AdviceFor(null));
            }

            throw new CodeStarConfigurationException(
                ConfigurationProblem.NoCredentials,
                SR.ProfileNoCredentials(profile.Name),
                SR.ProfileNoCredentialsAdvice);
        }

        private Sourced FindStsEndpoint(CredentialProfile roleProfile)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase) || roleProfile.IgnoreConfiguredEndpointUrls == true)
            {
                return new Sourced(null, SR.SourceSts);
            }

            foreach (var variable in new[] { "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL" })
            {
                string? value = Environment.GetEnvironmentVariable(variable);
                if (!string.IsNullOrEmpty(value))
                {
                    return new Sourced(value, variable);
                }
            }

            return string.IsNullOrEmpty(roleProfile.EndpointUrl)
                ? new Sourced(null, SR.SourceSts)
                : new Sourced(roleProfile.EndpointUrl, SR.SourceEndpointUrlOfProfile(roleProfile.Name));
        }

        private static AmazonSecurityTokenServiceConfig StsConfig(string region, string? endpoint, TimeSpan? timeout)
        {
            var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region), IgnoreConfiguredEndpointUrls = true };
            if (endpoint != null)
            {
                config.ServiceURL = endpoint;
                config.AuthenticationRegion = region;
            }

            if (timeout is TimeSpan t)
            {
                config.Timeout = t;
            }

            return config;
        }

        private CredentialProfile? DefaultProfile()
        {
            if (!_defaultProfileRead)
            {
                _defaultProfileRead = true;
                _defaultProfile = _files.TryGetProfile(SharedProfiles.DefaultProfileName, out var p) ? p : null;
            }

            return _defaultProfile;
        }

        /// <summary>What to do, for the kind of source that failed.</summary>
        private string AdviceFor(AWSCredentials? credentials)
        {
            var profile = NamedProfile ?? DefaultProfile();
            if (credentials is RoleCredentials)
            {
                return SR.CredentialsFailedAdviceRole;
            }

            if (profile != null && !string.IsNullOrEmpty(profile.Options.CredentialProcess))
            {
                return SR.CredentialsFailedAdviceProcess;
            }

            if (profile != null && (!string.IsNullOrEmpty(profile.Options.SsoStartUrl) || !string.IsNullOrEmpty(profile.Options.SsoSession)))
            {
                return SR.CredentialsFailedAdviceSso(profile.Name);
            }

            return SR.CredentialsFailedAdvice;
        }

        private static CodeStarConfigurationException CredentialsFailed(string source, Exception e, string advice)
        {
            string what;
            if (IsUnreachable(e))
            {
                what = SR.CredentialsUnreachable(Innermost(e).Message);
            }
            else if (ServiceError(e) is AmazonServiceException s)
            {
                what = SR.CredentialsServiceError(s.Message, s.ErrorCode, s.RequestId != null ? SR.CredentialsRequestId(s.RequestId) : string.Empty);
            }
            else
            {
                what = Innermost(e).Message;
            }

            return new CodeStarConfigurationException(
                ConfigurationProblem.NoCredentials,
                SR.CredentialsFailed(source, what),
                advice);
        }

        /// <summary>No answer at all, however deep the SDK wrapped the HTTP failure.</summary>
        private static bool IsUnreachable(Exception? e)
        {
            for (; e != null; e = e.InnerException)
            {
                if (ErrorClassifier.IsConnectionFailure(e))
                {
                    return true;
                }
            }

            return false;
        }

        private static AmazonServiceException? ServiceError(Exception? e)
        {
            for (; e != null; e = e.InnerException)
            {
                if (e is AmazonServiceException s && !string.IsNullOrEmpty(s.ErrorCode))
                {
                    return s;
                }
            }

            return null;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null && !(e is AmazonServiceException))
            {
                e = e.InnerException;
            }

            return e;
        }
    }
}
