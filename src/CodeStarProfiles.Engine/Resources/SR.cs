using System;
using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("en-US")]

namespace CodeStarProfiles.Engine.Resources
{
    /// <summary>
    /// The Engine's user-facing strings (Strings.resx), in the module's pattern (its SR.cs): one typed
    /// accessor per resource, named as the resource key; the advice of a message is keyed by the
    /// message's key and "Advice". Nothing here is read per row: these texts are for a command's
    /// connection (once) and for a call that failed. ResourceTableTests checks the accessors, the
    /// resources and the call sites against each other.
    /// </summary>
    internal static class SR
    {
        private static readonly ResourceManager Resources = new ResourceManager("CodeStarProfiles.Engine.Resources.Strings", typeof(SR).Assembly);

        /// <summary>The string with that key; a missing key is a defect of this assembly, so it throws.</summary>
        internal static string Get(string key) =>
            Resources.GetString(key, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"The resource '{key}' is missing from CodeStarProfiles.Engine.Resources.Strings.");

        /// <summary>The format string with that key, filled in.</summary>
        internal static string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(key), args);

        // Why nothing can be sent (CodeStarConfigurationException), each message with its advice.
        internal static string SettingAdvice => Get(nameof(SettingAdvice));

        internal static string ProfileNotFound(string profile, string lookedIn) => Format(nameof(ProfileNotFound), profile, lookedIn);

        internal static string ProfileNotFoundAdvice => Get(nameof(ProfileNotFoundAdvice));

        internal static string AwsProfileNotFound(string profile, string lookedIn) => Format(nameof(AwsProfileNotFound), profile, lookedIn);

        internal static string AwsProfileNotFoundAdvice => Get(nameof(AwsProfileNotFoundAdvice));

        internal static string NoRegion => Get(nameof(NoRegion));

        internal static string NoRegionAdvice => Get(nameof(NoRegionAdvice));

        internal static string InvalidRegion(string value, string source) => Format(nameof(InvalidRegion), value, source);

        internal static string InvalidRegionAdvice(string source) => Format(nameof(InvalidRegionAdvice), source);

        internal static string InvalidEndpoint(string value, string source) => Format(nameof(InvalidEndpoint), value, source);

        internal static string InvalidEndpointAdvice(string source) => Format(nameof(InvalidEndpointAdvice), source);

        internal static string KeysIncomplete => Get(nameof(KeysIncomplete));

        internal static string KeysIncompleteAdvice => Get(nameof(KeysIncompleteAdvice));

        internal static string NoCredentials => Get(nameof(NoCredentials));

        internal static string NoCredentialsAdvice => Get(nameof(NoCredentialsAdvice));

        internal static string MfaProfile(string profile, string roleArn) => Format(nameof(MfaProfile), profile, roleArn);

        internal static string MfaProfileAdvice => Get(nameof(MfaProfileAdvice));

        internal static string SourceProfileLoop(string profile) => Format(nameof(SourceProfileLoop), profile);

        internal static string SourceProfileLoopAdvice => Get(nameof(SourceProfileLoopAdvice));

        internal static string SourceProfileNotFound(string profile, string sourceProfile, string lookedIn) => Format(nameof(SourceProfileNotFound), profile, sourceProfile, lookedIn);

        internal static string SourceProfileNotFoundAdvice(string sourceProfile, string profile) => Format(nameof(SourceProfileNotFoundAdvice), sourceProfile, profile);

        internal static string ProfileNoCredentials(string profile) => Format(nameof(ProfileNoCredentials), profile);

        internal static string ProfileNoCredentialsAdvice => Get(nameof(ProfileNoCredentialsAdvice));

        internal static string CredentialsFailed(string source, string what) => Format(nameof(CredentialsFailed), source, what);

        internal static string CredentialsUnreachable(string message) => Format(nameof(CredentialsUnreachable), message);

        internal static string CredentialsServiceError(string message, string errorCode, string requestIdPart) => Format(nameof(CredentialsServiceError), message, errorCode, requestIdPart);

        internal static string CredentialsRequestId(string requestId) => Format(nameof(CredentialsRequestId), requestId);

        internal static string CredentialsFailedAdviceRole => Get(nameof(CredentialsFailedAdviceRole));

        internal static string CredentialsFailedAdviceProcess => Get(nameof(CredentialsFailedAdviceProcess));

        internal static string CredentialsFailedAdviceSso(string profile) => Format(nameof(CredentialsFailedAdviceSso), profile);

