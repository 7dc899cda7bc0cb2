namespace CodeStarProfiles.Engine
{
    /// <summary>Why nothing can be sent (<see cref="CodeStarConfigurationException.Kind"/>); the module maps each to the ErrorId of the same name.</summary>
    public enum ConfigurationProblem
    {
        /// <summary>A setting was given but cannot be used (a bad region name or URL, half a key pair, an unreadable file).</summary>
        InvalidSetting,

        /// <summary>No credentials were found, or a credential source could not produce them.</summary>
        NoCredentials,

        /// <summary>No region was found anywhere.</summary>
        NoRegion,

        /// <summary>A named profile (or a source_profile) is not in the shared files.</summary>
        ProfileNotFound,
    }
}
