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
        }

        public string UserArn { get; }

        public string? DisplayName { get; }

        public string? EmailAddress { get; }

        public string? SshPublicKey { get; }

        /// <summary>UTC; null in listings.</summary>
        public DateTime? CreatedTimestamp { get; }

        /// <summary>UTC; null in listings.</summary>
        public DateTime? LastModifiedTimestamp { get; }

        public string? AccountId => Derived.AccountId;

        public string? UserName => Derived.UserName;

        /// <summary>The two-letter icon CodeStar shows for the user.</summary>
        public string? Initials => Derived.Initials;

        /// <summary>As ssh-keygen -l prints it: SHA256:...</summary>
        public string? SshKeyFingerprint => Derived.SshKeyFingerprint;

        /// <summary>
        /// The derived properties, worked out when one is first read (a view, Export-Csv, a script) rather than
        /// for every profile made: a bulk run that pipes its results to Out-Null, counts them or keeps only the
        /// ARNs never parses the ARN (a regex) or the key. Published as one reference, so a profile read from
        /// two threads at once at worst works them out twice, and each sees a complete set.
        /// </summary>
        private DerivedParts Derived => _derived ??= new DerivedParts(UserArn, DisplayName, SshPublicKey);

        private DerivedParts? _derived;

        public override string ToString() => UserArn;

        private sealed class DerivedParts
        {
            public DerivedParts(string userArn, string? displayName, string? sshPublicKey)
            {
                var arn = Validation.UserArn.TryParse(userArn);
                AccountId = arn?.AccountId;
                UserName = arn?.UserName;
                Initials = Validation.Initials.From(displayName);
                SshKeyFingerprint = string.IsNullOrWhiteSpace(sshPublicKey) ? null : Validation.SshPublicKey.TryParse(sshPublicKey)?.Fingerprint;
            }

            public string? AccountId { get; }

            public string? UserName { get; }

            public string? Initials { get; }

            public string? SshKeyFingerprint { get; }
        }
    }
}
