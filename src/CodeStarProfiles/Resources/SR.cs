using System;
using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("en-US")]

namespace CodeStarProfiles.Resources
{
    /// <summary>
    /// The module's user-facing strings (Strings.resx), one typed accessor per resource: the name of the
    /// accessor is the resource key, and an error message's key is its ErrorId (ErrorIds.cs). An error's
    /// texts are looked up when it is reported; a text written for every row that goes through (what
    /// ShouldProcess shows, a verbose line, an attempt line) is read once, in <see cref="PerRow"/>, and only
    /// filled in per row: a bulk run of 10,000 rows makes no resource lookup per row.
    /// ResourceTableTests checks the accessors, the resources and the call sites against each other.
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

        internal static string RowLabel(int row) => Format(nameof(RowLabel), row);

        internal static string AsPlannedVerbose(ChangeAction action, string arn) => Format(nameof(AsPlannedVerbose), action, arn);

        internal static string RowLabelWithArn(int row, string arn) => Format(nameof(RowLabelWithArn), row, arn);

        internal static string ReasonPatternSpace => Get(nameof(ReasonPatternSpace));

        internal static string ReasonSeveralProblems(int count, string messages) => Format(nameof(ReasonSeveralProblems), count, messages);

        internal static string ReasonUnreadable(string column, string property, string message) => Format(nameof(ReasonUnreadable), column, property, message);

        internal static string ReasonListValue(string column, int count, string values) => Format(nameof(ReasonListValue), column, count, values);

        internal static string ReasonConflictingColumns(string header, string value, string otherHeader, string otherValue, string column) =>
            Format(nameof(ReasonConflictingColumns), header, value, otherHeader, otherValue, column);

        internal static string MissingColumn(string column, string aliases, string columns) => Format(nameof(MissingColumn), column, aliases, columns);

        internal static string MissingColumnAdvice(string column) => Format(nameof(MissingColumnAdvice), column);

        internal static string RepeatedInPreview(string arn) => Format(nameof(RepeatedInPreview), arn);

        internal static string RepeatedInPreviewAdvice => Get(nameof(RepeatedInPreviewAdvice));

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

        internal static string RemovalNotConfirmedNothingRemoved(string arn, string exceptionType) => Format(nameof(RemovalNotConfirmedNothingRemoved), arn, exceptionType);

        internal static string RemovalNotConfirmedSomeRemoved(string arn, string exceptionType, int removed) => Format(nameof(RemovalNotConfirmedSomeRemoved), arn, exceptionType, removed);

        internal static string ChangeNotConfirmed(string action, string arn, string exceptionType) => Format(nameof(ChangeNotConfirmed), action, arn, exceptionType);

        internal static string ChangeNotConfirmedNothingChanged(string action, string arn, string exceptionType) => Format(nameof(ChangeNotConfirmedNothingChanged), action, arn, exceptionType);

        internal static string ChangeNotConfirmedSomeChanged(string action, string arn, string exceptionType, int done) => Format(nameof(ChangeNotConfirmedSomeChanged), action, arn, exceptionType, done);

        internal static string RemovalLimitExceeded(int removals, int inScope, int limit) => Format(nameof(RemovalLimitExceeded), removals, inScope, limit);

        internal static string RemovalLimitExceededMaxRemove(int removals, int inScope, int maxRemove) => Format(nameof(RemovalLimitExceededMaxRemove), removals, inScope, maxRemove);

        internal static string RemovalLimitExceededEmptyInput(int removals, int inScope) => Format(nameof(RemovalLimitExceededEmptyInput), removals, inScope);

        internal static string CurrentStateUnreadable(string reason) => Format(nameof(CurrentStateUnreadable), reason);

        internal static string InvalidScope(string pattern) => Format(nameof(InvalidScope), pattern);

        // Terminating: the Engine words what failed; the message of these ids passes it on.
        internal static string Configuration(string errorId, string message) => Format(errorId, message);

        internal static string InvalidSettingUnexpected(string message) => Format(nameof(InvalidSettingUnexpected), message);

        internal static string CredentialsRefused(string errorCode, int rowsTaken) => Format(nameof(CredentialsRefused), errorCode, rowsTaken);

        internal static string CredentialsRefusedOneRow(string errorCode) => Format(nameof(CredentialsRefusedOneRow), errorCode);

        internal static string CredentialsRefusedErrorActionStop(string errorCode, int rowsTaken, int unreported) => Format(nameof(CredentialsRefusedErrorActionStop), errorCode, rowsTaken, unreported);

