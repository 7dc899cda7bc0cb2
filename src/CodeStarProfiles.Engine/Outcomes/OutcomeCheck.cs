using CodeStarProfiles.Engine.Resources;

namespace CodeStarProfiles.Engine
{
    /// <summary>What the profile the service holds says about a write whose outcome was uncertain.</summary>
    internal static class OutcomeCheck
    {
        /// <summary>The profile holds exactly the values a create sent.</summary>
        public static bool HoldsCreated(ProfileData stored, ProfileData sent) =>
            stored.DisplayName == sent.DisplayName
            && stored.EmailAddress == sent.EmailAddress
            && Ssh(stored.SshPublicKey) == Ssh(sent.SshPublicKey);

        /// <summary>The profile holds every value an update set (null: left as it was; an empty key: removed).</summary>
        public static bool HoldsUpdated(ProfileData stored, string? displayName, string? emailAddress, string? sshPublicKey) =>
            (displayName == null || stored.DisplayName == displayName)
            && (emailAddress == null || stored.EmailAddress == emailAddress)
            && (sshPublicKey == null || Ssh(stored.SshPublicKey) == Ssh(sshPublicKey));

        /// <summary>
        /// The failure to report when the check itself could not be made: the write may or may not
        /// have been carried out. Re-running the row is safe (a create with -Force writes the same
        /// values over whatever is there; an update or a removal can be repeated).
        /// </summary>
        public static CodeStarServiceException Unknown(string operation, CodeStarServiceException original, CodeStarServiceException check) =>
            new CodeStarServiceException(
                FailureKind.OutcomeUnknown,
                "OutcomeUnknown",
                SR.OutcomeUnknown(operation, original.ErrorCode, check.ErrorCode, check.Message),
                original.RequestId,
                original.StatusCode,
                original);

        private static string Ssh(string? key) => key ?? string.Empty;
    }
}
