using System;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles
{
    /// <summary>
    /// A CodeStar user profile. The first six properties are named as the AWS SDK's UserProfile
    /// members, so Export-Csv output imports straight back into Set-CodeStarUserProfile; the rest
    /// are derived. Listing (Get-CodeStarUserProfile without -UserArn) returns no timestamps,
    /// because ListUserProfiles does not.
    /// </summary>
    public class CodeStarUserProfile
    {
        public CodeStarUserProfile(string userArn, string? displayName = null, string? emailAddress = null, string? sshPublicKey = null, DateTime? createdTimestamp = null, DateTime? lastModifiedTimestamp = null)
        {
            UserArn = userArn;
            DisplayName = displayName;
            EmailAddress = emailAddress;
            SshPublicKey = sshPublicKey;
            CreatedTimestamp = createdTimestamp;
            LastModifiedTimestamp = lastModifiedTimestamp;
            var arn = Validation.UserArn.TryParse(userArn);
            AccountId = arn?.AccountId;
            UserName = arn?.UserName;
            Initials = Validation.Initials.From(displayName);
            SshKeyFingerprint = string.IsNullOrWhiteSpace(sshPublicKey) ? null : Validation.SshPublicKey.TryParse(sshPublicKey)?.Fingerprint;
        }

        public string UserArn { get; }

        public string? DisplayName { get; }

        public string? EmailAddress { get; }

        public string? SshPublicKey { get; }

        /// <summary>UTC; null in listings.</summary>
        public DateTime? CreatedTimestamp { get; }

        /// <summary>UTC; null in listings.</summary>
        public DateTime? LastModifiedTimestamp { get; }

        public string? AccountId { get; }

        public string? UserName { get; }

        /// <summary>The two-letter icon CodeStar shows for the user.</summary>
        public string? Initials { get; }

        /// <summary>As ssh-keygen -l prints it: SHA256:...</summary>
        public string? SshKeyFingerprint { get; }

        public override string ToString() => UserArn;
    }
}
