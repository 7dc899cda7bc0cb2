using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using System.Text;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// Reads the columns of pipeline rows (a CSV row, a Get-CodeStarUserProfile result, any object) as
    /// PowerShell's parameter binder would bind them by property name to a [string] or [string[]]
    /// parameter, at a fraction of the binder's cost. The first property found by name (then alias, in
    /// order) wins, even when its value is null; names match ignoring case; a collection is not text (the
    /// binder leaves a [string] parameter unbound for it; here it is an error that says so); DBNull, as
    /// database rows carry it, is the empty string; other values convert with the invariant culture (5 is
    /// "5", a date is "01/02/2024 03:04:05"). Beyond the binder: a hashtable's keys are read as its
    /// columns; a header that matches a column only ignoring spaces, underscores and hyphens ("User Arn",
    /// "E-mail") is read when no exact spelling is there (<see cref="RowColumn.Rank"/>); and two spellings
    /// of one column with different non-empty values (UserArn and Arn) make the row an error rather than
    /// one of them being read silently.
    /// </summary>
    /// <remarks>
    /// One reader serves a command's whole run (pipeline thread only). Which property is which column is
    /// worked out from a row's property names (one enumeration) and kept for the rows that follow: a row
    /// of the same .NET type that has every property the shape reads, spelt the same, and none of the
    /// exact spellings (name or alias) the shape lacks, is read by those names, with no enumeration (every
    /// row of one CSV file is). PowerShell's enumeration copies every member of the row, a few hundred
    /// bytes to kilobytes a row, which in a bulk run doubled the module's GC pauses; a lookup by name
    /// copies nothing. A row that differs (a property missing, another spelling added, as Add-Member on
    /// some rows does) is enumerated again and gets its own shape. A loose spelling ("SSH Key") that
    /// appears only on later rows of one type is the one thing this does not see.
    /// </remarks>
    internal sealed class InputRow
    {
        private static readonly int[] None = new int[0];

        /// <summary>
        /// A row's own members only (PowerShell's internal <c>PSObject.InstanceMembers</c>: its note properties and
        /// what Add-Member gave it), or null on a PowerShell without it. See <see cref="TryReuse"/>.
        /// </summary>
        private static readonly Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>? InstanceMembersOf =
            Internal<Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>>("InstanceMembers");

        /// <summary>
        /// A row's PowerShell type names as the type table reads them (the internal <c>PSObject.InternalTypeNames</c>),
        /// or null on a PowerShell without it. Not the public <c>TypeNames</c>: reading that gives the row a copy of
        /// its own, kept in a table beside it (about 190 bytes a row for the whole run), and tells the engine's
        /// caches that its type has instance members.
        /// </summary>
        private static readonly Func<PSObject, System.Collections.ObjectModel.Collection<string>>? TypeNamesOf =
            Internal<Func<PSObject, System.Collections.ObjectModel.Collection<string>>>("InternalTypeNames");

        /// <summary>Whether this PowerShell lets rows of one shape be checked among their own members (see <see cref="TryReuse"/>); a test holds the pinned PowerShell to it.</summary>
        internal static bool ChecksOwnMembers => InstanceMembersOf != null && TypeNamesOf != null;

        private readonly List<string> _names = new List<string>();
        private readonly List<PSPropertyInfo> _properties = new List<PSPropertyInfo>();
        private readonly List<object?> _entries = new List<object?>();
        private object? _row; // the row loaded (its PSObject), or null
        private bool _loaded;
        private bool _dictionary;
        private Shape? _shape;
        private Type? _shapeType; // the .NET type of the row the shape was enumerated from; null when it was a dictionary or no row
        private string[]? _shapeTypeNames; // that row's PowerShell type names (which members the type table gives it), when it was a PSCustomObject
        private bool _reused; // the row loaded was read by the names of an earlier row's shape, not enumerated

        /// <summary>Forgets the row loaded, so the next read reads its row afresh (a new pipeline row, even the same object changed): by the shape's names, or enumerated when its shape differs.</summary>
        public void Clear()
        {
            _loaded = false;
            _row = null;
        }

        /// <summary>The column's text, or null when the row lacks it or its value is null.</summary>
        /// <exception cref="RowColumnUnreadableException">A property getter failed (a script property that throws), or the value is a list.</exception>
        public string? Text(PSObject? row, RowColumn column) => Text(row, column, out _);

        /// <summary>As <see cref="Text(PSObject, RowColumn)"/>; <paramref name="present"/> says whether the row has the column at all (whatever its value).</summary>
        /// <exception cref="RowColumnUnreadableException">The column holds a list (the binder would leave the
        /// parameter unbound, so the row would be reported as missing it; the error says what is there instead),
        /// or two of its spellings hold different values.</exception>
        public string? Text(PSObject? row, RowColumn column, out bool present)
        {
            present = TryRead(row, column, out var value);
            if (!present)
            {
                return null;
            }

            string? text = ToText(value);
            if (text == null && value != null && LanguagePrimitives.GetEnumerable(Unwrapped(value)) is IEnumerable items)
            {
                throw RowColumnUnreadableException.ListValue(column, Unwrapped(value), items);
            }

            return text;
        }

        /// <summary>
        /// The column's values for a [string[]] parameter: one for a scalar, each element of a
        /// collection (null elements stay null), null when the row lacks the column or it is null.
        /// </summary>
        public string?[]? Texts(PSObject? row, RowColumn column) => TryRead(row, column, out var value) ? TextsOf(value) : null;

        /// <summary>
        /// When the row has columns (properties, or a hashtable's keys) but none is this column: a message
        /// that says so and lists the columns it has (the first ten), so a misspelt header shows at once.
        /// Null when the row has the column, or has no columns at all (an ARN string, no row).
        /// </summary>
        public string? MissingColumn(PSObject? row, RowColumn column)
        {
            var shape = Load(row, reuse: false); // the columns of this very row, for the message
            if (shape.Names.Length == 0 || shape.Columns[column.Index].Length > 0)
            {
                return null;
            }

            const int Shown = 10;
            var shown = new List<string>();
            for (int i = 0; i < shape.Names.Length && i < Shown; i++)
            {
                shown.Add(VisibleText.Of(shape.Names[i])!);
            }

            string columns = string.Join(", ", shown) + (shape.Names.Length > Shown ? ", ..." : string.Empty);
            return SR.MissingColumn(column.Name, string.Join(", ", column.Aliases), columns); // every column has another name
        }

        /// <summary>
        /// The advice of a Missing* error from <see cref="MissingColumn"/>: how to name the column; or, when the row
        /// has one column whose name holds a ';', a tab or a '|' (a file separated by another character than the
        /// comma, read with Import-Csv's default), to read it with -Delimiter.
        /// </summary>
        public string MissingColumnAdvice(PSObject? row, RowColumn column)
        {
            var names = Load(row, reuse: false).Names;
            if (names.Length == 1)
            {
                foreach (char delimiter in new[] { ';', '\t', '|' })
                {
                    if (names[0].IndexOf(delimiter) >= 0)
                    {
                        // As typed in PowerShell: a tab only in double quotes ("`t"; in single quotes it is two characters).
                        string shown = delimiter == '\t' ? SR.DelimiterTab : "'" + delimiter + "'";
                        return SR.MissingColumnAdviceDelimiter(column.Name, shown, delimiter == '\t' ? "\"`t\"" : shown);
                    }
                }
            }

            return SR.MissingColumnAdvice(column.Name);
        }

        /// <summary>A value as the binder turns it into a [string]: null for null and for collections.</summary>
        internal static string? ToText(object? value)
        {
            if (value == null)
            {
                return null;
            }

            object bare = Unwrapped(value);
            if (bare is string s)
            {
                return s;
            }

            if (bare is DBNull)
            {
                return string.Empty;
            }

            return LanguagePrimitives.GetEnumerable(bare) != null ? null : Convert(value);
        }

        /// <summary>A value as the binder turns it into a [string[]]: null for null, one text for a scalar, each element's for a collection.</summary>
        private static string?[]? TextsOf(object? value)
        {
            if (value == null)
            {
                return null;
            }

            var items = LanguagePrimitives.GetEnumerable(Unwrapped(value));
            if (items == null)
            {
                return new[] { ToText(value) };
            }

            var texts = new List<string?>();
            foreach (var item in items)
            {
                texts.Add(ItemText(item));
            }

            return texts.ToArray();
        }

        private static string? ItemText(object? item) => item == null ? null : ToText(item) ?? Convert(item);

        private static string Convert(object value) =>
            (string)LanguagePrimitives.ConvertTo(value, typeof(string), CultureInfo.InvariantCulture);

        private static object Unwrapped(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        /// <summary>
        /// The column's raw value, from the best-ranked of its spellings that the row has; false when it has
        /// none. When another spelling is there too, its value must agree (or one of them be empty).
        /// </summary>
        private bool TryRead(PSObject? row, RowColumn column, out object? value)
        {
            var candidates = Load(row).Columns[column.Index];
            if (candidates.Length == 0)
            {
                value = null;
                return false;
            }

            value = ValueAt(candidates[0], column);
            if (candidates.Length > 1)
            {
                CheckAgree(column, candidates, value);
            }

            return true;
        }

        /// <summary>Two spellings of one column with different non-empty values: the row is bad, whichever was meant.</summary>
        private void CheckAgree(RowColumn column, int[] candidates, object? first)
        {
            int kept = candidates[0];
            string? keptKey = Comparable(first);
            for (int i = 1; i < candidates.Length; i++)
            {
                object? other = ValueAt(candidates[i], column);
                string? otherKey = Comparable(other);
                if (otherKey == null)
                {
                    continue;
                }

                if (keptKey == null)
                {
                    kept = candidates[i]; // the first non-empty one, to compare the others with
                    keptKey = otherKey;
                    first = other;
                }
                else if (!string.Equals(keptKey, otherKey, StringComparison.Ordinal))
                {
                    throw RowColumnUnreadableException.Conflict(column, _names[kept], Shown(first), _names[candidates[i]], Shown(other));
                }
            }
        }

        /// <summary>
        /// A value as compared between spellings: its texts as a [string[]] parameter takes them (so 5 and "5"
        /// agree); null when it is empty: null, "", DBNull, an empty list, a list of one null or "".
        /// </summary>
        private static string? Comparable(object? value)
        {
            var texts = TextsOf(value);
            if (texts == null || texts.Length == 0 || (texts.Length == 1 && string.IsNullOrEmpty(texts[0])))
            {
                return null;
            }

            var sb = new StringBuilder();
            foreach (var text in texts)
            {
                sb.Append(text ?? "\u0002").Append('\u0000');
            }

            return sb.ToString();
        }

        /// <summary>A value as a message shows it: its text cut short, or a list's items.</summary>
        private static string Shown(object? value)
        {
            string? text = ToText(value);
            if (text == null && value != null && LanguagePrimitives.GetEnumerable(Unwrapped(value)) is IEnumerable items)
            {
                var parts = new List<string>();
                foreach (var item in items)
                {
                    parts.Add(ItemText(item) ?? "$null");
                }

                text = string.Join(", ", parts);
            }

            return ProfileValidator.Show(text!); // a value in a conflict is not empty
        }

        private object? ValueAt(int index, RowColumn column)
        {
            if (_dictionary)
            {
                return _entries[index];
            }

            var property = _properties[index];
            try
            {
                return property.Value;
            }
            catch (ExtendedTypeSystemException e) // GetValueException (a script property that throws) is one
            {
                throw new RowColumnUnreadableException(column, property.Name, e);
            }
        }

        /// <summary>
        /// The row's columns, enumerated once per row: its properties, or, for a hashtable or other
        /// dictionary (<c>@{ UserArn = ...; DisplayName = ... } | New-CodeStarUserProfile</c>), its string keys,
        /// which the binder would not read. An ARN string (or no row) has none.
        /// </summary>
        private Shape Load(PSObject? row, bool reuse = true)
        {
            if (_loaded && ReferenceEquals(row, _row) && (reuse || !_reused))
            {
                return _shape!;
            }

            if (reuse && row != null && _shape != null && _shapeType != null && row.BaseObject.GetType() == _shapeType && TryReuse(row, _shape))
            {
                _row = row;
                _loaded = true;
                _reused = true;
                return _shape;
            }

            _reused = false;

            _names.Clear();
            _properties.Clear();
            _entries.Clear();
            _dictionary = false;
            if (row != null && !(row.BaseObject is string))
            {
                if (row.BaseObject is IDictionary dictionary)
                {
                    _dictionary = true;
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Key is string key)
                        {
                            _names.Add(key);
                            _entries.Add(entry.Value);
                        }
                    }
                }
                else
                {
                    foreach (var property in row.Properties)
                    {
                        _names.Add(property.Name);
                        _properties.Add(property);
                    }
                }
            }

            if (_shape == null || !_shape.Matches(_names))
            {
                _shape = new Shape(_names);
            }

            _shapeType = row == null || _dictionary || row.BaseObject is string ? null : row.BaseObject.GetType();
            _shapeTypeNames = row != null && row.BaseObject is PSCustomObject && ChecksOwnMembers ? Copy(TypeNamesOf!(row)) : null;
            _row = row;
            _loaded = true;
            return _shape;
        }

        /// <summary>
        /// Reads a row by the names of the last shape, without enumerating it, when it has that shape as far as
        /// the columns go: every property the shape reads is there, spelt the same, and no exact spelling the
        /// shape lacks is. False (and the row is enumerated) otherwise.
        /// </summary>
        /// <remarks>
        /// Looking for a spelling a row lacks through <c>Properties[name]</c> searches its own members, then the type
        /// table's for its type names, then the adapter's for its .NET type: about 0.4 us each, eight a row of a
        /// typical CSV. A <see cref="PSCustomObject"/> row (Import-Csv's, <c>[pscustomobject]@{...}</c>) has no adapted
        /// properties, and with the same type names as the row the shape was enumerated from it has the same
        /// type-table members, none of them a lacking spelling; so only its own members can hold one, and they
        /// are searched alone. Any other row (a DataRow, an XML element, a CIM instance: one .NET type, other
        /// columns each) is searched the whole way.
        /// </remarks>
        private bool TryReuse(PSObject row, Shape shape)
        {
            if (shape.Read.Length == 0)
            {
                return false; // none of the columns: nothing to read by name (such a row is refused, with its own columns listed)
            }

            foreach (int i in shape.Read)
            {
                var property = row.Properties[shape.Names[i]];
                if (property == null || !string.Equals(property.Name, shape.Names[i], StringComparison.Ordinal))
                {
                    return false;
                }

                _properties[i] = property;
            }

            // _shapeTypeNames is set only for a PSCustomObject shape, and Load reuses a shape only for a row of its .NET type.
            var own = _shapeTypeNames != null && SameTypeNames(row, _shapeTypeNames) ? InstanceMembersOf!(row) : null;
            foreach (string spelling in shape.Absent)
            {
                if (own != null ? own[spelling] != null : row.Properties[spelling] != null)
                {
                    return false; // (a method of that name among its own members is taken for a column too: the row is only enumerated)
                }
            }

            return true;
        }

        private static string[] Copy(System.Collections.ObjectModel.Collection<string> names)
        {
            var copy = new string[names.Count];
            names.CopyTo(copy, 0);
            return copy;
        }

        private static bool SameTypeNames(PSObject row, string[] expected)
        {
            var names = TypeNamesOf!(row);
            if (names.Count != expected.Length)
            {
                return false;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                if (!string.Equals(names[i], expected[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A getter of one of PSObject's internal properties as a delegate, or null when this PowerShell has no such property of that type.</summary>
        private static T? Internal<T>(string property)
            where T : Delegate
        {
            try
            {
                var getter = typeof(PSObject).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic)?.GetGetMethod(nonPublic: true);
                var wanted = typeof(T).GetMethod("Invoke")!.ReturnType;
                if (getter == null || !wanted.IsAssignableFrom(getter.ReturnType))
                {
                    return null; // another PowerShell: every row is searched the whole way
                }

                return (T)Delegate.CreateDelegate(typeof(T), getter);
            }
            catch (Exception e) when (e is ArgumentException || e is MemberAccessException || e is AmbiguousMatchException)
            {
                return null;
            }
        }

        /// <summary>Which of a list of property names is which column, in the order they are tried.</summary>
        private sealed class Shape
        {
            public Shape(List<string> names)
            {
                Names = names.ToArray();
                Columns = new int[RowColumn.All.Count][];
                var found = new List<(int Rank, int Index)>[RowColumn.All.Count];
                for (int i = 0; i < Names.Length; i++)
                {
                    foreach (var column in RowColumn.All)
                    {
                        int rank = column.Rank(Names[i]);
                        if (rank != RowColumn.NoMatch)
                        {
                            (found[column.Index] ??= new List<(int, int)>()).Add((rank, i));
                            break; // a header is a spelling of one column at most
                        }
                    }
                }

                for (int c = 0; c < Columns.Length; c++)
                {
                    var list = found[c];
                    if (list == null)
                    {
                        Columns[c] = None;
                        continue;
                    }

                    list.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Index.CompareTo(b.Index));
                    Columns[c] = list.ConvertAll(x => x.Index).ToArray();
                }

                var read = new List<int>();
                foreach (var candidates in Columns)
                {
                    read.AddRange(candidates);
                }

                Read = read.ToArray();
                var absent = new List<string>();
                foreach (var column in RowColumn.All)
                {
                    foreach (var spelling in column.Spellings)
                    {
                        if (!Array.Exists(Names, n => string.Equals(n, spelling, StringComparison.OrdinalIgnoreCase)))
                        {
                            absent.Add(spelling);
                        }
                    }
                }

                Absent = absent.ToArray();
            }

            /// <summary>The indexes of the properties that spell a column: what a row of this shape is read by.</summary>
            public int[] Read { get; }

            /// <summary>The exact spellings (names and aliases) no property of this shape has: a row that has one is of another shape.</summary>
            public string[] Absent { get; }

            /// <summary>The row's property names, in its order.</summary>
            public string[] Names { get; }

            /// <summary>For each column (by <see cref="RowColumn.Index"/>), the indexes of the properties that spell it, best first.</summary>
            public int[][] Columns { get; }

            /// <summary>Whether a row with these names has this shape (the same names in the same order: the rows of one CSV file share theirs).</summary>
            public bool Matches(List<string> names)
            {
                if (names.Count != Names.Length)
                {
                    return false;
                }

                for (int i = 0; i < Names.Length; i++)
                {
                    if (!string.Equals(names[i], Names[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
