using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using CodeStarProfiles.Engine.Client;
using CodeStarProfiles.Engine.Connection;

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

    /// <summary>A user profile as the service returned it (timestamps UTC; absent from listings).</summary>
    public sealed class ProfileData
    {
        public string UserArn { get; set; } = string.Empty;
        public string? DisplayName { get; set; }
        public string? EmailAddress { get; set; }
        public string? SshPublicKey { get; set; }
        public DateTime? CreatedTimestamp { get; set; }
        public DateTime? LastModifiedTimestamp { get; set; }
    }

    /// <summary>How a create ended.</summary>
    public enum CreateOutcome
    {
        Created,

        /// <summary>An attempt failed after the service had written the profile; the retry found it with exactly the values sent.</summary>
        CreatedOnEarlierAttempt,

        /// <summary>It existed and was overwritten (-Force).</summary>
        Overwritten,
    }

    /// <summary>What went wrong, in the terms a caller acts on.</summary>
    public enum FailureKind
    {
        AlreadyExists,
        NotFound,
        InvalidInput,
        AccessDenied,
        Throttled,
        ServiceError,
        Connection,

        /// <summary>The last attempt of a write failed after the service may have carried it out, and a describe could not tell.</summary>
        OutcomeUnknown,
    }

    /// <summary>A failed call: the service's error code and request id, or a connection failure. Carries no secret.</summary>
    public sealed class CodeStarServiceException : Exception
    {
        public CodeStarServiceException(FailureKind kind, string errorCode, string message, string? requestId, int? statusCode, Exception? inner)
            : base(message, inner)
        {
            Kind = kind;
            ErrorCode = errorCode;
            RequestId = requestId;
            StatusCode = statusCode;
        }

        public FailureKind Kind { get; }
        public string ErrorCode { get; }
        public string? RequestId { get; }
        public int? StatusCode { get; }
    }

    /// <summary>Nothing can be sent: no credentials, no region, or a bad setting. The message says what was tried and how to fix it.</summary>
    public sealed class CodeStarConfigurationException : Exception
    {
        /// <summary>For a setting whose message already says what to correct: the advice is to correct it.</summary>
        public CodeStarConfigurationException(string reason, string message)
            : this(reason, message, "Correct the setting the message names, or remove it to use the default.")
        {
        }

        public CodeStarConfigurationException(string reason, string message, string advice)
            : base(message)
        {
            Reason = reason;
            Advice = advice;
        }

        /// <summary>What to do about it (not the message again).</summary>
        public string Advice { get; }

        /// <summary>NoCredentials, NoRegion, ProfileNotFound or InvalidSetting.</summary>
        public string Reason { get; }
    }

    /// <summary>
    /// The operations the cmdlets need, over <see cref="AmazonCodeStarClient"/>, in types of this
    /// assembly only (no AWSSDK type crosses to the cmdlets). One instance per cmdlet invocation;
    /// thread-safe, so many calls may be in flight at once.
    /// </summary>
    public sealed class CodeStarService : IDisposable
    {
        private readonly AmazonCodeStarClient _client;

        private CodeStarService(AmazonCodeStarClient client, string region, string endpoint, string credentialSource, string retrySettings)
        {
            _client = client;
            Region = region;
            Endpoint = endpoint;
            CredentialSource = credentialSource;
            RetrySettings = retrySettings;
        }

        public string Region { get; }

        /// <summary>Where the region came from, e.g. "-Region" or "AWS_REGION".</summary>
        public string RegionSource { get; private set; } = "-Region";

        /// <summary>Where the endpoint came from, e.g. "-EndpointUrl", "AWS_ENDPOINT_URL_CODESTAR", or AWS's regional endpoint.</summary>
        public string EndpointSource { get; private set; } = "-EndpointUrl";

        /// <summary>The endpoint requests go to (for -Verbose).</summary>
        public string Endpoint { get; }

        /// <summary>Where the credentials came from, e.g. "profile 'ci' in /path" (never the keys).</summary>
        public string CredentialSource { get; }

        /// <summary>The retry mode and attempts in effect, e.g. "Standard retry mode, up to 3 attempts a request".</summary>
        public string RetrySettings { get; }

        /// <summary>
        /// Resolves every setting afresh (see <see cref="ConnectionResolver"/>) and fetches the
        /// credentials once; whatever stops that is one <see cref="CodeStarConfigurationException"/>
        /// with advice, never an SDK or .NET exception.
        /// </summary>
        public static CodeStarService Connect(ConnectionSettings settings)
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
                    "InvalidSetting",
                    "The AWS connection settings could not be used: " + e.Message,
                    "Check -Region, -EndpointUrl, -ProfileName and -ProfileLocation, the AWS_* environment variables, and the shared config and credentials files.");
            }
        }

        private static CodeStarService ConnectCore(ConnectionSettings settings)
        {
            var resolver = new ConnectionResolver(settings);
            var regionSetting = resolver.Region();
            string region = regionSetting.Value!;
            var endpointSetting = resolver.Endpoint();
            var (credentials, source) = resolver.Credentials(region);
            var profile = resolver.NamedProfile;

            var config = new AmazonCodeStarConfig
            {
                RegionEndpoint = RegionEndpoint.GetBySystemName(region),

                // Every endpoint setting was resolved above, from this command's settings: the SDK's own
                // (cached, default-profile-only) lookup must not pick another.
                IgnoreConfiguredEndpointUrls = true,
            };
            if (endpointSetting.Value != null)
            {
                config.ServiceURL = endpointSetting.Value;
            }

            // The region in force signs, whatever the endpoint: with a ServiceURL the SDK would
            // otherwise guess it from the host name (or fall back to another setting).
            config.AuthenticationRegion = region;

            // Retry settings, most specific first: the parameters, AWS_MAX_ATTEMPTS / AWS_RETRY_MODE,
            // then max_attempts / retry_mode of the profile in use (the named one, else AWS_PROFILE or
            // "default"). AWSSDK.Core reads the variables once per process and the profile only when it
            // is the default one, so they are read here, per connection: a runbook's $env: change and
            // -ProfileName both take effect.
            int? retries = settings.MaxRetryAttempts;
            if (retries == null && int.TryParse(Environment.GetEnvironmentVariable("AWS_MAX_ATTEMPTS"), out int attempts) && attempts >= 1)
            {
                retries = attempts - 1;
            }

            string? mode = settings.RetryMode ?? Environment.GetEnvironmentVariable("AWS_RETRY_MODE");
            if (retries == null || mode == null)
            {
                var retryProfile = resolver.ProfileInUse; // the shared files are read only when still needed
                if (retries == null && retryProfile?.MaxAttempts is int profileAttempts && profileAttempts >= 1)
                {
                    retries = profileAttempts - 1;
                }

                mode ??= retryProfile?.RetryMode?.ToString();
            }

            if (retries is int r)
            {
                config.MaxErrorRetry = r;
            }

            if (string.Equals(mode, "Adaptive", StringComparison.OrdinalIgnoreCase))
            {
                config.RetryMode = RequestRetryMode.Adaptive;
            }
            else if (string.Equals(mode, "Standard", StringComparison.OrdinalIgnoreCase))
            {
                config.RetryMode = RequestRetryMode.Standard;
            }

            if (settings.Timeout is TimeSpan timeout)
            {
                config.Timeout = timeout;
            }

            config.MaxThrottleWait = ThrottleWait(settings.MaxThrottleWait);

            string endpoint = endpointSetting.Value ?? $"https://codestar.{region}.amazonaws.com";
            int tries = config.MaxErrorRetry + 1;
            string retry = $"{config.RetryMode} retry mode, up to {tries} attempt{(tries == 1 ? string.Empty : "s")} a request besides throttled ones "
                + $"(retried until the service has accepted nothing for {config.MaxThrottleWait.TotalSeconds:0.###} s)";
            return new CodeStarService(new AmazonCodeStarClient(credentials, config), region, endpoint, source, retry)
            {
                RegionSource = regionSetting.Source,
                EndpointSource = endpointSetting.Source,
            };
        }

        public async Task<(ProfileData Profile, CreateOutcome Outcome)> CreateAsync(ProfileData input, bool overwrite, Action<AttemptInfo>? observer, CancellationToken cancellationToken)
        {
            var attempts = new AttemptTracker(observer);
            var request = new CreateUserProfileRequest
            {
                UserArn = input.UserArn,
                DisplayName = input.DisplayName,
                EmailAddress = input.EmailAddress,
                SshPublicKey = input.SshPublicKey,
                AttemptObserver = attempts.Observe,
            };
            try
            {
                var r = await Call(() => _client.CreateUserProfileAsync(request, cancellationToken)).ConfigureAwait(false);
                return (ToData(r), CreateOutcome.Created);
            }
            catch (CodeStarServiceException e) when (e.Kind == FailureKind.AlreadyExists)
            {
                if (overwrite)
                {
                    var updated = await UpdateAsync(input.UserArn, input.DisplayName, input.EmailAddress, input.SshPublicKey ?? string.Empty, observer, cancellationToken).ConfigureAwait(false);
                    return (updated, CreateOutcome.Overwritten);
                }

                if (attempts.AnyMayHaveBeenProcessed)
                {
                    // An earlier attempt may have been written before it failed: if what is there is
                    // exactly what was sent, this call created it.
                    var existing = await CheckAsync(input.UserArn, "CreateUserProfile", e, observer, cancellationToken).ConfigureAwait(false);
                    if (existing != null && OutcomeCheck.HoldsCreated(existing, input))
                    {
                        return (existing, CreateOutcome.CreatedOnEarlierAttempt);
                    }
                }

                throw;
            }
            catch (CodeStarServiceException e) when (attempts.Ambiguous(e))
            {
                // The last attempt failed after the service may have written the profile: look.
                var existing = await CheckAsync(input.UserArn, "CreateUserProfile", e, observer, cancellationToken).ConfigureAwait(false);
                if (existing != null && OutcomeCheck.HoldsCreated(existing, input))
                {
                    return (existing, CreateOutcome.CreatedOnEarlierAttempt);
                }

                throw; // not there (or not with these values): it was not created
            }
        }

        public async Task<ProfileData> DescribeAsync(string userArn, Action<AttemptInfo>? observer, CancellationToken cancellationToken)
        {
            var request = new DescribeUserProfileRequest { UserArn = userArn, AttemptObserver = observer };
            return ToData(await Call(() => _client.DescribeUserProfileAsync(request, cancellationToken)).ConfigureAwait(false));
        }

        public async Task<ProfileData> UpdateAsync(string userArn, string? displayName, string? emailAddress, string? sshPublicKey, Action<AttemptInfo>? observer, CancellationToken cancellationToken)
        {
            var attempts = new AttemptTracker(observer);
            var request = new UpdateUserProfileRequest
            {
                UserArn = userArn,
                DisplayName = displayName,
                EmailAddress = emailAddress,
                SshPublicKey = sshPublicKey,
                AttemptObserver = attempts.Observe,
            };
            try
            {
                return ToData(await Call(() => _client.UpdateUserProfileAsync(request, cancellationToken)).ConfigureAwait(false));
            }
            catch (CodeStarServiceException e) when (attempts.Ambiguous(e))
            {
                var existing = await CheckAsync(userArn, "UpdateUserProfile", e, observer, cancellationToken).ConfigureAwait(false);
                if (existing != null && OutcomeCheck.HoldsUpdated(existing, displayName, emailAddress, sshPublicKey))
                {
                    return existing;
                }

                throw;
            }
        }

        public async Task<string> DeleteAsync(string userArn, Action<AttemptInfo>? observer, CancellationToken cancellationToken)
        {
            var attempts = new AttemptTracker(observer);
            var request = new DeleteUserProfileRequest { UserArn = userArn, AttemptObserver = attempts.Observe };
            try
            {
                var r = await Call(() => _client.DeleteUserProfileAsync(request, cancellationToken)).ConfigureAwait(false);
                return r.UserArn ?? userArn;
            }
            catch (CodeStarServiceException e) when (e.Kind == FailureKind.NotFound && attempts.AnyMayHaveBeenProcessed)
            {
                // An earlier attempt failed after the service may have removed it, and now it is gone.
                return userArn;
            }
            catch (CodeStarServiceException e) when (attempts.Ambiguous(e))
            {
                if (await CheckAsync(userArn, "DeleteUserProfile", e, observer, cancellationToken).ConfigureAwait(false) == null)
                {
                    return userArn; // gone: the failed attempt removed it
                }

                throw;
            }
        }

        public async Task<(IReadOnlyList<ProfileData> Profiles, string? NextToken)> ListPageAsync(string? nextToken, int? maxResults, Action<AttemptInfo>? observer, CancellationToken cancellationToken)
        {
            var request = new ListUserProfilesRequest { NextToken = nextToken, MaxResults = maxResults, AttemptObserver = observer };
            var r = await Call(() => _client.ListUserProfilesAsync(request, cancellationToken)).ConfigureAwait(false);
            var list = new List<ProfileData>(r.UserProfiles.Count);
            foreach (var s in r.UserProfiles)
            {
                list.Add(new ProfileData { UserArn = s.UserArn ?? string.Empty, DisplayName = s.DisplayName, EmailAddress = s.EmailAddress, SshPublicKey = s.SshPublicKey });
            }

            return (list, string.IsNullOrEmpty(r.NextToken) ? null : r.NextToken);
        }

        public void Dispose() => _client.Dispose();

        /// <summary>
        /// Describes the profile after a write whose last attempt may have been carried out: the
        /// profile, or null when there is none. When the describe fails too, the outcome is
        /// unknown, and that is what is thrown.
        /// </summary>
        private async Task<ProfileData?> CheckAsync(string userArn, string operation, CodeStarServiceException original, Action<AttemptInfo>? observer, CancellationToken cancellationToken)
        {
            try
            {
                return await DescribeAsync(userArn, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (CodeStarServiceException e) when (e.Kind == FailureKind.NotFound)
            {
                return null;
            }
            catch (CodeStarServiceException e)
            {
                throw OutcomeCheck.Unknown(operation, original, e);
            }
        }

        private static TimeSpan ThrottleWait(TimeSpan? given)
        {
            if (given is TimeSpan t && t >= TimeSpan.Zero)
            {
                return t;
            }

            string? variable = Environment.GetEnvironmentVariable("CODESTAR_MAX_THROTTLE_WAIT");
            if (variable != null)
            {
                if (!double.TryParse(variable, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) || seconds < 0 || seconds > 86400)
                {
                    throw new CodeStarConfigurationException("InvalidSetting", $"CODESTAR_MAX_THROTTLE_WAIT must be a number of seconds from 0 to 86400; got '{variable}'.");
                }

                return TimeSpan.FromSeconds(seconds);
            }

            return AmazonCodeStarConfig.DefaultMaxThrottleWait;
        }

        /// <summary>Sorts an error code into what a caller does about it.</summary>
        public static FailureKind Classify(string? errorCode, int? statusCode)
        {
            switch (errorCode)
            {
                case "UserProfileAlreadyExistsException": return FailureKind.AlreadyExists;
                case "UserProfileNotFoundException": return FailureKind.NotFound;
                case "ValidationException":
                case "InvalidNextTokenException":
                case "SerializationException":
                    return FailureKind.InvalidInput;
                case "UnrecognizedClientException":
                case "InvalidSignatureException":
                case "IncompleteSignatureException":
                case "MissingAuthenticationTokenException":
                case "AccessDeniedException":
                case "ExpiredTokenException":
                case "InvalidClientTokenId":
                case "SignatureDoesNotMatch":
                    return FailureKind.AccessDenied;
                case "ThrottlingException":
                case "Throttling":
                case "TooManyRequestsException":
                case "RequestLimitExceeded":
                case "LimitExceededException":
                case "RequestThrottled":
                    return FailureKind.Throttled;
            }

            if (statusCode == 403)
            {
                return FailureKind.AccessDenied;
            }

            return statusCode >= 500 ? FailureKind.ServiceError : FailureKind.InvalidInput;
        }

        private static async Task<T> Call<T>(Func<Task<T>> call)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                // No answer at all, whether the SDK let the HTTP exception escape or wrapped it.
                throw Connection(e);
            }
            catch (AmazonServiceException e)
            {
                int? status = e.StatusCode == 0 ? (int?)null : (int)e.StatusCode;
                var kind = Classify(e.ErrorCode, status);
                throw new CodeStarServiceException(kind, string.IsNullOrEmpty(e.ErrorCode) ? (status >= 500 ? "ServiceError" : "UnknownError") : e.ErrorCode, e.Message, e.RequestId, status, null);
            }
            catch (AmazonClientException e)
            {
                // Adaptive mode's client-side bucket gives up with "capacity could not be obtained".
                bool capacity = e.Message.IndexOf("capacity", StringComparison.OrdinalIgnoreCase) >= 0;
                throw new CodeStarServiceException(capacity ? FailureKind.Throttled : FailureKind.ServiceError, capacity ? "ClientCapacityExhausted" : "ClientError", e.Message, null, null, null);
            }
        }

        /// <summary>The request got no answer: refused, reset, closed, or timed out (not cancelled by the caller).</summary>
        internal static bool IsConnectionFailure(Exception? e) =>
            e is HttpRequestException || e is IOException || e is WebException || e is System.Net.Sockets.SocketException || e is TimeoutException
            || (e is TaskCanceledException tce && !tce.CancellationToken.IsCancellationRequested)
            || (e is AmazonServiceException ase && ase.StatusCode == 0 && IsConnectionFailure(ase.InnerException));

        private static CodeStarServiceException Connection(Exception e)
        {
            string detail = e is TaskCanceledException || e is TimeoutException ? "the request timed out" : Innermost(e).Message;
            return new CodeStarServiceException(FailureKind.Connection, "ConnectionFailure", "Could not reach the CodeStar endpoint: " + detail, null, null, null);
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }


        private static ProfileData ToData(UserProfileResponse r) => new ProfileData
        {
            UserArn = r.UserArn ?? string.Empty,
            DisplayName = r.DisplayName,
            EmailAddress = r.EmailAddress,
            SshPublicKey = r.SshPublicKey,
            CreatedTimestamp = Utc(r.CreatedTimestamp),
            LastModifiedTimestamp = Utc(r.LastModifiedTimestamp),
        };

        private static DateTime? Utc(DateTime? value)
        {
            if (value is DateTime v)
            {
                // The service sends epoch seconds with millisecond fractions; through a double they can
                // land a tick short (1.491439687681E9 gives ...07.6809999), so round to the millisecond.
                var utc = v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v;
                const long TicksPerMs = TimeSpan.TicksPerMillisecond;
                return new DateTime((utc.Ticks + (TicksPerMs / 2)) / TicksPerMs * TicksPerMs, DateTimeKind.Utc);
            }

            return null;
        }
    }
}
