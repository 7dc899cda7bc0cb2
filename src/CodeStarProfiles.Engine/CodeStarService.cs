using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CodeStarProfiles.Engine.Client;
using CodeStarProfiles.Engine.Connection;

namespace CodeStarProfiles.Engine
{
    /// <summary>
    /// The operations the cmdlets need, over <see cref="AmazonCodeStarClient"/>, in types of this
    /// assembly only (no AWSSDK type crosses to the cmdlets). One instance per cmdlet invocation;
    /// thread-safe, so many calls may be in flight at once.
    /// </summary>
    public sealed class CodeStarService : IDisposable
    {
        private readonly AmazonCodeStarClient _client;

        private CodeStarService(ServiceConnection connection)
        {
            _client = connection.Client;
            Region = connection.Region;
            RegionSource = connection.RegionSource;
            Endpoint = connection.Endpoint;
            EndpointSource = connection.EndpointSource;
            CredentialSource = connection.CredentialSource;
            RetrySettings = connection.RetrySettings;
        }

        public string Region { get; }

        /// <summary>Where the region came from, e.g. "-Region" or "AWS_REGION".</summary>
        public string RegionSource { get; }

        /// <summary>Where the endpoint came from, e.g. "-EndpointUrl", "AWS_ENDPOINT_URL_CODESTAR", or AWS's regional endpoint.</summary>
        public string EndpointSource { get; }

        /// <summary>The endpoint requests go to (for -Verbose).</summary>
        public string Endpoint { get; }

        /// <summary>Where the credentials came from, e.g. "profile 'ci' in /path" (never the keys).</summary>
        public string CredentialSource { get; }

        /// <summary>The retry mode and attempts in effect, e.g. "Standard retry mode, up to 3 attempts a request".</summary>
        public string RetrySettings { get; }

        /// <summary>How long the service has answered nothing but throttling (since its last other answer, or since this service was made).</summary>
        public TimeSpan SinceAnswered => TimeSpan.FromMilliseconds(_client.Pacer.MsSinceAccepted);

        /// <summary>How long a run goes on while the service answers nothing (the throttling bound, MaxThrottleWait).</summary>
        public TimeSpan MaxUnanswered => ((Client.AmazonCodeStarConfig)_client.Config).MaxThrottleWait;

        /// <summary>
        /// Resolves every setting afresh and fetches the credentials once (see <see cref="ServiceConnector"/>);
        /// whatever stops that is one <see cref="CodeStarConfigurationException"/> with advice.
        /// </summary>
        public static CodeStarService Connect(ConnectionSettings settings) => new CodeStarService(ServiceConnector.Connect(settings));

        /// <summary>
        /// Creates the profile; with <paramref name="overwrite"/>, one that exists is updated instead: its name and
        /// email to these, and its key to <see cref="ProfileData.SshPublicKey"/> when that is not null ("" removes
        /// it), so that input without any key leaves the key a user uploaded as it is.
        /// </summary>
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
                    var updated = await UpdateAsync(input.UserArn, input.DisplayName, input.EmailAddress, input.SshPublicKey, observer, cancellationToken).ConfigureAwait(false);
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

        /// <summary>Runs one SDK call; what it throws is classified here, once (<see cref="ErrorClassifier"/>).</summary>
        private async Task<T> Call<T>(Func<Task<T>> call)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (ErrorClassifier.ToFailure(e, Endpoint, EndpointSource, Region, RegionSource) is CodeStarServiceException failure)
            {
                throw failure;
            }
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