        internal static string CredentialsRefusedSyncErrorActionStop(string errorCode, int handled, int planned, int notReached) => Format(nameof(CredentialsRefusedSyncErrorActionStop), errorCode, handled, planned, notReached);

        internal static string CredentialsRefusedArnsNotReached(int count) => Format(nameof(CredentialsRefusedArnsNotReached), count);

        internal static string CredentialsRefusedSync(string errorCode, int handled, int planned, int notReached) => Format(nameof(CredentialsRefusedSync), errorCode, handled, planned, notReached);

        internal static string CredentialsRefusedSyncAllTaken(string errorCode, int planned) => Format(nameof(CredentialsRefusedSyncAllTaken), errorCode, planned);

        internal static string CredentialsRefusedSyncAgain => Get(nameof(CredentialsRefusedSyncAgain));

        internal static string CredentialsRefusedSyncPreviewAgain => Get(nameof(CredentialsRefusedSyncPreviewAgain));

        internal static string CredentialsRefusedNoRows(string errorCode) => Format(nameof(CredentialsRefusedNoRows), errorCode);

        internal static string CredentialsRefusedNotSent(string action, string item, string errorCode) => Format(nameof(CredentialsRefusedNotSent), action, item, errorCode);

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

        internal static string ChangeNotConfirmedAdvice => Get(nameof(ChangeNotConfirmedAdvice));

        internal static string MissingColumnAdviceDelimiter(string column, string delimiter, string typed) => Format(nameof(MissingColumnAdviceDelimiter), column, delimiter, typed);

        internal static string DelimiterTab => Get(nameof(DelimiterTab));

        internal static string CredentialWithKeys => Get(nameof(CredentialWithKeys));

        internal static string CredentialWithKeysAdvice => Get(nameof(CredentialWithKeysAdvice));

        internal static string RemovalLimitExceededAdvice => Get(nameof(RemovalLimitExceededAdvice));

        internal static string RemovalLimitExceededEmptyInputAdvice => Get(nameof(RemovalLimitExceededEmptyInputAdvice));

        internal static string CurrentStateUnreadableAdvice => Get(nameof(CurrentStateUnreadableAdvice));

        internal static string InvalidScopeAdvice => Get(nameof(InvalidScopeAdvice));

        internal static string NoCredentialsAdvice => Get(nameof(NoCredentialsAdvice));

        internal static string CredentialsRefusedAdvice => Get(nameof(CredentialsRefusedAdvice));

        internal static string EndpointNotCodeStarAdvice => Get(nameof(EndpointNotCodeStarAdvice));

        internal static string CannotAskInputEnded => Get(nameof(CannotAskInputEnded));

        internal static string ServiceUnreachableAdvice => Get(nameof(ServiceUnreachableAdvice));

        internal static string NoRegionAdvice => Get(nameof(NoRegionAdvice));

        internal static string ProfileNotFoundAdvice => Get(nameof(ProfileNotFoundAdvice));

        internal static string InvalidSettingAdvice => Get(nameof(InvalidSettingAdvice));

        internal static string InvalidUserArnAdviceGet => Get(nameof(InvalidUserArnAdviceGet));

        internal static string InvalidSshPublicKeyPathAdvice => Get(nameof(InvalidSshPublicKeyPathAdvice));

        internal static string AccessDeniedAdviceRegion => Get(nameof(AccessDeniedAdviceRegion));

        internal static string OutsideScopeChangeAdvice => Get(nameof(OutsideScopeChangeAdvice));

        internal static string InvalidChangeMixedAdvice => Get(nameof(InvalidChangeMixedAdvice));

        // What a row does, as ShouldProcess and ShouldContinue show it (per row: read once).
        internal static string ShouldProcessCreate => PerRow.ShouldProcessCreate;

        internal static string ShouldProcessCreateOrOverwrite => PerRow.ShouldProcessCreateOrOverwrite;

        internal static string ShouldProcessUpdate(string properties) => Fill(PerRow.ShouldProcessUpdate, properties);

        internal static string ShouldProcessKeyRemoved => PerRow.ShouldProcessKeyRemoved;

        internal static string ShouldProcessUpdatePlanned(string properties) => Fill(PerRow.ShouldProcessUpdatePlanned, properties);

        internal static string ShouldProcessUpdatePlannedNothing => PerRow.ShouldProcessUpdatePlannedNothing;

        internal static string ShouldProcessRemove => PerRow.ShouldProcessRemove;

        /// <summary>PowerShell's own "Performing the operation" line, for a ShouldProcess that the cmdlet answers itself (Remove -Force).</summary>
        internal static string ShouldProcessVerbose(string action, string target) => Fill(PerRow.ShouldProcessVerbose, action, target);

