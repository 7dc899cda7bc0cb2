using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CodeStarProfiles.Engine;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Infrastructure
{
    /// <summary>
    /// The only class in the cmdlet assembly that touches the Engine's types: it keeps them
    /// off the public surface and turns the Engine's results and failures into this module's
    /// own (<see cref="CodeStarUserProfile"/>, <see cref="CallFailure"/>). One per cmdlet invocation.
    /// </summary>
    internal sealed class ServiceSession : IDisposable
    {
        private readonly CodeStarService _service;
        private readonly Action<string>? _verbose;

        private ServiceSession(CodeStarService service, Action<string>? verbose)
        {
            _service = service;
            _verbose = verbose;
        }

        public string Description => SR.SessionDescription(_service.Endpoint, _service.EndpointSource, _service.Region, _service.RegionSource, _service.CredentialSource, _service.RetrySettings);

        /// <summary>Connects, or returns the reason nothing can be sent (as a terminating failure).</summary>
        /// <param name="settings">The Engine's own settings type, filled in by the cmdlet: no copy crosses the boundary.</param>
        public static ServiceSession Connect(ConnectionSettings settings, Action<string>? verbose, out CallFailure? failure)
        {
            failure = null;
            try
            {
                return new ServiceSession(CodeStarService.Connect(settings), verbose);
            }
            catch (CodeStarConfigurationException e)
            {
                string id = e.Kind switch
                {
                    ConfigurationProblem.NoCredentials => ErrorIds.NoCredentials,
                    ConfigurationProblem.NoRegion => ErrorIds.NoRegion,
                    ConfigurationProblem.ProfileNotFound => ErrorIds.ProfileNotFound,
                    _ => ErrorIds.InvalidSetting,
                };
                string message = SR.Configuration(id, e.Message);
                string advice = string.IsNullOrEmpty(e.Advice) ? ErrorIds.Find(id)!.Advice : e.Advice;
                failure = new CallFailure(id, message, advice, new CodeStarProfileException(message));
                return null!;
            }
            catch (Exception e)
            {
                // A last line of defence: no SDK or .NET exception type ever becomes an ErrorId.
                string message = SR.InvalidSettingUnexpected(e.Message);
                failure = new CallFailure(ErrorIds.InvalidSetting, message, SR.InvalidSettingAdvice, new CodeStarProfileException(message));
                return null!;
            }
        }

        /// <returns>The profile, with its Outcome (Created, or Overwritten by New -Force over an existing profile); and what happened, in words for -Verbose.</returns>
        public async Task<(NewCodeStarUserProfileResult Profile, string Outcome)> CreateAsync(string arn, string displayName, string email, string? ssh, bool overwrite, CancellationToken ct)
        {
            var (p, outcome) = await _service.CreateAsync(new ProfileData { UserArn = arn, DisplayName = displayName, EmailAddress = email, SshPublicKey = ssh }, overwrite, Observer(arn, overwrite), ct).ConfigureAwait(false);
            string text = outcome switch
            {
                CreateOutcome.Overwritten => SR.CreateOutcomeOverwritten,
                CreateOutcome.CreatedOnEarlierAttempt => SR.CreateOutcomeCreatedOnEarlierAttempt,
                _ => SR.CreateOutcomeCreated,
            };
            bool overwritten = outcome == CreateOutcome.Overwritten;
            return (new NewCodeStarUserProfileResult(p.UserArn, p.DisplayName, p.EmailAddress, p.SshPublicKey, p.CreatedTimestamp, p.LastModifiedTimestamp, overwritten), text);
        }

        public async Task<CodeStarUserProfile> DescribeAsync(string arn, CancellationToken ct) =>
            ToProfile(await _service.DescribeAsync(arn, Observer(arn), ct).ConfigureAwait(false));

        public async Task<CodeStarUserProfile> UpdateAsync(string arn, string? displayName, string? email, string? ssh, CancellationToken ct) =>
            ToProfile(await _service.UpdateAsync(arn, displayName, email, ssh, Observer(arn), ct).ConfigureAwait(false));

        public Task<string> DeleteAsync(string arn, CancellationToken ct) => _service.DeleteAsync(arn, Observer(arn), ct);

        public async Task<(List<CodeStarUserProfile> Profiles, string? NextToken)> ListPageAsync(string? token, CancellationToken ct)
        {
            var (page, next) = await _service.ListPageAsync(token, 100, Observer(SR.AttemptListItem), ct).ConfigureAwait(false);
            var list = new List<CodeStarUserProfile>(page.Count);
            foreach (var p in page)
            {
                list.Add(ToProfile(p));
            }

            return (list, next);
        }

        /// <summary>Turns what a call threw into an error id, a message naming the item, and advice; null when it is not a call failure.</summary>
        public static CallFailure? Describe(Exception e, string action, string item)
        {
            if (!(e is CodeStarServiceException s))
            {
                return null;
            }

            string id = s.Kind switch
            {
                FailureKind.AlreadyExists => ErrorIds.UserProfileAlreadyExists,
                FailureKind.NotFound => ErrorIds.UserProfileNotFound,
                FailureKind.AccessDenied => ErrorIds.AccessDenied,
                FailureKind.Throttled => ErrorIds.Throttled,
                FailureKind.ServiceError => ErrorIds.ServiceError,
                FailureKind.Connection => ErrorIds.ConnectionFailed,
                FailureKind.InvalidNextToken => ErrorIds.InvalidNextToken,
                FailureKind.OutcomeUnknown => ErrorIds.OutcomeUnknown,
                FailureKind.NotCodeStar => ErrorIds.EndpointNotCodeStar,
                _ => ErrorIds.ServiceValidationFailed,
            };
            // The table's advice; for AccessDenied, the service's words tell which advice fits.
            string advice = s.Kind == FailureKind.AccessDenied ? AccessDeniedAdvice(s.Message) : ErrorIds.Find(id)!.Advice;

            string requestId = !string.IsNullOrEmpty(s.RequestId) ? SR.CallRequestId(s.RequestId!) : string.Empty;
            string message = SR.CallFailed(id, action, item, Validation.VisibleText.Of(s.Message) ?? string.Empty, s.ErrorCode, requestId);
            return new CallFailure(id, message, advice, new CodeStarProfileException(message, s.ErrorCode, s.RequestId, s.StatusCode), s.RefusesEveryRequest);
        }

        /// <summary>Whether what a call let through (not a <see cref="CodeStarServiceException"/>) got no answer at all, as the Engine classifies it.</summary>
        public static bool IsConnectionFailure(Exception e) => CodeStarServiceException.KindOf(e) == FailureKind.Connection;

        /// <summary>
        /// Whether a run should stop after <paramref name="rowsUnanswered"/> rows in a row failed without any
        /// answer: the service has answered nothing for the throttling bound (120 s by default), or so many
        /// rows in a row got none (every attempt of each, with its retries) that the endpoint is down, not slow.
        /// </summary>
        /// <summary>How long the service has answered nothing (but throttling).</summary>
        public TimeSpan SinceAnswered => _service.SinceAnswered;

        public bool Unreachable(int rowsUnanswered, int concurrency, out TimeSpan silent)
        {
            silent = _service.SinceAnswered;
            return rowsUnanswered > 0 && (silent >= _service.MaxUnanswered || rowsUnanswered >= Math.Max(8, 2 * concurrency));
        }

        public void Dispose() => _service.Dispose();

        /// <summary>For -Region completion: the SDK's region names and display names.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> RegionNames() => Engine.Connection.ConnectionCatalog.RegionNames();

        /// <summary>For -ProfileName completion: the profiles in that file, or in the shared files.</summary>
        public static IReadOnlyList<string> ProfileNames(string? profileLocation) => Engine.Connection.ConnectionCatalog.ProfileNames(profileLocation);

        /// <summary>
        /// For -UserArn and -Scope completion: a listing, at most <paramref name="maxPages"/> pages, within
        /// <paramref name="budget"/> (connection, credentials and requests all included; one attempt each);
        /// what was listed when the budget ran out. Empty on any failure: completion never writes an error,
        /// waits long, or prompts.
        /// </summary>
        public static List<CodeStarUserProfile> QuickList(ConnectionSettings settings, TimeSpan budget, int maxPages)
        {
            var found = new List<CodeStarUserProfile>();
            using var cancel = new CancellationTokenSource(budget);
            var work = Task.Run(async () =>
            {
                settings.MaxRetryAttempts = 0;
                settings.Timeout = TimeSpan.FromSeconds(Math.Max(1, (int)Math.Ceiling(budget.TotalSeconds)));
                using var session = Connect(settings, null, out var failure);
                if (failure != null)
                {
                    return;
                }

                string? token = null;
                for (int page = 0; page < maxPages; page++)
                {
                    var (profiles, next) = await session.ListPageAsync(token, cancel.Token).ConfigureAwait(false);
                    lock (found)
                    {
                        found.AddRange(profiles);
                    }

                    if (next == null)
                    {
                        break;
                    }

                    token = next;
                }
            });
            try
            {
                work.Wait(budget);
            }
            catch (AggregateException)
            {
            }

            cancel.Cancel();
            lock (found)
            {
                return new List<CodeStarUserProfile>(found);
            }
        }

        /// <summary>Blames the region only when the service said the signature's region was wrong.</summary>
        internal static string AccessDeniedAdvice(string serviceMessage) =>
            serviceMessage.IndexOf("region", StringComparison.OrdinalIgnoreCase) >= 0
                ? SR.AccessDeniedAdviceRegion
                : SR.AccessDeniedAdvice;

        private Action<Engine.Client.AttemptInfo>? Observer(string item, bool overwrite = false)
        {
            var verbose = _verbose;
            if (verbose == null)
            {
                return null;
            }

            return a =>
            {
                string rid = !string.IsNullOrEmpty(a.RequestId) ? SR.AttemptRequestId(a.RequestId!) : SR.AttemptNoRequestId;
                verbose(a.Succeeded
                    ? SR.AttemptSucceeded(a.Operation, item, a.Attempt, rid)
                    : overwrite && a.Kind == FailureKind.AlreadyExists
                    ? SR.AttemptProfileExists(a.Operation, item, rid)
                    : SR.AttemptFailed(a.Operation, item, a.Attempt, a.ErrorCode, a.ErrorMessage, rid));
            };
        }

        private static CodeStarUserProfile ToProfile(ProfileData p) =>
            new CodeStarUserProfile(p.UserArn, p.DisplayName, p.EmailAddress, p.SshPublicKey, p.CreatedTimestamp, p.LastModifiedTimestamp);
    }
}
