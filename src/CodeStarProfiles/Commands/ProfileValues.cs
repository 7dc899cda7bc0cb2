namespace CodeStarProfiles.Commands
{
    /// <summary>A row's values once checked: its error target (the row itself), and the values to send (null: not given).</summary>
    internal readonly struct ProfileValues
    {
        public ProfileValues(object target, string userArn, string? displayName, string? emailAddress, string? sshPublicKey, bool keyGiven)
        {
            KeyGiven = keyGiven;
            Target = target;
            UserArn = userArn;
            DisplayName = displayName;
            EmailAddress = emailAddress;
            SshPublicKey = sshPublicKey;
        }

        public object Target { get; }

        public string UserArn { get; }

        public string? DisplayName { get; }

        public string? EmailAddress { get; }

        /// <summary>The key to send: null when none was given, "" to remove it (Set -SshPublicKey '').</summary>
        public string? SshPublicKey { get; }

        /// <summary>Whether a key was typed or the row has a key column (an empty cell too): only then does a sync compare keys.</summary>
        public bool KeyGiven { get; }
    }
}
