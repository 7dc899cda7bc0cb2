using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;
using CodeStarProfiles.Sync;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// Sync-CodeStarUserProfile: makes CodeStar match the input. Given rows (an HR export), it plans as
    /// Compare-CodeStarUserProfile does and applies the plan; given change objects (from Compare-, or a
    /// saved plan read back with Import-Clixml or ConvertFrom-Json), it applies exactly those, refusing
    /// any whose profile changed since the plan was made (StalePlanItem). Before anything is changed it
    /// refuses a plan that removes more than -MaxRemove (default: the larger of 5 and 10% of the profiles
    /// in scope). Each change goes through ShouldProcess; removals also confirm unless -Force or
    /// -Confirm:$false. One result per change: the change with its Outcome.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "CodeStarUserProfile", HelpUri = "https://github.com/codestarprofiles/CodeStarProfiles/blob/main/docs/en-US/Sync-CodeStarUserProfile.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSets.Parameters)]
    [OutputType(typeof(CodeStarUserProfileChange))]
    public sealed class SyncCodeStarUserProfileCommand : ProfileSyncCmdlet
    {
        private readonly List<CodeStarUserProfileChange> _given = new List<CodeStarUserProfileChange>();
        private bool _sawChanges;
        private bool _yesToAll;
        private bool _noToAll;
        private int _handled; // changes of the plan handled so far (sent, skipped or refused here)
        private int _planned; // changes in the plan being applied
        private bool _previewingPlan; // -WhatIf on a saved plan: each change is only described (PreviewSavedChange)

        /// <summary>The most profiles one sync may remove (0 forbids removals). Default: the larger of 5 and 10% of the profiles in scope.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaxRemove { get; set; }

        /// <summary>Remove without asking for confirmation (for runbooks; -WhatIf still applies).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override string SucceededWord => SR.SucceededApplied;

        protected override void ProcessRecord()
        {
            if (!SavedChange.IsChange(InputObject))
            {
                AcceptRow();
                return;
            }

            Tally.Take();
            _sawChanges = true; // a plan, even if every change in it is refused below: never plan anything else
            var change = SavedChange.Read(InputObject!, out string? problem);
            problem ??= change == null ? null : Check(change);
            if (problem != null)
            {
                RejectRow(ErrorIds.InvalidChange, SR.InvalidChange(VisibleText.Of(InputObject!.Properties["UserArn"]?.Value?.ToString() ?? string.Empty)!, problem), InputObject,
                    SR.InvalidChangeAdvice);
                return;
            }

            if (ScopeMatcher.IsSet ? !ScopeMatcher.Contains(change!.UserArn) : change!.Action == ChangeAction.Remove)
            {
                string message = ScopeMatcher.IsSet
                    ? SR.OutsideScopeChange(VisibleText.Of(change.UserArn)!, string.Join(", ", Scope!))
                    : SR.OutsideScopeChangeNoScope(VisibleText.Of(change.UserArn)!);
                RejectRow(ErrorIds.OutsideScope, message, InputObject, SR.OutsideScopeChangeAdvice);
                return;
            }

            _given.Add(change!);
        }

        protected override void EndProcessing()
        {
            bool fromPlan = _sawChanges;
            if (fromPlan && InputRows > 0)
            {
                ThrowTerminatingError(ErrorIds.Create(ErrorIds.InvalidChange, SR.InvalidChangeMixed, null, null, SR.InvalidChangeMixedAdvice));
            }

            List<CodeStarUserProfileChange> changes;
            int inScope;
            if (fromPlan)
            {
                changes = _given;
                var current = ReadCurrentState();
                inScope = ScopeMatcher.IsSet ? current.FindAll(p => ScopeMatcher.Contains(p.UserArn)).Count : 0;
            }
            else
            {
                var plan = BuildPlan(includeEqual: false, withTimestamps: false); // applied at once: no staleness to check
                ReportPlan(plan);
                changes = plan.Changes;
                inScope = plan.InScope;
            }

            int removals = changes.FindAll(c => c.Action == ChangeAction.Remove).Count;
            int? limit = MyInvocation.BoundParameters.ContainsKey(nameof(MaxRemove)) ? MaxRemove : (int?)null;
            int rows = fromPlan ? changes.Count : InputRows;
            string? refused = SyncPlanner.CheckRemovals(removals, inScope, rows, limit);
            if (refused != null)
            {
                ThrowTerminatingError(ErrorIds.Create(ErrorIds.RemovalLimitExceeded, refused, null, new CodeStarProfileException(refused),
                    rows == 0 ? SR.RemovalLimitExceededEmptyInputAdvice : SR.RemovalLimitExceededAdvice));
            }

            Tally.Reset(changes.Count);
            _planned = changes.Count;
            _previewingPlan = fromPlan && WhatIfInEffect();
            foreach (var change in changes)
            {
                Apply(change, fromPlan);
            }

            base.EndProcessing();
        }

        private void Apply(CodeStarUserProfileChange change, bool fromPlan)
        {
            _handled++;
            if (change.Action == ChangeAction.Unchanged)
            {
                Tally.Skip();
                WriteObject(change);
                return;
            }

            string what = change.Action switch
            {
                ChangeAction.Create => SR.ShouldProcessCreate,
                ChangeAction.Remove => SR.ShouldProcessRemove,
                _ => change.Changes.Length > 0 ? SR.ShouldProcessUpdatePlanned(change.ChangedProperties) : SR.ShouldProcessUpdatePlannedNothing,
            };
            if (_previewingPlan)
            {
                PreviewSavedChange(change, what);
                return;
            }

            string action = change.Action == ChangeAction.Create ? SR.ActionCreate : change.Action == ChangeAction.Remove ? SR.ActionRemove : SR.ActionUpdate;
            if (!TryConfirm(() => ShouldProcessItem(change.UserArn, what, force: false), out bool confirmed, out string? cannotAsk))
            {
                FailUnconfirmed(change, action, cannotAsk!); // -Confirm (or $ConfirmPreference Low) in a host that cannot ask
                return;
            }

            if (!confirmed || (change.Action == ChangeAction.Remove && !ConfirmRemoval(change)))
            {
                if (change.Outcome != ChangeOutcome.Failed)
                {
                    WriteObject(change); // declined (NotApplied); a removal the host could not confirm was written before its error
                }

                return;
            }

            string arn = change.UserArn;
            Start(change, action, arn, async (session, ct) =>
            {
                try
                {
                    if (fromPlan && change.Action != ChangeAction.Create)
                    {
                        var (why, asPlanned, now) = await CheckSavedAsync(session, change, ct).ConfigureAwait(false);
                        if (asPlanned)
                        {
                            return () => AsPlanned(change, now, preview: false);
                        }

                        if (why != null)
                        {
                            return () => Stale(change, why);
                        }
                    }

                    CodeStarUserProfile? result = null;
                    switch (change.Action)
                    {
                        case ChangeAction.Create:
                            result = (await session.CreateAsync(arn, change.DisplayName!, change.EmailAddress!, string.IsNullOrEmpty(change.SshPublicKey) ? null : change.SshPublicKey, false, ct).ConfigureAwait(false)).Profile;
                            break;
                        case ChangeAction.Update:
                            result = await session.UpdateAsync(arn, change.DisplayName, change.EmailAddress, change.SetsSshPublicKey ? change.SshPublicKey ?? string.Empty : null, ct).ConfigureAwait(false);
                            break;
                        case ChangeAction.Remove:
                            await session.DeleteAsync(arn, ct).ConfigureAwait(false);
                            break;
                    }

                    return () =>
                    {
                        change.Outcome = ChangeOutcome.Applied;
                        change.Result = result;
                        Succeed(change);
                    };
                }
                // A create that finds the profile is this change's own case (stale); any other failure is not caught here
                // and takes the one path every command's calls take (WriteFailedItem writes the change as
                // Failed before its error): its own error; a refusal of the credentials stops the sync; an endpoint that
                // answers nothing counts toward ServiceUnreachable, so the changes after it fail fast instead of each
                // waiting for its timeouts.
                catch (Exception e) when (change.Action == ChangeAction.Create && ServiceSession.Describe(e, action, arn)?.ErrorId == ErrorIds.UserProfileAlreadyExists)
                {
                    // Created since the plan was made: by an earlier run of this plan (or by hand) with these values, or by someone else.
                    var now = await DescribeOrNullAsync(session, arn, ct).ConfigureAwait(false);
                    if (SyncPlanner.IsAsPlanned(change, now))
                    {
                        return () => AsPlanned(change, now, preview: false);
                    }

                    return () => Stale(change, SR.StaleCreated);
                }
            }, key: arn);
        }

        /// <summary>
        /// A change whose call failed outside its own handling (the refusal ended it, the service was unreachable, or
        /// the describe of a -WhatIf preview failed) is in the output as Failed, before its error, as every failed change is.
        /// </summary>
        private protected override void WriteFailedItem(object? target)
        {
            if (target is CodeStarUserProfileChange change)
            {
                change.Outcome = ChangeOutcome.Failed;
                WriteObject(change);
            }
        }

        private protected override string RefusedStopMessage(string errorCode, bool errorActionStop) =>
            (errorActionStop ? SR.CredentialsRefusedSyncErrorActionStop(errorCode, Tally.Finished, _planned, _planned - Tally.Finished) // the change being queued, if any, was not
            : _handled < _planned ? SR.CredentialsRefusedSync(errorCode, _handled, _planned, _planned - _handled)
            : SR.CredentialsRefusedSyncAllTaken(errorCode, _planned)) // refused for the last ones, after the plan was queued
            + " " + (_previewingPlan ? SR.CredentialsRefusedSyncPreviewAgain : SR.CredentialsRefusedSyncAgain); // a preview changed nothing: its plan is not stale

        /// <summary>
        /// -WhatIf on a saved plan: each item is checked against the service as applying it would check it
        /// (a describe, nothing written), so the preview shows the stale items as the errors the real run
        /// would give them, and "What if" only for the others.
        /// </summary>
        private void PreviewSavedChange(CodeStarUserProfileChange change, string what)
        {
            string arn = change.UserArn;
            Start(change, SR.ActionDescribe, arn, async (session, ct) =>
            {
                var (why, asPlanned, now) = await CheckSavedAsync(session, change, ct).ConfigureAwait(false);
                return () =>
                {
                    if (asPlanned)
                    {
                        AsPlanned(change, now, preview: true);
                        return;
                    }

                    if (why != null)
                    {
                        Stale(change, why);
                        return;
                    }

                    ShouldProcessItem(arn, what, force: false); // writes "What if: ..." and counts the item as skipped
                    WriteObject(change);
                };
            }, key: arn);
        }

        /// <summary>
        /// What a saved change finds when it is checked before it is applied: nothing (go on) when the profile is as the
        /// plan read it; that it is already as the change would leave it (AsPlanned: the plan was applied before, by an
        /// earlier run that stopped half-way or by hand); or why the change no longer applies (stale): an update or a
        /// removal whose profile was removed or modified since, a create whose profile exists by now with other values.
        /// </summary>
        private static async Task<(string? Why, bool AsPlanned, CodeStarUserProfile? Now)> CheckSavedAsync(ServiceSession session, CodeStarUserProfileChange change, CancellationToken ct)
        {
            var now = await DescribeOrNullAsync(session, change.UserArn, ct).ConfigureAwait(false);
            bool asThePlanFoundIt = change.Action == ChangeAction.Create
                ? now == null
                : now != null && SavedChange.SameTime(now.LastModifiedTimestamp, change.CurrentLastModifiedTimestamp);
            if (asThePlanFoundIt)
            {
                return (null, false, now);
            }

            if (SyncPlanner.IsAsPlanned(change, now))
            {
                return (null, true, now);
            }

            string why = change.Action == ChangeAction.Create ? SR.StaleCreated
                : now == null ? SR.StaleRemoved
                : SR.StaleModified(now.LastModifiedTimestamp, change.CurrentLastModifiedTimestamp);
            return (why, false, now);
        }

        /// <summary>The profile as it is now, or null when there is none.</summary>
        private static async Task<CodeStarUserProfile?> DescribeOrNullAsync(ServiceSession session, string arn, CancellationToken ct)
        {
            try
            {
                return await session.DescribeAsync(arn, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (ServiceSession.Describe(e, SR.ActionDescribe, arn)?.ErrorId == ErrorIds.UserProfileNotFound)
            {
                return null;
            }
        }

        /// <summary>
        /// A change the profile already holds: no error, nothing sent; in the output with Outcome AsPlanned and the profile
        /// as it is (Result), counted as done (in a -WhatIf preview, as skipped: the real run would send nothing either).
        /// </summary>
        private void AsPlanned(CodeStarUserProfileChange change, CodeStarUserProfile? now, bool preview)
        {
            change.Outcome = ChangeOutcome.AsPlanned;
            change.Result = now;
            if (IsVerbose)
            {
                WriteVerbose(SR.AsPlannedVerbose(change.Action, VisibleText.Of(change.UserArn)!));
            }

            if (preview)
            {
                Tally.Skip();
                WriteObject(change);
                ReportProgress();
                return;
            }

            Succeed(change);
        }

        private void Stale(CodeStarUserProfileChange change, string why)
        {
            change.Outcome = ChangeOutcome.Stale;
            WriteObject(change);
            string message = SR.StalePlanItem(change.Action, VisibleText.Of(change.UserArn)!, why);
            Fail(ErrorIds.StalePlanItem, message, change, new CodeStarProfileException(message), SR.StalePlanItemAdvice);
        }

        /// <summary>
        /// A change that needed a confirmation the host could not give: written as Failed (<see cref="WriteFailedItem"/>),
        /// before its error, as every failed change is (-ErrorAction Stop ends the command at the error); the sync goes on.
        /// </summary>
        private void FailUnconfirmed(CodeStarUserProfileChange change, string action, string cannotAsk)
        {
            bool removal = change.Action == ChangeAction.Remove;
            string arn = VisibleText.Of(change.UserArn)!;
            string message = removal ? SR.RemovalNotConfirmed(arn, cannotAsk) : SR.ChangeNotConfirmed(action, arn, cannotAsk);
            WriteFailedItem(change);
            Fail(removal ? ErrorIds.RemovalNotConfirmed : ErrorIds.ChangeNotConfirmed, message, change, new CodeStarProfileException(message), removal ? SR.RemovalNotConfirmedAdvice : SR.ChangeNotConfirmedAdvice);
        }

        /// <summary>Removals confirm as Remove-CodeStarUserProfile does: -Force or -Confirm:$false (or $ConfirmPreference None) skip the question.</summary>
        private bool ConfirmRemoval(CodeStarUserProfileChange change)
        {
            bool confirmOff = (MyInvocation.BoundParameters.TryGetValue("Confirm", out var c) && !((SwitchParameter)c).IsPresent)
                || (GetVariableValue("ConfirmPreference") is ActionPreference cp && cp == ActionPreference.SilentlyContinue)
                || string.Equals(GetVariableValue("ConfirmPreference")?.ToString(), "None", StringComparison.OrdinalIgnoreCase);
            if (Force || confirmOff)
            {
                return true;
            }

            if (!TryConfirm(() => ShouldContinue(SR.ConfirmRemovalQuery(VisibleText.Of(change.UserArn)!), SR.ConfirmRemovalCaption, ref _yesToAll, ref _noToAll), out bool yes, out string? cannotAsk))
            {
                FailUnconfirmed(change, SR.ActionRemove, cannotAsk!);
                return false;
            }

            if (yes)
            {
                return true;
            }

            Tally.Skip();
            return false;
        }

        private static string? Check(CodeStarUserProfileChange c)
        {
            var problem = ProfileValidator.CheckUserArn(c.UserArn)
                ?? (c.Action == ChangeAction.Create || c.Action == ChangeAction.Update ? ProfileValidator.CheckDisplayName(c.DisplayName, required: c.Action == ChangeAction.Create) : null)
                ?? (c.Action == ChangeAction.Create || c.Action == ChangeAction.Update ? ProfileValidator.CheckEmailAddress(c.EmailAddress, required: c.Action == ChangeAction.Create) : null)
                ?? (c.SetsSshPublicKey ? ProfileValidator.CheckSshPublicKey(c.SshPublicKey) : null);
            return problem?.Message.TrimEnd('.');
        }
    }
}
