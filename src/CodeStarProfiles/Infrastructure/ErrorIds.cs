using System.Management.Automation;

namespace CodeStarProfiles.Infrastructure
{
    /// <summary>
    /// Every ErrorId this module writes, with its category. The ids are stable: scripts may
    /// match on them (see about_CodeStarProfiles for what to do about each).
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
        public const string RemovalLimitExceeded = nameof(RemovalLimitExceeded);
        public const string CurrentStateUnreadable = nameof(CurrentStateUnreadable);
        public const string InvalidScope = nameof(InvalidScope);

        // Terminating: nothing can be sent.
        public const string NoCredentials = nameof(NoCredentials);
        public const string NoRegion = nameof(NoRegion);
        public const string ProfileNotFound = nameof(ProfileNotFound);
        public const string InvalidSetting = nameof(InvalidSetting);

        public static ErrorCategory CategoryOf(string errorId)
        {
            switch (errorId)
            {
                case UserProfileAlreadyExists: return ErrorCategory.ResourceExists;
                case UserProfileNotFound:
                case SshPublicKeyPathNotFound:
                case ProfileNotFound:
                    return ErrorCategory.ObjectNotFound;
                case AccessDenied:
                case OutsideScope:
                    return ErrorCategory.PermissionDenied;
                case StalePlanItem: return ErrorCategory.InvalidOperation;
                case RemovalNotConfirmed: return ErrorCategory.OperationStopped;
                case RemovalLimitExceeded: return ErrorCategory.LimitsExceeded;
                case CurrentStateUnreadable: return ErrorCategory.ReadError;
                case NoCredentials: return ErrorCategory.AuthenticationError;
                case Throttled: return ErrorCategory.LimitsExceeded;
                case ServiceError: return ErrorCategory.ResourceUnavailable;
                case ConnectionFailed: return ErrorCategory.ConnectionError;
                case OutcomeUnknown: return ErrorCategory.InvalidResult;
                case NoRegion:
                case InvalidSetting:
                    return ErrorCategory.InvalidArgument;
                default: return ErrorCategory.InvalidArgument;
            }
        }

        /// <summary>The one place an ErrorRecord is made: a specific exception, a stable id, its category, and the input item as target.</summary>
        public static ErrorRecord Create(string errorId, string message, object? target, CodeStarProfileException? exception = null, string? recommendedAction = null)
        {
            var record = new ErrorRecord(exception ?? new CodeStarProfileException(message), errorId, CategoryOf(errorId), target);
            if (exception != null && exception.Message != message)
            {
                record.ErrorDetails = new ErrorDetails(message);
            }

            if (recommendedAction != null)
            {
                record.ErrorDetails ??= new ErrorDetails(message);
                record.ErrorDetails.RecommendedAction = recommendedAction;
            }

            return record;
        }
    }
}
