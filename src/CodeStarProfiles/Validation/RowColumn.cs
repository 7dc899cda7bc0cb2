namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// A column of an input row: the name the cmdlets' parameter has and the other spellings
    /// people use for it, tried in that order, the way PowerShell's binder tries a parameter's
    /// name and then its aliases.
    /// </summary>
    internal sealed class RowColumn
    {
        public static readonly RowColumn UserArn = new RowColumn("UserArn", "Arn");
        public static readonly RowColumn DisplayName = new RowColumn("DisplayName", "Name");
        public static readonly RowColumn EmailAddress = new RowColumn("EmailAddress", "Email", "Mail");
        public static readonly RowColumn SshPublicKey = new RowColumn("SshPublicKey", "SshKey");
        public static readonly RowColumn SshPublicKeyPath = new RowColumn("SshPublicKeyPath", "SshKeyPath");

        private RowColumn(string name, params string[] aliases)
        {
            Name = name;
            Aliases = aliases;
        }

        /// <summary>The parameter's name, which is also the column's canonical header.</summary>
        public string Name { get; }

        /// <summary>The other headers that mean the same column (the parameter's aliases).</summary>
        public string[] Aliases { get; }
    }
}
