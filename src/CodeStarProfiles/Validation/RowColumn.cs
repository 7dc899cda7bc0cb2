using CodeStarProfiles.Infrastructure;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// A column of an input row: the name the cmdlets' parameter has and the other spellings
    /// people use for it, tried in that order, the way PowerShell's binder tries a parameter's
    /// name and then its aliases.
    /// </summary>
    internal sealed class RowColumn
    {
        public static readonly RowColumn UserArn = new RowColumn("UserArn", ErrorIds.InvalidUserArn, "Arn");
        public static readonly RowColumn DisplayName = new RowColumn("DisplayName", ErrorIds.InvalidDisplayName, "Name");
        public static readonly RowColumn EmailAddress = new RowColumn("EmailAddress", ErrorIds.InvalidEmailAddress, "Email", "Mail");
        public static readonly RowColumn SshPublicKey = new RowColumn("SshPublicKey", ErrorIds.InvalidSshPublicKey, "SshKey");
        public static readonly RowColumn SshPublicKeyPath = new RowColumn("SshPublicKeyPath", ErrorIds.InvalidSshPublicKey, "SshKeyPath");

        private RowColumn(string name, string invalidErrorId, params string[] aliases)
        {
            Name = name;
            InvalidErrorId = invalidErrorId;
            Aliases = aliases;
        }

        /// <summary>The ErrorId of a row whose value in this column is not acceptable (or cannot be read at all).</summary>
        public string InvalidErrorId { get; }

        /// <summary>The parameter's name, which is also the column's canonical header.</summary>
        public string Name { get; }

        /// <summary>The other headers that mean the same column (the parameter's aliases).</summary>
        public string[] Aliases { get; }
    }
}
