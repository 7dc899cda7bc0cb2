using System;
using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("en-US")]

namespace CodeStarProfiles.Resources
{
    /// <summary>
    /// The module's user-facing strings (Strings.resx), one typed accessor per resource: the name of the
    /// accessor is the resource key, and an error message's key is its ErrorId (ErrorIds.cs). Strings are
    /// looked up only when an error is reported, never for a row that goes through.
    /// </summary>
    internal static class SR
    {
        private static readonly ResourceManager Resources = new ResourceManager("CodeStarProfiles.Resources.Strings", typeof(SR).Assembly);

        /// <summary>The string with that key; a missing key is a defect of this assembly, so it throws.</summary>
        internal static string Get(string key) =>
            Resources.GetString(key, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"The resource '{key}' is missing from CodeStarProfiles.Resources.Strings.");

        /// <summary>The format string with that key, filled in.</summary>
        internal static string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(key), args);

        // Input checked before anything is sent. The Missing* and Invalid* messages are found by their ErrorId (ProfileValidator).
        internal static string MissingValue(string errorId, string rule) => Format(errorId, rule);

        internal static string InvalidValue(string errorId, string value, string reason, string rule) => Format(errorId, value, reason, rule);

        internal static string ReasonTooShort(int length, int minimum) => Format(nameof(ReasonTooShort), length, minimum);

        internal static string ReasonTooLong(int length, int maximum) => Format(nameof(ReasonTooLong), length, maximum);

        internal static string ReasonPattern => Get(nameof(ReasonPattern));

        internal static string ReasonSeveralProblems(int count, string messages) => Format(nameof(ReasonSeveralProblems), count, messages);

        internal static string ReasonUnreadable(string column, string property, string message) => Format(nameof(ReasonUnreadable), column, property, message);

        internal static string ReasonListValue(string column, int count, string values) => Format(nameof(ReasonListValue), column, count, values);

        internal static string InvalidSshPublicKeyText(string problem) => Format(nameof(InvalidSshPublicKeyText), problem);

        internal static string InvalidSshPublicKeyNotOpenSsh(string value, string? problem) => Format(nameof(InvalidSshPublicKeyNotOpenSsh), value, problem);

        internal static string InvalidSshPublicKeyPath(string path, string problem) => Format(nameof(InvalidSshPublicKeyPath), path, problem);

        internal static string KeyEmpty => Get(nameof(KeyEmpty));

        internal static string KeyNoData => Get(nameof(KeyNoData));

        internal static string KeyUnknownType(string type, string knownTypes) => Format(nameof(KeyUnknownType), type, knownTypes);

        internal static string KeyNotBase64 => Get(nameof(KeyNotBase64));

        internal static string KeyTypeMismatch(string type) => Format(nameof(KeyTypeMismatch), type);

        internal static string KeyMalformed(string type) => Format(nameof(KeyMalformed), type);

        internal static string KeyTextPrivateKey => Get(nameof(KeyTextPrivateKey));

        internal static string KeyTextSeveralKeys(int lines) => Format(nameof(KeyTextSeveralKeys), lines);

        internal static string SshPublicKeyPathNotFound(string path, string fullPath) => Format(nameof(SshPublicKeyPathNotFound), path, fullPath);

        internal static string ConflictingSshPublicKey => Get(nameof(ConflictingSshPublicKey));

        internal static string NothingToChange(string arn) => Format(nameof(NothingToChange), arn);

        // Output text: a plan's Changes column (CodeStarPropertyChange reads these once).
        internal static string ChangeKeyAdded => Get(nameof(ChangeKeyAdded));

        internal static string ChangeKeyRemoved => Get(nameof(ChangeKeyRemoved));

        internal static string ChangeKeyReplaced => Get(nameof(ChangeKeyReplaced));

        /// <summary>Format string: {0} the property, {1} the value it is set to.</summary>
        internal static string ChangeSetTo => Get(nameof(ChangeSetTo));

