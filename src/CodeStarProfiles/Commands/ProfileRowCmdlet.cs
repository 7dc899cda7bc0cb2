using System;
using System.Collections.Generic;
using System.Management.Automation;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;
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

            return TryTakeRow(userArn, DisplayName, EmailAddress, required: true, out values) && !RejectRepeatedInPreview(values);
        }

        /// <summary>
        /// Whether a -WhatIf run reports an ARN that an earlier row of the input already creates, as the real
        /// run would fail it (New without -Force: UserProfileAlreadyExists). Compare and Sync plan one change
        /// per ARN and report a repeated one themselves (DuplicateUserArn), in a preview as in a real run.
        /// </summary>
        private protected virtual bool PreviewsRepeatedArns => true;

        // The ARNs a -WhatIf run has previewed creating, and whether this run is one (decided at its first row; pipeline thread only).
        private HashSet<string>? _previewed;
        private bool? _previewing;

        /// <summary>
        /// Under -WhatIf nothing is sent, so the service cannot say that a second row for one ARN finds the
        /// profile the first created: the preview says it instead, with the error the real run gives that row.
        /// With -Force the real run overwrites, so nothing is said.
        /// </summary>
        private bool RejectRepeatedInPreview(ProfileValues row)
        {
            _previewing ??= PreviewsRepeatedArns && WhatIfInEffect()
                && !(MyInvocation.BoundParameters.TryGetValue("Force", out var force) && ((SwitchParameter)force).IsPresent);
            if (_previewing == false)
            {
                return false;
            }

            _previewed ??= new HashSet<string>(StringComparer.Ordinal); // the service tells ARNs apart by case, so the real run does
            if (_previewed.Add(row.UserArn))
            {
                return false;
            }

            string message = SR.RepeatedInPreview(VisibleText.Of(row.UserArn)!);
            RejectRow(ErrorIds.UserProfileAlreadyExists, message, row.Target, SR.RepeatedInPreviewAdvice);
            return true;
        }
    }
}
