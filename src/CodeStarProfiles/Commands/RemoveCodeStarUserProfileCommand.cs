using System.Management.Automation;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// Remove-CodeStarUserProfile: deletes profiles (ConfirmImpact High: it asks unless -Force or
    /// -Confirm:$false; -Force never overrides -WhatIf). Deleting a profile that does not exist
    /// succeeds, as the service's DeleteUserProfile does.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CodeStarUserProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ParameterSets.UserArn)]
    [OutputType(typeof(CodeStarUserProfile))]
    public sealed class RemoveCodeStarUserProfileCommand : BulkCodeStarCmdlet
    {
        /// <summary>The ARN of the profile to delete.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.UserArn)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Row)]
        [Alias("Arn")]
        [AllowEmptyString]
        [AllowNull]
        public string? UserArn { get; set; }

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the removed profile (as it was given) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string SucceededWord => "removed";

        protected override void ProcessRecord()
        {
            Processed++;
            var target = TargetFor(InputObject, ("UserArn", UserArn));
            var problem = ProfileValidator.CheckUserArn(UserArn);
            if (problem != null)
            {
                ReportProblems(ProfileValidator.CheckAll(problem), target);
                return;
            }

            string arn = UserArn!;
            if (!ShouldProcessItem(arn, "Remove CodeStar user profile", Force.IsPresent))
            {
                return;
            }

            var output = PassThru.IsPresent ? (InputObject?.BaseObject as CodeStarUserProfile ?? new CodeStarUserProfile(arn)) : null;
            Start(target, "remove the user profile", arn, async (session, ct) =>
            {
                await session.DeleteAsync(arn, ct).ConfigureAwait(false);
                return () => Succeed(output);
            });
        }
    }
}