        /// <summary>Format string: {0} the property, {1} the value now, {2} the value wanted.</summary>
        internal static string ChangeFromTo => Get(nameof(ChangeFromTo));

        // What the service said: every service ErrorId's message takes the same arguments.
        internal static string CallFailed(string errorId, string action, string item, string serviceMessage, string? errorCode, string requestIdPart) =>
            Format(errorId, action, item, serviceMessage, errorCode, requestIdPart);

        internal static string CallRequestId(string requestId) => Format(nameof(CallRequestId), requestId);

        internal static string ServiceErrorUnexpected(string exceptionType, string message) => Format(nameof(ServiceErrorUnexpected), exceptionType, message);

        internal static string ServiceErrorUnclassified(string action, string arn, string message) => Format(nameof(ServiceErrorUnclassified), action, arn, message);

        internal static string ConnectionFailedUnreachable(string message) => Format(nameof(ConnectionFailedUnreachable), message);

        // Sync.
        internal static string OutsideScope(string arn, string scope) => Format(nameof(OutsideScope), arn, scope);

        internal static string OutsideScopeChange(string arn, string scope) => Format(nameof(OutsideScopeChange), arn, scope);

        internal static string OutsideScopeChangeNoScope(string arn) => Format(nameof(OutsideScopeChangeNoScope), arn);

        internal static string DuplicateUserArn(string arn) => Format(nameof(DuplicateUserArn), arn);

        internal static string InvalidChange(string arn, string problem) => Format(nameof(InvalidChange), arn, problem);

        internal static string InvalidChangeMixed => Get(nameof(InvalidChangeMixed));

        internal static string ChangeProblemAction(string? action) => Format(nameof(ChangeProblemAction), action);

        internal static string ChangeProblemNoTimestamp => Get(nameof(ChangeProblemNoTimestamp));

        internal static string ChangeProblemFromCsv => Get(nameof(ChangeProblemFromCsv));

        internal static string StalePlanItem(ChangeAction action, string arn, string why) => Format(nameof(StalePlanItem), action, arn, why);

        internal static string StaleRemoved => Get(nameof(StaleRemoved));

        internal static string StaleModified(DateTime? modified, DateTime? planned) => Format(nameof(StaleModified), modified, planned);

        internal static string StaleCreated => Get(nameof(StaleCreated));

        internal static string RemovalNotConfirmed(string arn, string exceptionType) => Format(nameof(RemovalNotConfirmed), arn, exceptionType);

        internal static string RemovalLimitExceeded(int removals, int inScope, int limit) => Format(nameof(RemovalLimitExceeded), removals, inScope, limit);

        internal static string RemovalLimitExceededMaxRemove(int removals, int inScope, int maxRemove) => Format(nameof(RemovalLimitExceededMaxRemove), removals, inScope, maxRemove);

        internal static string RemovalLimitExceededEmptyInput(int removals, int inScope) => Format(nameof(RemovalLimitExceededEmptyInput), removals, inScope);

        internal static string CurrentStateUnreadable(string reason) => Format(nameof(CurrentStateUnreadable), reason);

        internal static string InvalidScope(string pattern) => Format(nameof(InvalidScope), pattern);

        // Terminating: the Engine words what failed; the message of these ids passes it on.
        internal static string Configuration(string errorId, string message) => Format(errorId, message);

        internal static string InvalidSettingUnexpected(string message) => Format(nameof(InvalidSettingUnexpected), message);

        internal static string CredentialsRefused(string errorCode, int rowsTaken) => Format(nameof(CredentialsRefused), errorCode, rowsTaken);

        internal static string ServiceUnreachable(string action, string item, double silentSeconds, double probeSeconds) => Format(nameof(ServiceUnreachable), action, item, silentSeconds, probeSeconds);

        internal static string ServiceUnreachableWarning(double silentSeconds, int rowsInARow, double probeSeconds) => Format(nameof(ServiceUnreachableWarning), silentSeconds, rowsInARow, probeSeconds);

