using System;

namespace CodeStarProfiles.Engine
{
    /// <summary>A user profile as the service returned it (timestamps UTC; absent from listings).</summary>
    public sealed class ProfileData
    {
        public string UserArn { get; set; } = string.Empty;
        public string? DisplayName { get; set; }
        public string? EmailAddress { get; set; }
        public string? SshPublicKey { get; set; }
        public DateTime? CreatedTimestamp { get; set; }
        public DateTime? LastModifiedTimestamp { get; set; }
    }
}
