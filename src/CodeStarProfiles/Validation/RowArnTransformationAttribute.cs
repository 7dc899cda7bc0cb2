using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// Get-CodeStarUserProfile's -UserArn, which takes ARNs and rows: reads a row's ARN as New-, Set- and
    /// Remove- read rows (<see cref="InputRow"/>: exact and loose headers, a hashtable's keys, two spellings
    /// that disagree refused), where the binder would bind the row by name, or else by value as the row's
    /// text ("@{Name=Mary; Mail=...}"), which then failed as an InvalidUserArn of that text. The ARN comes
    /// back as a string of its own that stands for the row (<see cref="RowOf"/>): the row is the target of
    /// its errors, and a row that could not be read (no ARN column, a conflict, a property that throws)
    /// carries the error it is. Strings, and objects that are not rows and have no ARN column (a date, a
    /// number), pass unchanged, to the binder as before.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class RowArnTransformationAttribute : ArgumentTransformationAttribute
    {
        // The text each row became, by reference, to the row: the binder passes that very string on inside
        // -UserArn's array. Weak, so nothing outlives the text.
        private static readonly ConditionalWeakTable<string, ReadRow> s_rows = new ConditionalWeakTable<string, ReadRow>();

        [ThreadStatic]
        private static InputRow? t_reader; // one per pipeline thread, so rows of one shape are read by name

        /// <summary>The row that <paramref name="arn"/> was read from, and its error when it could not be read; null for an ARN given as such.</summary>
        public static ReadRow? RowOf(string? arn) => arn != null && s_rows.TryGetValue(arn, out var row) ? row : null;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is object?[] items)
            {
                // -UserArn $rows, -UserArn @($arn, $row): each row read as piped, its ARNs in its place in one flat list.
                List<object?>? read = null;
                for (int i = 0; i < items.Length; i++)
                {
                    object? one = Read(items[i]);
                    if (read == null && ReferenceEquals(one, items[i]))
                    {
                        continue;
                    }

                    if (read == null)
                    {
                        read = new List<object?>(items.Length);
                        for (int j = 0; j < i; j++)
                        {
                            read.Add(items[j]);
                        }
                    }

                    if (one is string[] arns)
                    {
                        read.AddRange(arns);
                    }
                    else
                    {
                        read.Add(one);
                    }
                }

                return read == null ? inputData : read.ToArray();
            }

            return Read(inputData);
        }

        private static object? Read(object? value)
        {
            if (value == null || value is string)
            {
                return value;
            }

            var row = value as PSObject ?? PSObject.AsPSObject(value);
            object bare = row.BaseObject;
            bool isRow = bare is PSCustomObject || bare is IDictionary;
            if (bare is string || (!isRow && LanguagePrimitives.GetEnumerable(bare) != null))
            {
                return value; // an ARN, or a list of them: the binder's own
            }

            // Taken out of its slot while in use: a property getter that runs a nested Get- on this thread gets a reader of its own.
            var reader = t_reader ?? new InputRow();
            t_reader = null;
            try
            {
                return ReadWith(reader, row, value, isRow);
            }
            finally
            {
                reader.Clear(); // keeps no row alive between reads
                t_reader = reader;
            }
        }

        /// <param name="reader">A reader with no row loaded (cleared after each read).</param>
        private static object? ReadWith(InputRow reader, PSObject row, object value, bool isRow)
        {
            try
            {
                string?[]? arns = reader.Texts(row, RowColumn.UserArn); // -UserArn is a [string[]]: a list in the column is several ARNs
                if (arns == null && reader.Text(row, RowColumn.UserArn, out bool present) == null && present)
                {
                    arns = new string?[] { null }; // the column is there, but null
                }

                if (arns != null)
                {
                    var read = new ReadRow(row, null, null, null);
                    var marked = new string[Math.Max(1, arns.Length)];
                    for (int i = 0; i < marked.Length; i++)
                    {
                        marked[i] = Mark(i < arns.Length ? arns[i] ?? string.Empty : string.Empty, read); // an empty one fails as missing, the row as target
                    }

                    return marked;
                }
            }
            catch (RowColumnUnreadableException e)
            {
                return Mark(row.ToString(), new ReadRow(row, e.Column.InvalidErrorId, e.Message, null));
            }

            string? missing = isRow ? reader.MissingColumn(row, RowColumn.UserArn) : null;
            return missing == null
                ? value // no columns at all, or an object that is no row: its text may be its ARN
                : Mark(row.ToString(), new ReadRow(row, ErrorIds.MissingUserArn, missing, reader.MissingColumnAdvice(row, RowColumn.UserArn)));
        }

        private static string Mark(string text, ReadRow row)
        {
            string own = string.Copy(text); // an instance of its own, which stands for this row only
            s_rows.Add(own, row);
            return own;
        }

        /// <summary>A row an ARN was read from; with the error it is when it could not be read.</summary>
        internal sealed class ReadRow
        {
            public ReadRow(PSObject row, string? errorId, string? message, string? advice)
            {
                Row = row;
                ErrorId = errorId;
                Message = message;
                Advice = advice;
            }

            public PSObject Row { get; }

            public string? ErrorId { get; }

            public string? Message { get; }

            public string? Advice { get; }
        }
    }
}