        internal static string ConfirmRemovalQuery(string arn) => Fill(PerRow.ConfirmRemovalQuery, arn);

        internal static string ConfirmRemovalCaption => PerRow.ConfirmRemovalCaption;

        // The calls, as the messages of their failures name them (per row: read once).
        internal static string ActionCreate => PerRow.ActionCreate;

        internal static string ActionUpdate => PerRow.ActionUpdate;

        internal static string ActionRemove => PerRow.ActionRemove;

        internal static string ActionDescribe => PerRow.ActionDescribe;

        internal static string ActionList => PerRow.ActionList;

        internal static string ActionListItem => PerRow.ActionListItem;

        internal static string AttemptListItem => PerRow.AttemptListItem;

        // -Verbose and progress.
        internal static string CommandVerbose(string command, string text) => Format(nameof(CommandVerbose), command, text);

        internal static string SessionDescription(string endpoint, string endpointSource, string region, string regionSource, string credentialSource, string retrySettings) =>
            Format(nameof(SessionDescription), endpoint, endpointSource, region, regionSource, credentialSource, retrySettings);

        internal static string CreatedVerbose(string arn, string outcome) => Fill(PerRow.CreatedVerbose, arn, outcome);

        internal static string CreateOutcomeCreated => PerRow.CreateOutcomeCreated;

        internal static string CreateOutcomeOverwritten => PerRow.CreateOutcomeOverwritten;

        internal static string CreateOutcomeCreatedOnEarlierAttempt => PerRow.CreateOutcomeCreatedOnEarlierAttempt;

        internal static string AttemptSucceeded(string operation, string item, int attempt, string requestId) => Fill(PerRow.AttemptSucceeded, operation, item, attempt, requestId);

        internal static string AttemptProfileExists(string operation, string item, string requestId) => Fill(PerRow.AttemptProfileExists, operation, item, requestId);

        internal static string AttemptFailed(string operation, string item, int attempt, string? errorCode, string? message, string requestId) =>
            Fill(PerRow.AttemptFailed, operation, item, attempt, errorCode, message, requestId);

        internal static string AttemptRequestId(string requestId) => Fill(PerRow.AttemptRequestId, requestId);

        internal static string AttemptNoRequestId => PerRow.AttemptNoRequestId;

        internal static string PlanVerbose(string command, int inputRows, int inScope, int creates, int updates, int removals, string unchanged) =>
            Format(nameof(PlanVerbose), command, inputRows, inScope, creates, updates, removals, unchanged);

        internal static string PlanVerboseUnchanged(int unchanged) => Format(nameof(PlanVerboseUnchanged), unchanged);

        // The run's count (RunTally): invariant culture, as scripts parse it; progress is due at most once a second.
        internal static string TallyProgress(int processed, int succeeded, string succeededWord, int failed, int skipped, double rate) =>
            FillInvariant(PerRow.TallyProgress, processed, succeeded, succeededWord, failed, skipped, rate);

        internal static string TallyProgressOf(int finished, int total, int succeeded, string succeededWord, int failed, int skipped, double rate) =>
            FillInvariant(PerRow.TallyProgressOf, finished, total, succeeded, succeededWord, failed, skipped, rate);

        internal static string TallySummary(string command, int items, double seconds, double rate, string succeeded, int failed, int skipped) =>
            FillInvariant(Get(nameof(TallySummary)), command, items, seconds, rate, succeeded, failed, skipped);

        internal static string TallySucceeded(int succeeded, string succeededWord) => FillInvariant(Get(nameof(TallySucceeded)), succeeded, succeededWord);

        internal static string TallySucceededOverwritten(int created, string succeededWord, int overwritten) =>
            FillInvariant(Get(nameof(TallySucceededOverwritten)), created, succeededWord, overwritten);

        internal static string ProgressDone => Get(nameof(ProgressDone));

        internal static string SucceededCreated => Get(nameof(SucceededCreated));

        internal static string SucceededUpdated => Get(nameof(SucceededUpdated));

        internal static string SucceededRemoved => Get(nameof(SucceededRemoved));

        internal static string SucceededReturned => Get(nameof(SucceededReturned));

        internal static string SucceededPlanned => Get(nameof(SucceededPlanned));

        internal static string SucceededApplied => Get(nameof(SucceededApplied));

        // Warnings of a plan.
        internal static string ScopeMatchesNothing(string scope) => Format(nameof(ScopeMatchesNothing), scope);

        internal static string EmptyInputRemovesAll(int removals) => Format(nameof(EmptyInputRemovesAll), removals);

        internal static string RemovalsWithheld(string why) => Format(nameof(RemovalsWithheld), why);

