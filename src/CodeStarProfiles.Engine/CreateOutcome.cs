namespace CodeStarProfiles.Engine
{
    /// <summary>How a create ended.</summary>
    public enum CreateOutcome
    {
        Created,

        /// <summary>An attempt failed after the service had written the profile; the retry found it with exactly the values sent.</summary>
        CreatedOnEarlierAttempt,

        /// <summary>It existed and was overwritten (-Force).</summary>
        Overwritten,
    }
}
