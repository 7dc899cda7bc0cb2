using System.Management.Automation;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// Compare-CodeStarUserProfile: the plan that makes CodeStar match the input rows (an HR export):
    /// one change per ARN that differs (Create, Update, Remove; Unchanged with -IncludeEqual), with the
    /// property-level differences and the current profile's LastModifiedTimestamp. Nothing is changed.
    /// Save it (Export-Clixml, ConvertTo-Json) and apply it later with Sync-CodeStarUserProfile.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "CodeStarUserProfile", HelpUri = "https://github.com/codestarprofiles/CodeStarProfiles/blob/main/docs/en-US/Compare-CodeStarUserProfile.md", DefaultParameterSetName = ParameterSets.Parameters)]
    [OutputType(typeof(CodeStarUserProfileChange))]
    public sealed class CompareCodeStarUserProfileCommand : ProfileSyncCmdlet
    {
        /// <summary>Also emit the profiles that already match (Action Unchanged).</summary>
        [Parameter]
        public SwitchParameter IncludeEqual { get; set; }

        private protected override string SucceededWord => SR.SucceededPlanned;

        protected override void ProcessRecord() => AcceptRow();

        protected override void EndProcessing()
        {
            var plan = BuildPlan(IncludeEqual);
            ReportPlan(plan);
            foreach (var change in plan.Changes)
            {
                WriteObject(change);
            }

            Tally.Succeed(plan.Changes.Count);
            base.EndProcessing();
        }
    }
}