        internal static string CredentialsFailedAdvice => Get(nameof(CredentialsFailedAdvice));

        internal static string ProfilesUnreadable(string lookedIn, string message) => Format(nameof(ProfilesUnreadable), lookedIn, message);

        internal static string ProfilesUnreadableAdvice => Get(nameof(ProfilesUnreadableAdvice));

        internal static string ProfilesLineNotShown => Get(nameof(ProfilesLineNotShown));

        internal static string ProfilesMessageNotShown => Get(nameof(ProfilesMessageNotShown));

        internal static string ProfileLocationMissing(string path) => Format(nameof(ProfileLocationMissing), path);

        internal static string ProfileLocationMissingAdvice => Get(nameof(ProfileLocationMissingAdvice));

        internal static string SettingsUnusable(string message) => Format(nameof(SettingsUnusable), message);

        internal static string SettingsUnusableAdvice => Get(nameof(SettingsUnusableAdvice));

        internal static string ThrottleWaitInvalid(string value) => Format(nameof(ThrottleWaitInvalid), value);

        // Where a setting came from.
        internal static string SourceProfile(string profile) => Format(nameof(SourceProfile), profile);

        internal static string SourceProfileIn(string profile, string location) => Format(nameof(SourceProfileIn), profile, location);

        internal static string SourceKeys => Get(nameof(SourceKeys));

        internal static string SourceEnvironmentKeys => Get(nameof(SourceEnvironmentKeys));

        internal static string SourceDefaultChain => Get(nameof(SourceDefaultChain));

        internal static string SourceRole(string source, string roleArn, string stsEndpoint) => Format(nameof(SourceRole), source, roleArn, stsEndpoint);

        internal static string SourceStsEndpoint(string url, string source) => Format(nameof(SourceStsEndpoint), url, source);

        internal static string SourceStsInRegion(string region) => Format(nameof(SourceStsInRegion), region);

        internal static string SourceSts => Get(nameof(SourceSts));

        internal static string SourceInstanceMetadata => Get(nameof(SourceInstanceMetadata));

        internal static string SourceNowhere => Get(nameof(SourceNowhere));

        internal static string SourceRegionalEndpoint => Get(nameof(SourceRegionalEndpoint));

        internal static string SourceEndpointUrlOfProfile(string profile) => Format(nameof(SourceEndpointUrlOfProfile), profile);

        internal static string SourceSharedFiles(string credentialsFile, string configFile) => Format(nameof(SourceSharedFiles), credentialsFile, configFile);

        // The retry settings in force, and failures of a call.
        internal static string RetryDescription(string mode, int attempts, double throttleWaitSeconds) => Format(nameof(RetryDescription), mode, attempts, throttleWaitSeconds);

        internal static string RetryDescriptionOneAttempt(string mode, int attempts, double throttleWaitSeconds) => Format(nameof(RetryDescriptionOneAttempt), mode, attempts, throttleWaitSeconds);

        internal static string EndpointUnreachable(string detail) => Format(nameof(EndpointUnreachable), detail);

        internal static string EndpointUnreachableAt(string endpoint, string source, string detail) => Format(nameof(EndpointUnreachableAt), endpoint, source, detail);

        internal static string EndpointUnreachableRegional(string endpoint, string region, string regionSource, string detail) => Format(nameof(EndpointUnreachableRegional), endpoint, region, regionSource, detail);

        internal static string EndpointTimedOut => Get(nameof(EndpointTimedOut));

        internal static string EndpointNotCodeStar(int status, string errorCode) => Format(nameof(EndpointNotCodeStar), status, errorCode);

        internal static string NoAwsErrorCode => Get(nameof(NoAwsErrorCode));

        internal static string NoAwsError(int status) => Format(nameof(NoAwsError), status);

        internal static string OutcomeUnknown(string operation, string? errorCode, string? checkErrorCode, string checkMessage) => Format(nameof(OutcomeUnknown), operation, errorCode, checkErrorCode, checkMessage);

        // The endpoint rules.
        internal static string EndpointRuleFipsCustom => Get(nameof(EndpointRuleFipsCustom));

        internal static string EndpointRuleDualStackCustom => Get(nameof(EndpointRuleDualStackCustom));

        internal static string EndpointRuleMissingRegion => Get(nameof(EndpointRuleMissingRegion));

        internal static string EndpointRuleNoPartition(string region) => Format(nameof(EndpointRuleNoPartition), region);
    }
}