        // Recommended actions: the table's (ErrorIds.All), then the variants a call site chooses.
        internal static string MissingUserArnAdvice => Get(nameof(MissingUserArnAdvice));

        internal static string MissingDisplayNameAdvice => Get(nameof(MissingDisplayNameAdvice));

        internal static string MissingEmailAddressAdvice => Get(nameof(MissingEmailAddressAdvice));

        internal static string InvalidUserArnAdvice => Get(nameof(InvalidUserArnAdvice));

        internal static string InvalidDisplayNameAdvice => Get(nameof(InvalidDisplayNameAdvice));

        internal static string InvalidEmailAddressAdvice => Get(nameof(InvalidEmailAddressAdvice));

        internal static string InvalidSshPublicKeyAdvice => Get(nameof(InvalidSshPublicKeyAdvice));

        internal static string ConflictingSshPublicKeyAdvice => Get(nameof(ConflictingSshPublicKeyAdvice));

        internal static string NothingToChangeAdvice => Get(nameof(NothingToChangeAdvice));

        internal static string SshPublicKeyPathNotFoundAdvice => Get(nameof(SshPublicKeyPathNotFoundAdvice));

        internal static string UserProfileAlreadyExistsAdvice => Get(nameof(UserProfileAlreadyExistsAdvice));

        internal static string UserProfileNotFoundAdvice => Get(nameof(UserProfileNotFoundAdvice));

        internal static string ServiceValidationFailedAdvice => Get(nameof(ServiceValidationFailedAdvice));

        internal static string InvalidNextTokenAdvice => Get(nameof(InvalidNextTokenAdvice));

        internal static string AccessDeniedAdvice => Get(nameof(AccessDeniedAdvice));

        internal static string ThrottledAdvice => Get(nameof(ThrottledAdvice));

        internal static string ServiceErrorAdvice => Get(nameof(ServiceErrorAdvice));

        internal static string ConnectionFailedAdvice => Get(nameof(ConnectionFailedAdvice));

        internal static string OutcomeUnknownAdvice => Get(nameof(OutcomeUnknownAdvice));

        internal static string OutsideScopeAdvice => Get(nameof(OutsideScopeAdvice));

        internal static string DuplicateUserArnAdvice => Get(nameof(DuplicateUserArnAdvice));

        internal static string InvalidChangeAdvice => Get(nameof(InvalidChangeAdvice));

        internal static string StalePlanItemAdvice => Get(nameof(StalePlanItemAdvice));

        internal static string RemovalNotConfirmedAdvice => Get(nameof(RemovalNotConfirmedAdvice));

        internal static string RemovalLimitExceededAdvice => Get(nameof(RemovalLimitExceededAdvice));

        internal static string CurrentStateUnreadableAdvice => Get(nameof(CurrentStateUnreadableAdvice));

        internal static string InvalidScopeAdvice => Get(nameof(InvalidScopeAdvice));

        internal static string NoCredentialsAdvice => Get(nameof(NoCredentialsAdvice));

        internal static string CredentialsRefusedAdvice => Get(nameof(CredentialsRefusedAdvice));

        internal static string ServiceUnreachableAdvice => Get(nameof(ServiceUnreachableAdvice));

        internal static string NoRegionAdvice => Get(nameof(NoRegionAdvice));

        internal static string ProfileNotFoundAdvice => Get(nameof(ProfileNotFoundAdvice));

        internal static string InvalidSettingAdvice => Get(nameof(InvalidSettingAdvice));

        internal static string InvalidUserArnAdviceGet => Get(nameof(InvalidUserArnAdviceGet));

        internal static string InvalidSshPublicKeyPathAdvice => Get(nameof(InvalidSshPublicKeyPathAdvice));

        internal static string AccessDeniedAdviceRegion => Get(nameof(AccessDeniedAdviceRegion));

        internal static string OutsideScopeChangeAdvice => Get(nameof(OutsideScopeChangeAdvice));

        internal static string InvalidChangeMixedAdvice => Get(nameof(InvalidChangeMixedAdvice));
    }
}
