using System;

namespace CodeStarProfiles
{
    /// <summary>
    /// What New-CodeStarUserProfile writes: the profile as the service stored it, and its Outcome,
    /// "Created" or "Overwritten" (-Force over a profile that existed). A profile in every other
    /// respect (its views, Export-Csv's columns plus Outcome, Set-'s input). A property of the type
    /// rather than a note property added to each object: PowerShell keeps the note properties of a
    /// wrapped .NET object in a weak table, one GC handle per object, which in a bulk run cost about
    /// three times the allocation of the object and five times its GC pauses.
    /// </summary>
    public sealed class NewCodeStarUserProfileResult : CodeStarUserProfile
    {
        public NewCodeStarUserProfileResult(string userArn, string? displayName, string? emailAddress, string? sshPublicKey, DateTime? createdTimestamp, DateTime? lastModifiedTimestamp, bool overwritten)
            : base(userArn, displayName, emailAddress, sshPublicKey, createdTimestamp, lastModifiedTimestamp)
        {
            Overwritten = overwritten;
        }

        /// <summary>"Created", or "Overwritten" when -Force wrote over a profile that existed.</summary>
        public string Outcome => Overwritten ? "Overwritten" : "Created";

        internal bool Overwritten { get; }
    }
}
