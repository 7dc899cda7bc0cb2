namespace CodeStarProfiles
{
    /// <summary>
    /// What Get-CodeStarUserProfile writes when it lists (no -UserArn): a profile as the listing gives it, with
    /// no timestamps, shown in a table without the Modified column. A type of its own rather than a type name
    /// inserted into each wrapped profile: PowerShell keeps the type names of a wrapped .NET object in a weak
    /// table beside it, one dependent GC handle per object (30,028 for a listing of 30,002 profiles held in a
    /// variable, by dotnet-dump gchandles), which every garbage collection walks while the listing lives.
    /// </summary>
    public sealed class CodeStarUserProfileListing : CodeStarUserProfile
    {
        public CodeStarUserProfileListing(CodeStarUserProfile listed)
            : base(listed.UserArn, listed.DisplayName, listed.EmailAddress, listed.SshPublicKey, listed.CreatedTimestamp, listed.LastModifiedTimestamp)
        {
        }
    }
}
