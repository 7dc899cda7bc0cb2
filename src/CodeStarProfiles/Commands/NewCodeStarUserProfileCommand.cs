using System.Management.Automation;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// New-CodeStarUserProfile: creates profiles, one per pipeline row or from parameters.
    /// Each row is validated before anything is sent; a bad row is a non-terminating error
    /// and the rest go on. Rows for the same ARN are applied one after another, in input order.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CodeStarUserProfile", HelpUri = "https://github.com/codestarprofiles/CodeStarProfiles/blob/main/docs/en-US/New-CodeStarUserProfile.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSets.Parameters)]
    [OutputType(typeof(NewCodeStarUserProfileResult))]
    public sealed class NewCodeStarUserProfileCommand : ProfileRowCmdlet
    {
        /// <summary>Create, or overwrite a profile that exists (like New-Item -Force): its name and email, and its key when the input gives one.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override string SucceededWord => SR.SucceededCreated;

        protected override void ProcessRecord()
        {
            if (!TryTakeRow(out var row))
            {
                return;
            }

            string arn = row.UserArn, name = row.DisplayName!, email = row.EmailAddress!;
            // A key column (even an empty cell) or -SshPublicKey says what the key is to be; input without any
            // leaves an existing profile's key as it is under -Force, as Sync does, rather than removing it.
            string? ssh = row.KeyGiven ? row.SshPublicKey ?? string.Empty : null;
            bool overwrite = Force.IsPresent;
            QueueChange(row.Target, arn, overwrite ? SR.ShouldProcessCreateOrOverwrite : SR.ShouldProcessCreate, force: false, SR.ActionCreate, async (session, ct) =>
            {
                var (profile, outcome) = await session.CreateAsync(arn, name, email, ssh, overwrite, ct).ConfigureAwait(false);
                return () =>
                {
                    if (IsVerbose)
                    {
                        WriteVerbose(SR.CreatedVerbose(arn, outcome));
                    }

                    Succeed(profile, profile.Overwritten);
                };
            });
        }
    }
}
