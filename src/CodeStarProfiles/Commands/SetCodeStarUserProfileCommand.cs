using System.Collections.Generic;
using System.Management.Automation;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// Set-CodeStarUserProfile: changes only the values it is given (an empty value, as a CSV
    /// cell often is, means "leave as it is"). Get- output and Export-Csv rows pipe straight in.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CodeStarUserProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSets.Key)]
    [OutputType(typeof(CodeStarUserProfile))]
    public sealed class SetCodeStarUserProfileCommand : BulkCodeStarCmdlet
    {
        /// <summary>The ARN of the profile to change.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Key)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.KeyPath)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Row)]
        [Alias("Arn")]
        [AllowEmptyString]
        [AllowNull]
        public string? UserArn { get; set; }

        /// <summary>A new display name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [AllowEmptyString]
        [AllowNull]
        public string? DisplayName { get; set; }

        /// <summary>A new email address.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Email", "Mail")]
        [AllowEmptyString]
        [AllowNull]
        public string? EmailAddress { get; set; }

        /// <summary>A new OpenSSH public key line.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Key)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Row)]
        [Alias("SshKey")]
        [AllowEmptyString]
        [AllowNull]
        public string? SshPublicKey { get; set; }

        /// <summary>A file holding the new OpenSSH public key.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.KeyPath)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.Row)]
        [Alias("SshKeyPath")]
        [AllowEmptyString]
        [AllowNull]
        public string? SshPublicKeyPath { get; set; }

        /// <summary>Write the updated profile to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string SucceededWord => "updated";

        protected override void ProcessRecord()
        {
            Processed++;
            var target = TargetFor(InputObject, ("UserArn", UserArn), ("DisplayName", DisplayName), ("EmailAddress", EmailAddress), ("SshPublicKey", SshPublicKey));
            var ssh = ResolveSshPublicKey(SshPublicKey, SshPublicKeyPath, target, out bool failed);
            if (failed)
            {
                return;
            }

            string? name = string.IsNullOrEmpty(DisplayName) ? null : DisplayName;
            string? email = string.IsNullOrEmpty(EmailAddress) ? null : EmailAddress;
            var problems = ProfileValidator.CheckAll(
                ProfileValidator.CheckUserArn(UserArn),
                ProfileValidator.CheckDisplayName(name, required: false),
                ProfileValidator.CheckEmailAddress(email, required: false),
                ProfileValidator.CheckSshPublicKey(ssh));
            if (ReportProblems(problems, target))
            {
                return;
            }

            string arn = UserArn!;
            var changes = new List<string>(3);
            if (name != null)
            {
                changes.Add("DisplayName");
            }

            if (email != null)
            {
                changes.Add("EmailAddress");
            }

            if (ssh != null)
            {
                changes.Add("SshPublicKey");
            }

            string what = changes.Count == 0 ? "no values (only LastModifiedTimestamp moves)" : string.Join(", ", changes);
            if (!ShouldProcessItem(arn, $"Update CodeStar user profile: {what}", force: false))
            {
                return;
            }

            bool passThru = PassThru.IsPresent;
            Start(target, "update the user profile", arn, async (session, ct) =>
            {
                var profile = await session.UpdateAsync(arn, name, email, ssh, ct).ConfigureAwait(false);
                return () => Succeed(passThru ? profile : null);
            });
        }
    }
}
