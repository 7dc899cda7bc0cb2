using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// Reads a column of a pipeline row (a CSV row, a Get-CodeStarUserProfile result, any object) as
    /// PowerShell's parameter binder would bind it by property name to a [string] or [string[]]
    /// parameter, at a fraction of the binder's cost: a property lookup per spelling, no parameter-set
    /// resolution. The first property found by name (then alias) wins, even when its value is null;
    /// names match ignoring case; a collection is not text (the binder leaves a [string] parameter
    /// unbound for it); DBNull, as database rows carry it, is the empty string; other values convert
    /// with the invariant culture (5 is "5", a date is "01/02/2024 03:04:05"). One thing more than the
    /// binder: a hashtable's keys are read as its columns.
    /// </summary>
    internal static class InputRow
    {
        /// <summary>The column's text, or null when the row lacks it or its value is null.</summary>
        /// <exception cref="RowColumnUnreadableException">A property getter failed (a script property that throws), or the value is a list.</exception>
        public static string? Text(PSObject? row, RowColumn column) => Text(row, column, out _);

        /// <summary>As <see cref="Text(PSObject, RowColumn)"/>; <paramref name="present"/> says whether the row has the column at all (whatever its value).</summary>
        /// <exception cref="RowColumnUnreadableException">The column holds a list (the binder would leave the
        /// parameter unbound, so the row would be reported as missing it; the error says what is there instead).</exception>
        public static string? Text(PSObject? row, RowColumn column, out bool present)
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
        public static string?[]? Texts(PSObject? row, RowColumn column)
        {
            if (!TryRead(row, column, out var value) || value == null)
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
                texts.Add(item == null ? null : ToText(item) ?? Convert(item));
            }

            return texts.ToArray();
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

        private static string Convert(object value) =>
            (string)LanguagePrimitives.ConvertTo(value, typeof(string), CultureInfo.InvariantCulture);

        private static object Unwrapped(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        /// <summary>
        /// The column's raw value: from a property of the row, or, for a hashtable or other dictionary
        /// (<c>@{ UserArn = ...; DisplayName = ... } | New-CodeStarUserProfile</c>), from its keys, which the
        /// binder would not read. False when the row has no such column.
        /// </summary>
        private static bool TryRead(PSObject? row, RowColumn column, out object? value)
        {
            value = null;
            if (row?.BaseObject is IDictionary dictionary)
            {
                return TryReadKey(dictionary, column.Name, out value) || TryReadAnyKey(dictionary, column.Aliases, out value);
            }

            var property = Find(row, column);
            if (property == null)
            {
                return false;
            }

            value = Value(property, column);
            return true;
        }

        private static bool TryReadAnyKey(IDictionary dictionary, string[] names, out object? value)
        {
            foreach (var name in names)
            {
                if (TryReadKey(dictionary, name, out value))
                {
                    return true;
                }
            }

            value = null;
            return false;
        }

        /// <summary>A key matched ignoring case, as PowerShell's own hashtables match them, whatever the dictionary's comparer.</summary>
        private static bool TryReadKey(IDictionary dictionary, string name, out object? value)
        {
            if (dictionary.Contains(name))
            {
                value = dictionary[name];
                return true;
            }

            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = entry.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        private static PSPropertyInfo? Find(PSObject? row, RowColumn column)
        {
            if (row == null || row.BaseObject is string)
            {
                return null;
            }

            var property = row.Properties[column.Name];
            if (property != null)
            {
                return property;
            }

            foreach (var alias in column.Aliases)
            {
                property = row.Properties[alias];
                if (property != null)
                {
                    return property;
                }
            }

            return null;
        }

        private static object? Value(PSPropertyInfo property, RowColumn column)
        {
            try
            {
                return property.Value;
            }
            catch (Exception e) when (e is GetValueException || e is ExtendedTypeSystemException)
            {
                throw new RowColumnUnreadableException(column, property.Name, e);
            }
        }
    }
}
