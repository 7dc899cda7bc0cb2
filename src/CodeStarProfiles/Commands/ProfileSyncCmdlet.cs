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
    /// What Compare- and Sync-CodeStarUserProfile share: input rows that bind and validate exactly as
    /// New-CodeStarUserProfile's do, the -Scope the sync owns, a complete reading of the current state
    /// (any failure to read it ends the command before anything is planned or applied), and the plan.
    /// </summary>
    public abstract class ProfileSyncCmdlet : ProfileRowCmdlet
    {
        // IAM user names are unique whatever their case, so two rows whose ARNs differ only in case are duplicates.
        private readonly Dictionary<string, DesiredProfile> _byArn = new Dictionary<string, DesiredProfile>(StringComparer.OrdinalIgnoreCase);
        private ArnScope? _scope;
        private Task<List<CodeStarUserProfile>>? _reading;

        /// <summary>ARN wildcard patterns of the existing profiles this sync owns. Without it nothing is ever removed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ScopeCompleter))]
        public string[]? Scope { get; set; }

        /// <summary>The validated rows, one per ARN, in input order.</summary>
        internal List<DesiredProfile> Desired { get; } = new List<DesiredProfile>();

        /// <summary>Input rows read (good and bad).</summary>
        internal int InputRows { get; private set; }

        /// <summary>Why removals are withheld (a bad or duplicate row), or null.</summary>
        internal string? Untrusted { get; private set; }

        internal ArnScope ScopeMatcher => _scope ??= new ArnScope(Scope);

        /// <summary>A repeated ARN is this cmdlet's own DuplicateUserArn, in a preview as in a real run.</summary>
        private protected override bool PreviewsRepeatedArns => false;

        /// <summary>Validates the current row as New-CodeStarUserProfile does and keeps it; bad rows get their errors.</summary>
        private protected void AcceptRow()
        {
            InputRows++;
            if (!TryTakeRow(out var row))
            {
                Untrusted ??= SR.UntrustedInvalidRow;
                return;
            }

            string arn = row.UserArn;
            var target = row.Target;
            if (ScopeMatcher.IsSet && !ScopeMatcher.Contains(arn))
            {
                string message = SR.OutsideScope(VisibleText.Of(arn)!, string.Join(", ", Scope!));
                Untrusted ??= SR.UntrustedOutsideScope;
                RejectRow(ErrorIds.OutsideScope, message, target, SR.OutsideScopeAdvice);
                return;
            }

            if (_byArn.ContainsKey(arn))
            {
                Untrusted ??= SR.UntrustedDuplicate;
                string message = SR.DuplicateUserArn(VisibleText.Of(arn)!);
                RejectRow(ErrorIds.DuplicateUserArn, message, target, SR.DuplicateUserArnAdvice);
                return;
            }

            var desired = new DesiredProfile(arn, row.DisplayName!, row.EmailAddress!, row.SshPublicKey, row.KeyGiven, target);
            _byArn.Add(arn, desired);
            Desired.Add(desired);
        }

        /// <summary>
        /// Starts reading every profile as the command begins, so the listing's pages arrive while the
        /// input rows are still being bound and checked: a sync costs about the larger of the two, not
        /// their sum.
        /// </summary>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            foreach (var pattern in Scope ?? new string[0])
            {
                // A pattern that is not an IAM user ARN pattern matches nothing: every row would be refused
                // and nothing removed, so say so before anything is read.
                if (!pattern.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) || pattern.IndexOf(":user/", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    string message = SR.InvalidScope(VisibleText.Of(pattern)!);
                    ThrowTerminatingError(ErrorIds.Create(ErrorIds.InvalidScope, message, pattern, new CodeStarProfileException(message), SR.InvalidScopeAdvice));
                }
            }

            var session = Session; // connect (or fail) on the pipeline thread, before any row
            var token = Cancellation;
            _reading = Task.Run(() => ReadAllAsync(session, token));
        }

        /// <summary>Every profile in CodeStar, page by page. Any failure ends the command: a plan is never made from a partial listing.</summary>
        internal List<CodeStarUserProfile> ReadCurrentState()
        {
            try
            {
                return (_reading ?? ReadAllAsync(Session, Cancellation)).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                ThrowUnreadable(e, SR.ActionList, SR.ActionListItem);
                throw; // not reached: ThrowUnreadable ends the command
            }
        }

        private static async Task<List<CodeStarUserProfile>> ReadAllAsync(ServiceSession session, CancellationToken ct)
        {
            var all = new List<CodeStarUserProfile>();
            string? token = null;
            do
            {
                var (page, next) = await session.ListPageAsync(token, ct).ConfigureAwait(false);
                all.AddRange(page);
                token = next;
            }
            while (token != null);
            return all;
        }

        /// <summary>
        /// The plan for the rows read, from a complete listing. With <paramref name="withTimestamps"/>
        /// (a plan to save), each profile to be updated or removed is also described for its
        /// LastModifiedTimestamp, and a profile that changed in between is planned from what the
        /// describe returned; a plan applied at once (Sync with rows) needs no timestamps.
        /// </summary>
        internal SyncPlan BuildPlan(bool includeEqual, bool withTimestamps = true)
        {
            var current = ReadCurrentState();
            var plan = SyncPlanner.Plan(Desired, current, ScopeMatcher, planRemovals: Untrusted == null, includeEqual);
            if (!withTimestamps)
            {
                return plan;
            }

            var needed = new List<string>();
            foreach (var c in plan.Changes)
            {
                if (c.Action == ChangeAction.Update || c.Action == ChangeAction.Remove)
                {
                    needed.Add(c.UserArn);
                }
            }

            var described = DescribeAll(needed);
            var final = new SyncPlan { InScope = plan.InScope };
            foreach (var c in plan.Changes)
            {
                CodeStarUserProfileChange? change = c;
                if (c.Action == ChangeAction.Update || c.Action == ChangeAction.Remove)
                {
                    var now = described[c.UserArn];
                    change = c.Action == ChangeAction.Remove
                        ? (now == null ? null : SyncPlanner.Removal(now))
                        : SyncPlanner.Diff(_byArn[c.UserArn], now);
                }

                if (change != null && (change.Action != ChangeAction.Unchanged || includeEqual))
                {
                    final.Changes.Add(change);
                }
            }

            return final;
        }

        /// <summary>Describes the profiles, -ThrottleLimit at a time; null for one that does not exist. Any other failure ends the command.</summary>
        internal Dictionary<string, CodeStarUserProfile?> DescribeAll(List<string> arns)
        {
            var result = new Dictionary<string, CodeStarUserProfile?>(StringComparer.Ordinal);
            Exception? failure = null;
            string? failedArn = null;
            foreach (var arn in arns)
            {
                Start(null, SR.ActionDescribe, arn, async (session, ct) =>
                {
                    try
                    {
                        var p = await session.DescribeAsync(arn, ct).ConfigureAwait(false);
                        return () => result[arn] = p;
                    }
                    catch (Exception e) when (!(e is OperationCanceledException))
                    {
                        bool notFound = ServiceSession.Describe(e, SR.ActionDescribe, arn)?.ErrorId == ErrorIds.UserProfileNotFound;
                        return () =>
                        {
                            if (notFound)
                            {
                                result[arn] = null;
                            }
                            else if (failure == null)
                            {
                                failure = e;
                                failedArn = arn;
                            }
                        };
                    }
                });
            }

            DrainAll();
            if (failure != null)
            {
                ThrowUnreadable(failure, SR.ActionDescribe, failedArn!);
            }

            return result;
        }

        /// <summary>Writes the withheld-removals warning and the counts of a plan under -Verbose.</summary>
        internal void ReportPlan(SyncPlan plan)
        {
            if (ScopeMatcher.IsSet && plan.InScope == 0)
            {
                WriteWarning(SR.ScopeMatchesNothing(string.Join(", ", Scope!)));
            }

            if (InputRows == 0 && plan.Count(ChangeAction.Remove) > 0)
            {
                WriteWarning(SR.EmptyInputRemovesAll(plan.Count(ChangeAction.Remove)));
            }

            if (Untrusted != null && ScopeMatcher.IsSet)
            {
                WriteWarning(SR.RemovalsWithheld(Untrusted));
            }

            if (IsVerbose)
            {
                int unchanged = plan.Count(ChangeAction.Unchanged);
                WriteVerbose(SR.PlanVerbose(MyInvocation.MyCommand.Name, InputRows, plan.InScope, plan.Count(ChangeAction.Create), plan.Count(ChangeAction.Update), plan.Count(ChangeAction.Remove),
                    unchanged > 0 ? SR.PlanVerboseUnchanged(unchanged) : string.Empty));
            }
        }

        private void ThrowUnreadable(Exception e, string action, string item)
        {
            var f = ServiceSession.Describe(e, action, item);
            string reason = f?.Message ?? SR.ServiceErrorUnclassified(action, item, e.Message);
            string message = SR.CurrentStateUnreadable(reason);
            ThrowTerminatingError(ErrorIds.Create(ErrorIds.CurrentStateUnreadable, message, null, new CodeStarProfileException(message),
                f?.RecommendedAction ?? SR.CurrentStateUnreadableAdvice));
        }
    }
}