        internal static string UntrustedInvalidRow => Get(nameof(UntrustedInvalidRow));

        internal static string UntrustedOutsideScope => Get(nameof(UntrustedOutsideScope));

        internal static string UntrustedDuplicate => Get(nameof(UntrustedDuplicate));

        // Tab completion tool tips (per offer: read once).
        internal static string CompletionScopeOne(string pattern, int profiles) => Fill(PerRow.CompletionScopeOne, pattern, profiles);

        internal static string CompletionScopeMany(string pattern, int profiles) => Fill(PerRow.CompletionScopeMany, pattern, profiles);

        internal static string CompletionUserArn(string? displayName, string? emailAddress) => Fill(PerRow.CompletionUserArn, displayName, emailAddress);

        internal static string CompletionProfile(string name) => Fill(PerRow.CompletionProfile, name);

        internal static string CompletionProfileIn(string name, string location) => Fill(PerRow.CompletionProfileIn, name, location);

        private static string Fill(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);

        private static string FillInvariant(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

        /// <summary>
        /// The texts written for every row, read together the first time one is needed (in the UI culture
        /// of that moment) and kept for the process: a row only fills them in.
        /// </summary>
        private static class PerRow
        {
            internal static readonly string ShouldProcessCreate = Get(nameof(SR.ShouldProcessCreate));
            internal static readonly string ShouldProcessCreateOrOverwrite = Get(nameof(SR.ShouldProcessCreateOrOverwrite));
            internal static readonly string ShouldProcessUpdate = Get(nameof(SR.ShouldProcessUpdate));
            internal static readonly string ShouldProcessKeyRemoved = Get(nameof(SR.ShouldProcessKeyRemoved));
            internal static readonly string ShouldProcessUpdatePlanned = Get(nameof(SR.ShouldProcessUpdatePlanned));
            internal static readonly string ShouldProcessUpdatePlannedNothing = Get(nameof(SR.ShouldProcessUpdatePlannedNothing));
            internal static readonly string ShouldProcessRemove = Get(nameof(SR.ShouldProcessRemove));
            internal static readonly string ShouldProcessVerbose = Get(nameof(SR.ShouldProcessVerbose));
            internal static readonly string ConfirmRemovalQuery = Get(nameof(SR.ConfirmRemovalQuery));
            internal static readonly string ConfirmRemovalCaption = Get(nameof(SR.ConfirmRemovalCaption));
            internal static readonly string ActionCreate = Get(nameof(SR.ActionCreate));
            internal static readonly string ActionUpdate = Get(nameof(SR.ActionUpdate));
            internal static readonly string ActionRemove = Get(nameof(SR.ActionRemove));
            internal static readonly string ActionDescribe = Get(nameof(SR.ActionDescribe));
            internal static readonly string ActionList = Get(nameof(SR.ActionList));
            internal static readonly string ActionListItem = Get(nameof(SR.ActionListItem));
            internal static readonly string AttemptListItem = Get(nameof(SR.AttemptListItem));
            internal static readonly string CreatedVerbose = Get(nameof(SR.CreatedVerbose));
            internal static readonly string CreateOutcomeCreated = Get(nameof(SR.CreateOutcomeCreated));
            internal static readonly string CreateOutcomeOverwritten = Get(nameof(SR.CreateOutcomeOverwritten));
            internal static readonly string CreateOutcomeCreatedOnEarlierAttempt = Get(nameof(SR.CreateOutcomeCreatedOnEarlierAttempt));
            internal static readonly string AttemptSucceeded = Get(nameof(SR.AttemptSucceeded));
            internal static readonly string AttemptProfileExists = Get(nameof(SR.AttemptProfileExists));
            internal static readonly string AttemptFailed = Get(nameof(SR.AttemptFailed));
            internal static readonly string AttemptRequestId = Get(nameof(SR.AttemptRequestId));
            internal static readonly string AttemptNoRequestId = Get(nameof(SR.AttemptNoRequestId));
            internal static readonly string TallyProgress = Get(nameof(SR.TallyProgress));
            internal static readonly string TallyProgressOf = Get(nameof(SR.TallyProgressOf));
            internal static readonly string CompletionScopeOne = Get(nameof(SR.CompletionScopeOne));
            internal static readonly string CompletionScopeMany = Get(nameof(SR.CompletionScopeMany));
            internal static readonly string CompletionUserArn = Get(nameof(SR.CompletionUserArn));
            internal static readonly string CompletionProfile = Get(nameof(SR.CompletionProfile));
            internal static readonly string CompletionProfileIn = Get(nameof(SR.CompletionProfileIn));
        }
    }
}
