using System;
using System.Collections;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// Get-CodeStarUserProfile's -UserArn, which takes ARNs by value and rows by property name. A row the
    /// binder cannot bind by name (a CSV whose header says "User Arn", a hashtable, a row with no ARN column
    /// at all) it would bind by value, as the row's text ("@{Name=Mary; Mail=...}"), and the row would fail
    /// as an InvalidUserArn of that text. This reads such a row's ARN as New-, Set- and Remove- read rows
    /// (<see cref="InputRow"/>: loose headers, a hashtable's keys); a row without any ARN column becomes its
    /// text, remembered as a row so that the cmdlet can say which columns it has (<see cref="RowOf"/>).
    /// Strings, lists and rows with a property of an exact spelling (UserArn, Arn) pass unchanged, to the binder as before.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class RowArnTransformationAttribute : ArgumentTransformationAttribute
    {
        // The text that stands for a row without an ARN column, by reference, to that row: the binder passes
        // the very string on inside -UserArn's array. Weak, so nothing outlives the text.
        private static readonly ConditionalWeakTable<string, PSObject> s_rows = new ConditionalWeakTable<string, PSObject>();

        /// <summary>The row that <paramref name="arn"/> stands for when it is the text of a row without an ARN column; null otherwise.</summary>
        public static PSObject? RowOf(string? arn) => arn != null && s_rows.TryGetValue(arn, out var row) ? row : null;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (!(inputData is PSObject row) || row.BaseObject is string || (!(row.BaseObject is IDictionary) && LanguagePrimitives.GetEnumerable(row.BaseObject) != null))
            {
                return inputData; // an ARN, a list of them, or nothing: the binder's own
            }

            foreach (string spelling in RowColumn.UserArn.Spellings)
            {
                if (row.Properties[spelling] != null)
                {
                    return inputData; // the binder binds it by name
                }
            }

            var reader = new InputRow();
            try
            {
                string? arn = reader.Text(row, RowColumn.UserArn, out bool present);
                if (present)
                {
                    return arn ?? string.Empty;
                }
            }
            catch (RowColumnUnreadableException)
            {
                return inputData; // two loose spellings that disagree, a list: the binder's text, refused as it was
            }

            if (reader.MissingColumn(row, RowColumn.UserArn) == null)
            {
                return inputData; // no columns at all: an object whose text may be its ARN
            }

            string text = string.Copy(row.ToString()); // an instance of its own, which stands for this row only
            s_rows.Add(text, row);
            return text;
        }
    }
}
