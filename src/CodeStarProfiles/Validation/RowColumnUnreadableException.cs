using System;
using System.Collections;
using System.Collections.Generic;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// A row's column could not be read (its getter threw, it holds a list where one value is needed, or two
    /// of its spellings hold different values): the row is bad, the others go on.
    /// </summary>
    internal sealed class RowColumnUnreadableException : Exception
    {
        public RowColumnUnreadableException(RowColumn column, string property, Exception inner)
            : base(Resources.SR.ReasonUnreadable(column.Name, property, inner.Message), inner)
        {
            Column = column;
        }

        private RowColumnUnreadableException(RowColumn column, string message)
            : base(message)
        {
            Column = column;
        }

        /// <summary>The column holds a list where one value is needed: how many values, the list's type and the first few.</summary>
        public static RowColumnUnreadableException ListValue(RowColumn column, object list, IEnumerable items)
        {
            int count = 0;
            var first = new List<string>();
            foreach (var item in items)
            {
                if (count++ < 3)
                {
                    first.Add(item == null ? "$null" : "'" + VisibleText.Of(item.ToString()) + "'");
                }
            }

            string values = first.Count == 0 ? string.Empty : ": " + string.Join(", ", first) + (count > first.Count ? ", ..." : string.Empty);
            return new RowColumnUnreadableException(column, Resources.SR.ReasonListValue(column.Name, count, TypeText(list.GetType()) + values));
        }

        /// <summary>Two headers of one column (UserArn and Arn, "Email Address" and Mail) with different non-empty values: which was meant is not for the module to guess.</summary>
        public static RowColumnUnreadableException Conflict(RowColumn column, string header, string value, string otherHeader, string otherValue) =>
            new RowColumnUnreadableException(column, Resources.SR.ReasonConflictingColumns(
                VisibleText.Of(header)!, value, VisibleText.Of(otherHeader)!, otherValue, column.Name));

        /// <summary>A type as PowerShell writes it: System.Object[], System.Collections.Generic.List[System.String].</summary>
        private static string TypeText(Type type)
        {
            if (!type.IsGenericType)
            {
                return type.FullName ?? type.Name;
            }

            string name = type.GetGenericTypeDefinition().FullName ?? type.Name;
            int tick = name.IndexOf('`');
            var arguments = new List<string>();
            foreach (var argument in type.GetGenericArguments())
            {
                arguments.Add(TypeText(argument));
            }

            return (tick < 0 ? name : name.Substring(0, tick)) + "[" + string.Join(",", arguments) + "]";
        }

        /// <summary>The column being read.</summary>
        public RowColumn Column { get; }
    }
}
