using System.Management.Automation;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// Remove-CodeStarUserProfile: deletes profiles (ConfirmImpact High: it asks unless -Force or
    /// -Confirm:$false; -Force never overrides -WhatIf or a -Confirm that was asked for). Deleting a
    /// profile that does not exist succeeds, as the service's DeleteUserProfile does. -PassThru writes
    /// the whole profile removed: the input object when it is one (Get-CodeStarUserProfile output),
    /// otherwise the profile as it was read just before the delete.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CodeStarUserProfile", HelpUri = "https://github.com/codestarprofiles/CodeStarProfiles/blob/main/docs/en-US/Remove-CodeStarUserProfile.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ParameterSets.UserArn)]
    [OutputType(typeof(CodeStarUserProfile))]
    public sealed class RemoveCodeStarUserProfileCommand : BulkCodeStarCmdlet
    {
        /// <summary>The ARN(s) of the profile(s) to delete.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.UserArn)]
        [Parameter(ParameterSetName = ParameterSets.InputObject)]
        [Alias("Arn")]
        [AllowEmptyString]
        [AllowNull]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(Completion.UserArnCompleter))]
        public string[]? UserArn { get; set; }

        /// <summary>Delete without the confirmation prompt that ConfirmImpact High raises (-WhatIf and a requested -Confirm still apply).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the removed profile, whole, to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string SucceededWord => SR.SucceededRemoved;

        protected override void ProcessRecord()
        {
            if (!TryReadArns(UserArn, out var arns))
            {
                return;
            }

            foreach (var arn in arns)
            {
                Remove(arn);
            }
        }

        private void Remove(string? userArn)
        {
            var target = InputObject ?? TargetFor(("UserArn", userArn));
            if (!TryTakeRowArn(userArn, target))
            {
                return;
            }

            string arn = userArn!;

            // The row as it came when it is a profile (Get | Remove -PassThru | Export-Csv keeps every column);
            // otherwise (an ARN, a CSV row) the profile is read first, so -PassThru still gives all of it.
            var given = InputObject?.BaseObject is CodeStarUserProfile p && p.UserArn == arn ? InputObject : null;
            bool describeFirst = PassThru.IsPresent && given == null;
            QueueChange(target, arn, SR.ShouldProcessRemove, Force.IsPresent, SR.ActionRemove, async (session, ct) =>
            {
                CodeStarUserProfile? before = null;
                if (describeFirst)
                {
                    try
                    {
                        before = await session.DescribeAsync(arn, ct).ConfigureAwait(false);
                    }
                    catch (System.Exception e) when (ServiceSessionNotFound(e))
                    {
                        before = null; // nothing there: the delete succeeds and nothing was removed to pass on
                    }
                }

                await session.DeleteAsync(arn, ct).ConfigureAwait(false);
                object? output = PassThru.IsPresent ? (object?)given ?? before : null;
                return () => Succeed(output);
            });
        }

        /// <summary>
        /// The removal needs confirmation (ConfirmImpact High, no -Force or -Confirm:$false) and the host
        /// cannot ask (a runbook, <c>pwsh -NonInteractive</c>): the command ends with one RemovalNotConfirmed error,
        /// before this row or any after it is removed, rather than with the host's own "NonInteractive mode" error.
        /// What was confirmed before (an interactive "Yes" before input ended) is finished and counted first.
        /// </summary>
        private protected override (string ErrorId, string Message, string Advice) Unconfirmed(string action, string arn, string cannotAsk, int done) =>
            (ErrorIds.RemovalNotConfirmed,
             done == 0 ? SR.RemovalNotConfirmedNothingRemoved(arn, cannotAsk) : SR.RemovalNotConfirmedSomeRemoved(arn, cannotAsk, done),
             SR.RemovalNotConfirmedAdvice);

        private static bool ServiceSessionNotFound(System.Exception e) =>
            ServiceSession.Describe(e, string.Empty, string.Empty)?.ErrorId == ErrorIds.UserProfileNotFound;
    }
}
