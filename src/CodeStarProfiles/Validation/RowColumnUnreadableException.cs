using System;

namespace CodeStarProfiles.Validation
{
    /// <summary>A row's property could not be read (its getter threw): the row is bad, the others go on.</summary>
    internal sealed class RowColumnUnreadableException : Exception
    {
        public RowColumnUnreadableException(RowColumn column, string property, Exception inner)
            : base(Resources.SR.ReasonUnreadable(column.Name, property, inner.Message), inner)
        {
            Column = column;
        }

        /// <summary>The column being read.</summary>
        public RowColumn Column { get; }
    }
}
