using System;
using System.Globalization;

namespace CodeStarProfiles
{
    /// <summary>What a sync does to one profile.</summary>
    public enum ChangeAction
    {
        /// <summary>The profile is in the input but not in CodeStar.</summary>
        Create,

        /// <summary>The profile exists and differs from the input in at least one compared property.</summary>
        Update,

        /// <summary>The profile is in scope but not in the input.</summary>
        Remove,

        /// <summary>The profile exists and matches the input (only with -IncludeEqual).</summary>
        Unchanged,
    }

    /// <summary>How applying a change ended (Sync-CodeStarUserProfile), or NotApplied for a plan.</summary>
    public enum ChangeOutcome
    {
        /// <summary>A plan (Compare-CodeStarUserProfile), or a change that -WhatIf or a declined confirmation skipped.</summary>
        NotApplied,

        /// <summary>The change was made.</summary>
        Applied,

        /// <summary>The change failed; its error is in the error stream.</summary>
        Failed,

        /// <summary>The profile changed since the plan was made; nothing was sent (error StalePlanItem).</summary>
        Stale,

        /// <summary>
        /// The profile was already as the change would make it (a saved plan applied before, by an earlier run
        /// or by hand: created with these values, updated to them, removed); nothing was sent, and it is no error.
        /// </summary>
        AsPlanned,
    }

    /// <summary>One property that a change sets: its name, the value in CodeStar now, and the value wanted.</summary>
    public sealed class CodeStarPropertyChange
    {
        public CodeStarPropertyChange(string property, string? current, string? desired)
        {
            Property = property;
            Current = current;
            Desired = desired;
        }

        public string Property { get; }

        public string? Current { get; }

        public string? Desired { get; }

        // Read once: a plan's Changes column is written for every row (Format-Table, Export-Csv).
        private static readonly string KeyAdded = Resources.SR.ChangeKeyAdded;
        private static readonly string KeyRemoved = Resources.SR.ChangeKeyRemoved;
        private static readonly string KeyReplaced = Resources.SR.ChangeKeyReplaced;
        private static readonly string SetTo = Resources.SR.ChangeSetTo;
        private static readonly string ChangedFrom = Resources.SR.ChangeFromTo;

        /// <summary>The change in words, values shown with control characters made visible; keys as added, removed or replaced.</summary>
        public override string ToString()
        {
            if (Property == "SshPublicKey")
            {
                return string.IsNullOrEmpty(Current) ? KeyAdded : string.IsNullOrEmpty(Desired) ? KeyRemoved : KeyReplaced;
            }

            return Current == null
                ? string.Format(CultureInfo.CurrentCulture, SetTo, Property, Validation.VisibleText.Of(Desired))
                : string.Format(CultureInfo.CurrentCulture, ChangedFrom, Property, Validation.VisibleText.Of(Current), Validation.VisibleText.Of(Desired));
        }
    }

    /// <summary>
    /// One planned change (Compare-CodeStarUserProfile) or one applied change with its outcome
    /// (Sync-CodeStarUserProfile). Saved with Export-Clixml or ConvertTo-Json and read back, it pipes
    /// into Sync-CodeStarUserProfile by property name: Action, UserArn, the desired values (DisplayName,
    /// EmailAddress, SshPublicKey; a property absent or null is left as it is), and the state the plan
    /// was made from (CurrentLastModifiedTimestamp, or CurrentExists false for a create).
    /// </summary>
    public sealed class CodeStarUserProfileChange
    {
        public CodeStarUserProfileChange(ChangeAction action, string userArn, CodeStarPropertyChange[] changes, string? displayName, string? emailAddress, string? sshPublicKey, bool setsSshPublicKey, CodeStarUserProfile? current)
        {
            Action = action;
            UserArn = userArn;
            Changes = changes;
            DisplayName = displayName;
            EmailAddress = emailAddress;
            SshPublicKey = sshPublicKey;
            SetsSshPublicKey = setsSshPublicKey;
            Current = current;
        }

        public ChangeAction Action { get; }

        public string UserArn { get; }

        /// <summary>The IAM user name from the ARN (parsed when first read: a plan of 100,000 rows makes many changes it never shows).</summary>
        public string? UserName
        {
            get
            {
                if (!_userNameParsed)
                {
                    _userName = Validation.UserArn.TryParse(UserArn)?.UserName;
                    _userNameParsed = true;
                }

                return _userName;
            }
        }

        private string? _userName;
        private bool _userNameParsed;

        /// <summary>The properties this change sets, with their current and desired values (none for Remove and Unchanged).</summary>
        public CodeStarPropertyChange[] Changes { get; }

        /// <summary>The desired display name (null: left as it is).</summary>
        public string? DisplayName { get; }

        /// <summary>The desired email address (null: left as it is).</summary>
        public string? EmailAddress { get; }

        /// <summary>The desired SSH public key when <see cref="SetsSshPublicKey"/> (empty: no key).</summary>
        public string? SshPublicKey { get; }

        /// <summary>Whether the input had an SshPublicKey column, so the key is compared and set.</summary>
        public bool SetsSshPublicKey { get; }

        /// <summary>The profile in CodeStar when the plan was made (null for Create).</summary>
        public CodeStarUserProfile? Current { get; }

        /// <summary>Whether the profile existed when the plan was made.</summary>
        public bool CurrentExists => Current != null;

        /// <summary>The profile's LastModifiedTimestamp when the plan was made; a sync refuses the change if it moved.</summary>
        public DateTime? CurrentLastModifiedTimestamp => Current?.LastModifiedTimestamp;

        /// <summary>Set by Sync-CodeStarUserProfile.</summary>
        public ChangeOutcome Outcome { get; internal set; }

        /// <summary>The profile after the change (Sync-CodeStarUserProfile; null for Remove).</summary>
        public CodeStarUserProfile? Result { get; internal set; }

        /// <summary>The names of the properties that change.</summary>
        public string ChangedProperties => string.Join(", ", Array.ConvertAll(Changes, c => c.Property));

        /// <summary>Every property that changes with its current and desired value, in one line (the table view's Changes column; a CSV column of its own).</summary>
        public string ChangeSummary => string.Join("; ", Array.ConvertAll(Changes, c => c.ToString()));

        public override string ToString() => $"{Action} {UserArn}";
    }
}
