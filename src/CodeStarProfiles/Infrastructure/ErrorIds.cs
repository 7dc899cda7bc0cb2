using System.Collections.Generic;
using System.Management.Automation;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Infrastructure
{
    /// <summary>One row of the error table: an ErrorId, its category, and where its texts are.</summary>
    internal sealed class ErrorEntry
    {
        public ErrorEntry(string id, ErrorCategory category, string adviceKey, bool terminating = false)
        {
            Id = id;
            Category = category;
            AdviceKey = adviceKey;
            Terminating = terminating;
        }

        /// <summary>The ErrorId, also the resource key of its message (Resources/Strings.resx).</summary>
        public string Id { get; }

        public ErrorCategory Category { get; }

        /// <summary>The resource key of its recommended action: <see cref="Id"/> and "Advice".</summary>
        public string AdviceKey { get; }

        /// <summary>Whether the error always ends the command (nothing can proceed); the others are per item.</summary>
        public bool Terminating { get; }

        /// <summary>The message's format string (placeholders as the resource's comment names them).</summary>
        public string Message => SR.Get(Id);

        /// <summary>The recommended action, when the call site has none more specific.</summary>
        public string Advice => SR.Get(AdviceKey);
    }

    /// <summary>
    /// Every ErrorId this module writes: the one table of ids, categories, messages and advice (the
    /// texts are in Resources/Strings.resx, keyed by the id; ErrorTableTests checks the table, the
    /// resources and about_CodeStarProfiles against each other). The ids are stable: scripts may match on them.
    /// </summary>
    public static class ErrorIds
    {
        // Input checked before anything is sent (InvalidArgument, ObjectNotFound for a missing key file).
        public const string MissingUserArn = nameof(MissingUserArn);
        public const string MissingDisplayName = nameof(MissingDisplayName);
        public const string MissingEmailAddress = nameof(MissingEmailAddress);
        public const string InvalidUserArn = nameof(InvalidUserArn);
        public const string InvalidDisplayName = nameof(InvalidDisplayName);
        public const string InvalidEmailAddress = nameof(InvalidEmailAddress);
        public const string InvalidSshPublicKey = nameof(InvalidSshPublicKey);
        public const string SshPublicKeyPathNotFound = nameof(SshPublicKeyPathNotFound);
        public const string ConflictingSshPublicKey = nameof(ConflictingSshPublicKey);
        public const string NothingToChange = nameof(NothingToChange);

        // What the service said.
        public const string UserProfileAlreadyExists = nameof(UserProfileAlreadyExists);
        public const string UserProfileNotFound = nameof(UserProfileNotFound);
        public const string ServiceValidationFailed = nameof(ServiceValidationFailed);

        public const string EndpointNotCodeStar = nameof(EndpointNotCodeStar);
        public const string InvalidNextToken = nameof(InvalidNextToken);
        public const string AccessDenied = nameof(AccessDenied);
        public const string Throttled = nameof(Throttled);
        public const string ServiceError = nameof(ServiceError);
        public const string ConnectionFailed = nameof(ConnectionFailed);
        public const string OutcomeUnknown = nameof(OutcomeUnknown);

        // Sync (Compare-/Sync-CodeStarUserProfile).
        public const string OutsideScope = nameof(OutsideScope);
        public const string DuplicateUserArn = nameof(DuplicateUserArn);
        public const string InvalidChange = nameof(InvalidChange);
        public const string StalePlanItem = nameof(StalePlanItem);
        public const string RemovalNotConfirmed = nameof(RemovalNotConfirmed);
        public const string ChangeNotConfirmed = nameof(ChangeNotConfirmed);
        public const string RemovalLimitExceeded = nameof(RemovalLimitExceeded);
        public const string CurrentStateUnreadable = nameof(CurrentStateUnreadable);
        public const string InvalidScope = nameof(InvalidScope);

        // Terminating: nothing can be sent.
        public const string NoCredentials = nameof(NoCredentials);

        public const string CredentialsRefused = nameof(CredentialsRefused);

        public const string ServiceUnreachable = nameof(ServiceUnreachable);
        public const string NoRegion = nameof(NoRegion);
        public const string ProfileNotFound = nameof(ProfileNotFound);
        public const string InvalidSetting = nameof(InvalidSetting);

        /// <summary>The table, in the order about_CodeStarProfiles lists the ids.</summary>
        internal static IReadOnlyList<ErrorEntry> All { get; } = new[]
        {
            new ErrorEntry(MissingUserArn, ErrorCategory.InvalidArgument, nameof(SR.MissingUserArnAdvice)),
            new ErrorEntry(MissingDisplayName, ErrorCategory.InvalidArgument, nameof(SR.MissingDisplayNameAdvice)),
            new ErrorEntry(MissingEmailAddress, ErrorCategory.InvalidArgument, nameof(SR.MissingEmailAddressAdvice)),
            new ErrorEntry(InvalidUserArn, ErrorCategory.InvalidArgument, nameof(SR.InvalidUserArnAdvice)),
            new ErrorEntry(InvalidDisplayName, ErrorCategory.InvalidArgument, nameof(SR.InvalidDisplayNameAdvice)),
            new ErrorEntry(InvalidEmailAddress, ErrorCategory.InvalidArgument, nameof(SR.InvalidEmailAddressAdvice)),
            new ErrorEntry(InvalidSshPublicKey, ErrorCategory.InvalidArgument, nameof(SR.InvalidSshPublicKeyAdvice)),
            new ErrorEntry(ConflictingSshPublicKey, ErrorCategory.InvalidArgument, nameof(SR.ConflictingSshPublicKeyAdvice)),
            new ErrorEntry(NothingToChange, ErrorCategory.InvalidArgument, nameof(SR.NothingToChangeAdvice)),
            new ErrorEntry(SshPublicKeyPathNotFound, ErrorCategory.ObjectNotFound, nameof(SR.SshPublicKeyPathNotFoundAdvice)),
            new ErrorEntry(UserProfileAlreadyExists, ErrorCategory.ResourceExists, nameof(SR.UserProfileAlreadyExistsAdvice)),
            new ErrorEntry(UserProfileNotFound, ErrorCategory.ObjectNotFound, nameof(SR.UserProfileNotFoundAdvice)),
            new ErrorEntry(ServiceValidationFailed, ErrorCategory.InvalidArgument, nameof(SR.ServiceValidationFailedAdvice)),
            new ErrorEntry(InvalidNextToken, ErrorCategory.InvalidArgument, nameof(SR.InvalidNextTokenAdvice)),
            new ErrorEntry(AccessDenied, ErrorCategory.PermissionDenied, nameof(SR.AccessDeniedAdvice)),
            new ErrorEntry(Throttled, ErrorCategory.LimitsExceeded, nameof(SR.ThrottledAdvice)),
            new ErrorEntry(ServiceError, ErrorCategory.ResourceUnavailable, nameof(SR.ServiceErrorAdvice)),
            new ErrorEntry(ConnectionFailed, ErrorCategory.ConnectionError, nameof(SR.ConnectionFailedAdvice)),
            new ErrorEntry(EndpointNotCodeStar, ErrorCategory.ProtocolError, nameof(SR.EndpointNotCodeStarAdvice)),
            new ErrorEntry(OutcomeUnknown, ErrorCategory.InvalidResult, nameof(SR.OutcomeUnknownAdvice)),
            new ErrorEntry(OutsideScope, ErrorCategory.PermissionDenied, nameof(SR.OutsideScopeAdvice)),
            new ErrorEntry(DuplicateUserArn, ErrorCategory.InvalidArgument, nameof(SR.DuplicateUserArnAdvice)),
            new ErrorEntry(InvalidChange, ErrorCategory.InvalidArgument, nameof(SR.InvalidChangeAdvice)),
            new ErrorEntry(StalePlanItem, ErrorCategory.InvalidOperation, nameof(SR.StalePlanItemAdvice)),
            new ErrorEntry(RemovalNotConfirmed, ErrorCategory.OperationStopped, nameof(SR.RemovalNotConfirmedAdvice)),
            new ErrorEntry(ChangeNotConfirmed, ErrorCategory.OperationStopped, nameof(SR.ChangeNotConfirmedAdvice)),
            new ErrorEntry(RemovalLimitExceeded, ErrorCategory.LimitsExceeded, nameof(SR.RemovalLimitExceededAdvice), terminating: true),
            new ErrorEntry(CurrentStateUnreadable, ErrorCategory.ReadError, nameof(SR.CurrentStateUnreadableAdvice), terminating: true),
            new ErrorEntry(InvalidScope, ErrorCategory.InvalidArgument, nameof(SR.InvalidScopeAdvice), terminating: true),
            new ErrorEntry(NoCredentials, ErrorCategory.AuthenticationError, nameof(SR.NoCredentialsAdvice), terminating: true),
            new ErrorEntry(CredentialsRefused, ErrorCategory.AuthenticationError, nameof(SR.CredentialsRefusedAdvice), terminating: true),
            new ErrorEntry(ServiceUnreachable, ErrorCategory.ConnectionError, nameof(SR.ServiceUnreachableAdvice)),
            new ErrorEntry(NoRegion, ErrorCategory.InvalidArgument, nameof(SR.NoRegionAdvice), terminating: true),
            new ErrorEntry(ProfileNotFound, ErrorCategory.ObjectNotFound, nameof(SR.ProfileNotFoundAdvice), terminating: true),
            new ErrorEntry(InvalidSetting, ErrorCategory.InvalidArgument, nameof(SR.InvalidSettingAdvice), terminating: true),
        };

        private static readonly Dictionary<string, ErrorEntry> ById = Index(All);

        /// <summary>The table's row for an id, or null for an id that is not in it.</summary>
        internal static ErrorEntry? Find(string errorId) => ById.TryGetValue(errorId, out var entry) ? entry : null;

        public static ErrorCategory CategoryOf(string errorId) => Find(errorId)?.Category ?? ErrorCategory.InvalidArgument;

        /// <summary>
        /// The one place an ErrorRecord is made: a specific exception, a stable id, its category, the
        /// input item as target, and a recommended action (the table's advice when none is given).
        /// </summary>
        public static ErrorRecord Create(string errorId, string message, object? target, CodeStarProfileException? exception = null, string? recommendedAction = null)
        {
            var entry = Find(errorId);
            var record = new ErrorRecord(exception ?? new CodeStarProfileException(message), errorId, entry?.Category ?? ErrorCategory.InvalidArgument, target);
            if (exception != null && exception.Message != message)
            {
                record.ErrorDetails = new ErrorDetails(message);
            }

            recommendedAction ??= entry?.Advice;
            if (recommendedAction != null)
            {
                record.ErrorDetails ??= new ErrorDetails(message);
                record.ErrorDetails.RecommendedAction = recommendedAction;
            }

            return record;
        }

        private static Dictionary<string, ErrorEntry> Index(IReadOnlyList<ErrorEntry> all)
        {
            var byId = new Dictionary<string, ErrorEntry>(all.Count, System.StringComparer.Ordinal);
            foreach (var e in all)
            {
                byId.Add(e.Id, e);
            }

            return byId;
        }
    }
}
