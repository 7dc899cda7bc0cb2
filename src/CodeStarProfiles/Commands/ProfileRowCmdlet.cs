using System.Management.Automation;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// The cmdlets whose input is a whole profile, row by row (New, Compare, Sync): the identity and
    /// name parameters, required when typed, with the column spellings people use (typed, or read by
    /// name from each row), and the one check of a row, so that a row binds and validates the same way
    /// in all of them.
    /// </summary>
    public abstract class ProfileRowCmdlet : ProfileValuesCmdlet
    {
        /// <summary>The IAM user's ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Parameters)]
        [Parameter(ParameterSetName = ParameterSets.InputObject)]
        [Alias("Arn")]
        [AllowEmptyString]
        [AllowNull]
        public string? UserArn { get; set; }

        /// <summary>The name CodeStar shows for the user.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParameterSets.Parameters)]
        [Parameter(ParameterSetName = ParameterSets.InputObject)]
        [Alias("Name")]
        [AllowEmptyString]
        [AllowNull]
        public string? DisplayName { get; set; }

        /// <summary>The user's email address.</summary>
        [Parameter(Mandatory = true, Position = 2, ParameterSetName = ParameterSets.Parameters)]
        [Parameter(ParameterSetName = ParameterSets.InputObject)]
        [Alias("Email", "Mail")]
        [AllowEmptyString]
        [AllowNull]
        public string? EmailAddress { get; set; }

        /// <summary>Takes the current row (counts it) and checks it; false when it is bad (its error is written, with the row itself as target).</summary>
        internal bool TryTakeRow(out ProfileValues values)
        {
            string? userArn;
            try
            {
                userArn = Column(UserArn, RowColumn.UserArn);
            }
            catch (RowColumnUnreadableException e)
            {
                values = default;
                RejectUnreadableRow(e);
                return false;
            }

            return TryTakeRow(userArn, DisplayName, EmailAddress, required: true, out values);
        }
    }
}
