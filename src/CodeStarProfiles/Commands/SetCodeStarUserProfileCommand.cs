using System.Collections.Generic;
using System.Management.Automation;
using CodeStarProfiles.Validation;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// Set-CodeStarUserProfile: changes only the values it is given (an empty value, as a CSV
    /// cell often is, means "leave as it is"; -SshPublicKey '' typed on the command line clears the
    /// key). Get- output, ARN strings and Export-Csv rows pipe straight in. A row that changes nothing
    /// is an error (NothingToChange). Rows for the same ARN are applied in input order.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CodeStarUserProfile", HelpUri = "https://github.com/codestarprofiles/CodeStarProfiles/blob/main/docs/en-US/Set-CodeStarUserProfile.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSets.UserArn)]
    [OutputType(typeof(CodeStarUserProfile))]
    public sealed class SetCodeStarUserProfileCommand : ProfileValuesCmdlet
    {
        /// <summary>The ARN(s) of the profile(s) to change.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.UserArn)]
        [Parameter(ParameterSetName = ParameterSets.InputObject)]
        [Alias("Arn")]
        [AllowEmptyString]
        [AllowNull]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(Completion.UserArnCompleter))]
        public string[]? UserArn { get; set; }

        /// <summary>A new display name.</summary>
        [Parameter]
        [Alias("Name")]
        [AllowEmptyString]
        [AllowNull]
        public string? DisplayName { get; set; }

        /// <summary>A new email address.</summary>
        [Parameter]
        [Alias("Email", "Mail")]
        [AllowEmptyString]
        [AllowNull]
        public string? EmailAddress { get; set; }

        /// <summary>Write the updated profile to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string SucceededWord => SR.SucceededUpdated;

        /// <summary>
        /// A profile read from the service (Get-CodeStarUserProfile output, or one read back from a file)
        /// names the profile to change and gives no values: they are its state when it was read, and sending
        /// them would undo any change made since (<c>Get | Set -DisplayName X</c> changes the name only).
        /// </summary>
        private protected override bool RowGivesValues =>
            !(InputObject?.BaseObject is CodeStarUserProfile) && !(InputObject?.TypeNames.Contains(DeserializedProfileType) ?? false);

        private const string DeserializedProfileType = "Deserialized.CodeStarProfiles.CodeStarUserProfile";

        protected override void ProcessRecord()
        {
            if (!TryReadArns(UserArn, out var arns))
            {
                return;
            }

            foreach (var arn in arns)
            {
                Update(arn);
            }
        }

        private void Update(string? userArn)
        {
            if (!TryTakeRow(userArn, DisplayName, EmailAddress, required: false, out var row))
            {
                return;
            }

            string arn = row.UserArn;
            string? name = row.DisplayName, email = row.EmailAddress, ssh = row.SshPublicKey;
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
                changes.Add(ssh.Length == 0 ? SR.ShouldProcessKeyRemoved : "SshPublicKey");
            }

            if (changes.Count == 0)
            {
                RejectRow(ErrorIds.NothingToChange, SR.NothingToChange(arn), row.Target,
                    SR.NothingToChangeAdvice);
                return;
            }

            bool passThru = PassThru.IsPresent;
            QueueChange(row.Target, arn, SR.ShouldProcessUpdate(string.Join(", ", changes)), force: false, SR.ActionUpdate, async (session, ct) =>
            {
                var profile = await session.UpdateAsync(arn, name, email, ssh, ct).ConfigureAwait(false);
                return () => Succeed(passThru ? profile : null);
            });
        }
    }
}
