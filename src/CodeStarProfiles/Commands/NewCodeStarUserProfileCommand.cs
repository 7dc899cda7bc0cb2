using System;
using System.Management.Automation;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// New-CodeStarUserProfile: creates profiles, one per pipeline row or from parameters.
    /// Each row is validated before anything is sent; a bad row is a non-terminating error
    /// and the rest go on. Rows for the same ARN are applied one after another, in input order.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CodeStarUserProfile", HelpUri = "https://github.com/codestarprofiles/CodeStarProfiles/blob/main/docs/en-US/New-CodeStarUserProfile.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSets.Parameters)]
    [OutputType(typeof(CodeStarUserProfile))]
    public sealed class NewCodeStarUserProfileCommand : BulkCodeStarCmdlet
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

        /// <summary>Create, or overwrite a profile that exists (like New-Item -Force).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string SucceededWord => "created";

        protected override void ProcessRecord()
        {
            Processed++;
            var target = TargetFor(InputObject, ("UserArn", UserArn), ("DisplayName", DisplayName), ("EmailAddress", EmailAddress), ("SshPublicKey", SshPublicKey));
            var ssh = ResolveSshPublicKey(SshPublicKey, SshPublicKeyPath, target, out bool failed);
            if (failed)
            {
                return;
            }

            var problems = ProfileValidator.CheckAll(
                ProfileValidator.CheckUserArn(UserArn),
                ProfileValidator.CheckDisplayName(DisplayName, required: true),
                ProfileValidator.CheckEmailAddress(EmailAddress, required: true),
                ProfileValidator.CheckSshPublicKey(ssh));
            if (ReportProblems(problems, target))
            {
                return;
            }

            string arn = UserArn!, name = DisplayName!, email = EmailAddress!;
            if (!ShouldProcessItem(arn, Force ? "Create or overwrite CodeStar user profile" : "Create CodeStar user profile", force: false))
            {
                return;
            }

            bool overwrite = Force.IsPresent;
            Start(target, "create the user profile", arn, async (session, ct) =>
            {
                var (profile, outcome) = await session.CreateAsync(arn, name, email, ssh, overwrite, ct).ConfigureAwait(false);
                return () =>
                {
                    if (IsVerbose)
                    {
                        WriteVerbose($"{arn}: {outcome}.");
                    }

                    // Say on each object what happened: "Created" or "Overwritten" (-Force over an existing profile).
                    bool overwritten = outcome == "overwritten";
                    if (overwritten)
                    {
                        Overwritten++;
                    }

                    var output = PSObject.AsPSObject(profile);
                    output.Properties.Add(new PSNoteProperty("Outcome", overwritten ? "Overwritten" : "Created"));
                    Succeed(output);
                };
            }, key: arn);
        }
    }
}
