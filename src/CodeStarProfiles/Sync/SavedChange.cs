using System;
using System.Globalization;
using System.Management.Automation;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Sync
{
    /// <summary>
    /// Reads a change object back: the live object from Compare-CodeStarUserProfile, or a saved plan
    /// deserialized by Import-Clixml or ConvertFrom-Json (enums as names or numbers, timestamps as
    /// DateTime or ISO 8601 strings).
    /// </summary>
    internal static class SavedChange
    {
        /// <summary>Whether the object is a change (it has an Action property) rather than an input row.</summary>
        public static bool IsChange(PSObject? o) => o != null && !(o.BaseObject is string) && o.Properties["Action"] != null && o.Properties["UserArn"] != null;

        /// <summary>The change, or null with <paramref name="problem"/> saying what is wrong with the object.</summary>
        public static CodeStarUserProfileChange? Read(PSObject o, out string? problem)
        {
            problem = null;
            if (o.BaseObject is CodeStarUserProfileChange live)
            {
                return live;
            }

            // Export-Csv writes an array as its type name: a plan read back with Import-Csv has lost its
            // timestamps' fractions too, and would be refused item by item as stale.
            object? changes = o.Properties["Changes"]?.Value;
            if ((changes is PSObject wrapped ? wrapped.BaseObject : changes) is string)
            {
                problem = SR.ChangeProblemFromCsv;
                return null;
            }

            string? actionText = Text(o, "Action");
            ChangeAction action;
            if (actionText != null && int.TryParse(actionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && Enum.IsDefined(typeof(ChangeAction), n))
            {
                action = (ChangeAction)n;
            }
            else if (actionText == null || !Enum.TryParse(actionText, true, out action) || !Enum.IsDefined(typeof(ChangeAction), action))
            {
                problem = SR.ChangeProblemAction(actionText);
                return null;
            }

            string arn = Text(o, "UserArn") ?? string.Empty;
            string? key = Text(o, "SshPublicKey");
            bool setsKey = Bool(o, "SetsSshPublicKey") ?? key != null;
            bool exists = Bool(o, "CurrentExists") ?? action != ChangeAction.Create;
            DateTime? modified = Time(o.Properties["CurrentLastModifiedTimestamp"]?.Value);
            if (modified == null && o.Properties["Current"]?.Value is object current)
            {
                modified = Time(PSObject.AsPSObject(current).Properties["LastModifiedTimestamp"]?.Value);
            }

            if (exists && action != ChangeAction.Create && modified == null)
            {
                problem = SR.ChangeProblemNoTimestamp;
                return null;
            }

            var now = exists ? new CodeStarUserProfile(arn, lastModifiedTimestamp: modified) : null;
            return new CodeStarUserProfileChange(action, arn, Changes(o), Text(o, "DisplayName"), Text(o, "EmailAddress"), setsKey ? key ?? string.Empty : null, setsKey, now);
        }

        /// <summary>Two timestamps are the same state when they agree to the millisecond (what JSON keeps).</summary>
        public static bool SameTime(DateTime? a, DateTime? b) =>
            a.HasValue && b.HasValue ? Math.Abs((Utc(a.Value) - Utc(b.Value)).TotalMilliseconds) < 1 : a.HasValue == b.HasValue;

        /// <summary>The property-level differences as saved (shown again in the results; what is sent comes from the desired values).</summary>
        private static CodeStarPropertyChange[] Changes(PSObject o)
        {
            var list = new System.Collections.Generic.List<CodeStarPropertyChange>();
            object? v = o.Properties["Changes"]?.Value;
            v = v is PSObject p ? p.BaseObject : v;
            if (v is System.Collections.IEnumerable items && !(v is string))
            {
                foreach (var item in items)
                {
                    var c = PSObject.AsPSObject(item);
                    string? property = Text(c, "Property");
                    if (property != null)
                    {
                        list.Add(new CodeStarPropertyChange(property, Text(c, "Current"), Text(c, "Desired")));
                    }
                }
            }

            return list.ToArray();
        }

        private static string? Text(PSObject o, string name)
        {
            object? v = o.Properties[name]?.Value;
            v = v is PSObject p ? p.BaseObject : v;
            return v?.ToString();
        }

        private static bool? Bool(PSObject o, string name)
        {
            object? v = o.Properties[name]?.Value;
            v = v is PSObject p ? p.BaseObject : v;
            return v is bool b ? b : v is string s && bool.TryParse(s, out var parsed) ? parsed : (bool?)null;
        }

        private static DateTime? Time(object? v)
        {
            v = v is PSObject p ? p.BaseObject : v;
            switch (v)
            {
                case DateTime d: return Utc(d);
                case DateTimeOffset o: return o.UtcDateTime;
                case string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed): return Utc(parsed);
                default: return null;
            }
        }

        private static DateTime Utc(DateTime d) =>
            d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d;
    }
}
