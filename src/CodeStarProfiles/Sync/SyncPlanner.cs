using System;
using System.Collections.Generic;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Sync
{
    /// <summary>One validated input row of a sync: the values wanted for one ARN.</summary>
    internal sealed class DesiredProfile
    {
        public DesiredProfile(string userArn, string displayName, string emailAddress, string? sshPublicKey, bool hasSshPublicKey, object? row = null)
        {
            UserArn = userArn;
            DisplayName = displayName;
            EmailAddress = emailAddress;
            SshPublicKey = sshPublicKey ?? string.Empty;
            HasSshPublicKey = hasSshPublicKey;
            Row = row;
        }

        public string UserArn { get; }

        public string DisplayName { get; }

        public string EmailAddress { get; }

        /// <summary>Empty: no key (only meaningful when <see cref="HasSshPublicKey"/>).</summary>
        public string SshPublicKey { get; }

        /// <summary>Whether the input had a key column (or -SshPublicKey): only then are keys compared and set.</summary>
        public bool HasSshPublicKey { get; }

        /// <summary>The input row as it came, for errors.</summary>
        public object? Row { get; }
    }

    /// <summary>A computed plan: the changes in input order (then removals in listing order), and why removals were withheld, if they were.</summary>
    internal sealed class SyncPlan
    {
        public List<CodeStarUserProfileChange> Changes { get; } = new List<CodeStarUserProfileChange>();

        /// <summary>Profiles in CodeStar that the scope owns.</summary>
        public int InScope { get; set; }

        public int Count(ChangeAction action) => Changes.FindAll(c => c.Action == action).Count;
    }

    /// <summary>
    /// Desired state against current state, as pure logic: which profiles to create, update or
    /// remove. It never plans a change to a profile outside the scope, never plans a removal
    /// without a scope, and compares the SSH key only when the input has a key column.
    /// </summary>
    internal static class SyncPlanner
    {
        /// <param name="desired">Validated rows, one per ARN (the caller rejects duplicates).</param>
        /// <param name="current">Every profile in CodeStar (a complete listing).</param>
        /// <param name="scope">The profiles the sync owns.</param>
        /// <param name="planRemovals">False when the input is not trustworthy (a bad or duplicate row): nothing is removed.</param>
        /// <param name="includeEqual">Also list the profiles that match (Unchanged).</param>
        public static SyncPlan Plan(IReadOnlyList<DesiredProfile> desired, IEnumerable<CodeStarUserProfile> current, ArnScope scope, bool planRemovals, bool includeEqual)
        {
            var plan = new SyncPlan();
            var byArn = new Dictionary<string, CodeStarUserProfile>(StringComparer.Ordinal);
            var order = new List<CodeStarUserProfile>();
            foreach (var p in current)
            {
                if (!byArn.ContainsKey(p.UserArn))
                {
                    byArn.Add(p.UserArn, p);
                    order.Add(p);
                    if (scope.Contains(p.UserArn))
                    {
                        plan.InScope++;
                    }
                }
            }

            // A profile is not removed when the input names it in any case (IAM user names are unique ignoring case).
            var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var d in desired)
            {
                wanted.Add(d.UserArn);
                byArn.TryGetValue(d.UserArn, out var now);
                var change = Diff(d, now);
                if (change.Action != ChangeAction.Unchanged || includeEqual)
                {
                    plan.Changes.Add(change);
                }
            }

            if (scope.IsSet && planRemovals)
            {
                foreach (var p in order)
                {
                    if (!wanted.Contains(p.UserArn) && scope.Contains(p.UserArn))
                    {
                        plan.Changes.Add(Removal(p));
                    }
                }
            }

            return plan;
        }

        /// <summary>The change that takes <paramref name="current"/> (null: no profile) to <paramref name="desired"/>.</summary>
        public static CodeStarUserProfileChange Diff(DesiredProfile desired, CodeStarUserProfile? current)
        {
            var changes = new List<CodeStarPropertyChange>(3);
            Compare(changes, "DisplayName", current?.DisplayName ?? string.Empty, desired.DisplayName, current == null);
            Compare(changes, "EmailAddress", current?.EmailAddress ?? string.Empty, desired.EmailAddress, current == null);
            if (desired.HasSshPublicKey)
            {
                // Keys are sent trimmed, and no key reads back as null or empty.
                Compare(changes, "SshPublicKey", (current?.SshPublicKey ?? string.Empty).Trim(), desired.SshPublicKey.Trim(), current == null && desired.SshPublicKey.Length > 0);
            }

            var action = current == null ? ChangeAction.Create : changes.Count > 0 ? ChangeAction.Update : ChangeAction.Unchanged;
            return new CodeStarUserProfileChange(action, desired.UserArn, changes.ToArray(), desired.DisplayName, desired.EmailAddress,
                desired.HasSshPublicKey ? desired.SshPublicKey : null, desired.HasSshPublicKey, current);
        }

        public static CodeStarUserProfileChange Removal(CodeStarUserProfile current) =>
            new CodeStarUserProfileChange(ChangeAction.Remove, current.UserArn, new CodeStarPropertyChange[0], null, null, null, false, current);

        /// <summary>The most removals a plan may make by default: max(5, 10% of the profiles in scope).</summary>
        public static int DefaultRemovalLimit(int inScope) => Math.Max(5, inScope / 10);

        /// <summary>
        /// Whether the profile as it is now (<paramref name="now"/>, null when there is none) is what the change would
        /// leave: a removal's profile is gone; a create's or an update's holds every value the change sets (a key only
        /// when the change sets keys, compared as the plan compares them, trimmed).
        /// </summary>
        public static bool IsAsPlanned(CodeStarUserProfileChange change, CodeStarUserProfile? now)
        {
            switch (change.Action)
            {
                case ChangeAction.Remove:
                    return now == null;
                case ChangeAction.Create:
                case ChangeAction.Update:
                    bool setsKey = change.SetsSshPublicKey || (change.Action == ChangeAction.Create && !string.IsNullOrEmpty(change.SshPublicKey));
                    return now != null
                        && (change.DisplayName == null || string.Equals(now.DisplayName, change.DisplayName, StringComparison.Ordinal))
                        && (change.EmailAddress == null || string.Equals(now.EmailAddress, change.EmailAddress, StringComparison.Ordinal))
                        && (!setsKey || string.Equals((now.SshPublicKey ?? string.Empty).Trim(), (change.SshPublicKey ?? string.Empty).Trim(), StringComparison.Ordinal));
                default:
                    return false;
            }
        }

        /// <summary>
        /// Why a plan must be refused before anything is applied, or null when it may go ahead: more
        /// removals than the limit (<paramref name="maxRemove"/>, else the default), or any removal planned
        /// from an empty input, whatever the limit (an empty or failed export looks the same as "everyone left").
        /// </summary>
        public static string? CheckRemovals(int removals, int inScope, int inputRows, int? maxRemove)
        {
            if (removals == 0)
            {
                return null;
            }

            if (inputRows == 0)
            {
                return SR.RemovalLimitExceededEmptyInput(removals, inScope);
            }

            int limit = maxRemove ?? DefaultRemovalLimit(inScope);
            if (removals > limit)
            {
                return maxRemove.HasValue
                    ? SR.RemovalLimitExceededMaxRemove(removals, inScope, limit)
                    : SR.RemovalLimitExceeded(removals, inScope, limit);
            }

            return null;
        }

        private static void Compare(List<CodeStarPropertyChange> changes, string property, string now, string wanted, bool creating)
        {
            if (creating || !string.Equals(now, wanted, StringComparison.Ordinal))
            {
                changes.Add(new CodeStarPropertyChange(property, creating ? null : now, wanted));
            }
        }
    }
}
