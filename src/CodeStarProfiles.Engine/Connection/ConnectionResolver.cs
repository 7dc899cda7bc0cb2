using System;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;

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
            _files = SharedProfiles.Open(settings.ProfileLocation);
            if (settings.ProfileName != null || settings.ProfileLocation != null)
            {
                string name = settings.ProfileName ?? SharedProfiles.DefaultProfileName;
                if (!_files.TryGetProfile(name, out var profile))
                {
                    throw new CodeStarConfigurationException(
                        ConfigurationProblem.ProfileNotFound,
                        $"The AWS profile '{name}' was not found in {_files.Description}.",
                        "Check -ProfileName and -ProfileLocation (Get-CodeStarUserProfile -ProfileName <Tab> lists the profiles found), or add the profile to that file.");
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
                    "No AWS region was found. Tried, in order: -Region, the profile's region, AWS_REGION, AWS_DEFAULT_REGION, the shared config file, and the instance's region.",
                    "Pass -Region (for example -Region us-east-1), set AWS_REGION, or add 'region = us-east-1' to the profile in use.");
            }

            if (!RegionName.IsMatch(region.Value))
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.InvalidSetting,
                    $"The region '{region.Value}' from {region.Source} is not a region name: region names are lower-case letters, digits and single hyphens, with no spaces.",
                    $"Correct {region.Source} to a region name such as us-east-1.");
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
                string what = credentials is RoleCredentials role ? $"{source} (assuming {role.RoleArn} at {role.Endpoint})" : source;
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
                return new Sourced(NamedProfile.Region.SystemName, $"profile '{NamedProfile.Name}'");
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
                return new Sourced(profile.Region.SystemName, $"profile '{profile.Name}'");
            }

            if (!string.Equals(Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    FallbackRegionFactory.Reset(); // the SDK caches its answer for the process
                    var fallback = FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: true);
                    if (fallback != null)
                    {
                        return new Sourced(fallback.SystemName, "the instance metadata");
                    }
                }
                catch (AmazonClientException)
                {
                }
            }

            return new Sourced(null, "nowhere");
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
                return new Sourced(null, "AWS's regional endpoint");
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
                return new Sourced(profile!.EndpointUrl, $"endpoint_url of profile '{profile.Name}'");
            }

            return new Sourced(null, "AWS's regional endpoint");
        }

        private static Sourced CheckUrl(Sourced url)
        {
            if (url.Value != null && (!Uri.TryCreate(url.Value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.InvalidSetting,
                    $"The endpoint '{url.Value}' from {url.Source} is not an absolute http or https URL.",
                    $"Correct {url.Source} to a URL such as http://127.0.0.1:4599 or https://codestar.us-east-1.amazonaws.com.");
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
                    throw new CodeStarConfigurationException(ConfigurationProblem.InvalidSetting, "-AccessKey was given without -SecretKey, or -SecretKey without -AccessKey.", "Give both -AccessKey and -SecretKey (or -Credential), or neither.");
                }

                var keys = string.IsNullOrEmpty(s.SessionToken)
                    ? new BasicAWSCredentials(s.AccessKey, s.SecretKey)
                    : (AWSCredentials)new SessionAWSCredentials(s.AccessKey, s.SecretKey, s.SessionToken);
                return (keys, "the -AccessKey/-SecretKey (or -Credential) parameters");
            }

            if (NamedProfile != null)
            {
                return (FromProfile(NamedProfile, region, 0), $"profile '{NamedProfile.Name}'" + (s.ProfileLocation != null ? $" in {s.ProfileLocation}" : string.Empty));
            }

            string? accessKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
            string? secretKey = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
            if (!string.IsNullOrEmpty(accessKey) && !string.IsNullOrEmpty(secretKey))
            {
                string? token = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");
                var keys = string.IsNullOrEmpty(token) ? new BasicAWSCredentials(accessKey, secretKey) : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, token);
                return (keys, "the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
            }

            string? named = Environment.GetEnvironmentVariable("AWS_PROFILE");
            var profile = DefaultProfile();
            if (profile == null && !string.IsNullOrEmpty(named))
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.ProfileNotFound,
                    $"The AWS profile '{named}' named by AWS_PROFILE was not found in {_files.Description}.",
                    "Correct AWS_PROFILE, or add that profile to the shared files.");
            }

            if (profile != null && profile.CanCreateAWSCredentials)
            {
                return (FromProfile(profile, region, 0), $"profile '{profile.Name}'");
            }

            try
            {
                // Web identity, container and instance credentials: the SDK's own chain.
                return (DefaultAWSCredentialsIdentityResolver.GetCredentials(), "the SDK's default chain (web identity, container or instance role)");
            }
            catch (AmazonClientException)
            {
                throw new CodeStarConfigurationException(
                    ConfigurationProblem.NoCredentials,
                    "No AWS credentials were found. Tried, in order: -AccessKey/-SecretKey and -Credential, -ProfileName, the environment "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE), the shared credentials and config files, and web identity, container or instance credentials.",
                    "Pass -ProfileName (with -ProfileLocation for a file elsewhere), -AccessKey and -SecretKey, or -Credential; or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
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
                        $"The AWS profile '{profile.Name}' assumes {o.RoleArn} with an MFA device (mfa_serial), which needs a code typed in: a cmdlet cannot prompt for it.",
                        "Get temporary credentials first (for example aws sts assume-role with --serial-number and --token-code) and pass them with -AccessKey, -SecretKey and -SessionToken, or use a profile without mfa_serial.");
                }

                AWSCredentials source;
                if (!string.IsNullOrEmpty(o.SourceProfile))
                {
                    if (depth >= 5 || string.Equals(o.SourceProfile, profile.Name, StringComparison.Ordinal))
                    {
                        throw new CodeStarConfigurationException(ConfigurationProblem.NoCredentials, $"The AWS profile '{profile.Name}' has a source_profile chain that loops or is deeper than five profiles.", "Point source_profile at a profile that holds keys.");
                    }

                    if (!_files.TryGetProfile(o.SourceProfile, out var sourceProfile))
                    {
                        throw new CodeStarConfigurationException(
                            ConfigurationProblem.ProfileNotFound,
                            $"The AWS profile '{profile.Name}' names source_profile '{o.SourceProfile}', which was not found in {_files.Description}.",
                            $"Add the profile '{o.SourceProfile}' or correct source_profile in '{profile.Name}'.");
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
                    Endpoint = endpoint.Value != null ? $"{endpoint.Value} (from {endpoint.Source})" : $"AWS STS in {region}",
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
                throw CredentialsFailed($"profile '{profile.Name}'", e, AdviceFor(null));
            }

            throw new CodeStarConfigurationException(
                ConfigurationProblem.NoCredentials,
                $"The AWS profile '{profile.Name}' holds no usable credentials.",
                "Add aws_access_key_id and aws_secret_access_key to it, or role_arn with source_profile, credential_process, or SSO settings.");
        }

        private Sourced FindStsEndpoint(CredentialProfile roleProfile)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase) || roleProfile.IgnoreConfiguredEndpointUrls == true)
            {
                return new Sourced(null, "AWS STS");
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
                ? new Sourced(null, "AWS STS")
                : new Sourced(roleProfile.EndpointUrl, $"endpoint_url of profile '{roleProfile.Name}'");
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
                return "Check role_arn, that the source profile's keys may assume it, and the STS endpoint (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or the role profile's endpoint_url; AWS STS when none is set); or pass other credentials.";
            }

            if (profile != null && !string.IsNullOrEmpty(profile.Options.CredentialProcess))
            {
                return "Run the profile's credential_process command by hand to see why it fails, and fix it; or pass other credentials.";
            }

            if (profile != null && (!string.IsNullOrEmpty(profile.Options.SsoStartUrl) || !string.IsNullOrEmpty(profile.Options.SsoSession)))
            {
                return $"Sign in again with 'aws sso login --profile {profile.Name}', then run the command again; or pass other credentials.";
            }

            return "Check the profile's settings and keys, or pass other credentials (-ProfileName, -AccessKey and -SecretKey, -Credential).";
        }

        private static CodeStarConfigurationException CredentialsFailed(string source, Exception e, string advice)
        {
            string what;
            if (IsUnreachable(e))
            {
                what = "the credentials service could not be reached (" + Innermost(e).Message + ")";
            }
            else if (ServiceError(e) is AmazonServiceException s)
            {
                what = $"{s.Message} ({s.ErrorCode}{(s.RequestId != null ? ", request id " + s.RequestId : string.Empty)})";
            }
            else
            {
                what = Innermost(e).Message;
            }

            return new CodeStarConfigurationException(
                ConfigurationProblem.NoCredentials,
                $"Could not get AWS credentials from {source}: {what}",
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
