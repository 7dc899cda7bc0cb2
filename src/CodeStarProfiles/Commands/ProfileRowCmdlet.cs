using System.Management.Automation;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// The cmdlets whose input is a whole profile, row by row (New, Compare, Sync): the value
    /// parameters with the column spellings people use (typed, or bound by name from each row), and
    /// the one check of a row, so that a row binds and validates the same way in all of them.
    /// </summary>
    public abstract class ProfileRowCmdlet : BulkCodeStarCmdlet
    {
        /// <summary>The IAM user's ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Parameters)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.InputObject)]
        [Alias("Arn")]
        [AllowEmptyString]
        [AllowNull]
        public string? UserArn { get; set; }

        /// <summary>The name CodeStar shows for the user.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParameterSets.Parameters)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.InputObject)]
        [Alias("Name")]
        [AllowEmptyString]
        [AllowNull]
        public string? DisplayName { get; set; }

        /// <summary>The user's email address.</summary>
        [Parameter(Mandatory = true, Position = 2, ParameterSetName = ParameterSets.Parameters)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.InputObject)]
        [Alias("Email", "Mail")]
        [AllowEmptyString]
        [AllowNull]
        public string? EmailAddress { get; set; }

        /// <summary>An OpenSSH public key line; empty means no key.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SshKey")]
        [AllowEmptyString]
        [AllowNull]
        public string? SshPublicKey { get; set; }

        /// <summary>A file holding the OpenSSH public key (e.g. ~/.ssh/id_ed25519.pub).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SshKeyPath")]
        [AllowEmptyString]
        [AllowNull]
        public string? SshPublicKeyPath { get; set; }

        /// <summary>
        /// Checks the current row's values against the model before anything is sent: the key (inline
        /// or from a file) and every value at once. False when the row is bad: its error is written,
        /// with the row itself as target.
        /// </summary>
        internal bool TryReadRow(out object target, out string? ssh)
        {
            target = TargetFor(InputObject, ("UserArn", UserArn), ("DisplayName", DisplayName), ("EmailAddress", EmailAddress), ("SshPublicKey", SshPublicKey));
            ssh = ResolveSshPublicKey(SshPublicKey, SshPublicKeyPath, target, out bool failed);
            if (failed)
            {
                return false;
            }

            var problems = ProfileValidator.CheckAll(
                ProfileValidator.CheckUserArn(UserArn),
                ProfileValidator.CheckDisplayName(DisplayName, required: true),
                ProfileValidator.CheckEmailAddress(EmailAddress, required: true),
                ProfileValidator.CheckSshPublicKey(ssh));
            return !ReportProblems(problems, target);
        }
    }
}
