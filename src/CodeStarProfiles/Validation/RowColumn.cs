using System;
using System.Collections.Generic;
using System.Text;
using CodeStarProfiles.Infrastructure;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// A column of an input row: the name the cmdlets' parameter has and the other spellings
    /// people use for it, tried in that order, the way PowerShell's binder tries a parameter's
    /// name and then its aliases. A header also means the column when it equals one of those
    /// ignoring case, spaces, underscores and hyphens ("User Arn", "user_arn", "E-mail"): a loose
    /// match, tried only after every exact one.
    /// </summary>
    internal sealed class RowColumn
    {
        public static readonly RowColumn UserArn = new RowColumn(0, "UserArn", ErrorIds.InvalidUserArn, "Arn");
        public static readonly RowColumn DisplayName = new RowColumn(1, "DisplayName", ErrorIds.InvalidDisplayName, "Name");
        public static readonly RowColumn EmailAddress = new RowColumn(2, "EmailAddress", ErrorIds.InvalidEmailAddress, "Email", "Mail");
        public static readonly RowColumn SshPublicKey = new RowColumn(3, "SshPublicKey", ErrorIds.InvalidSshPublicKey, "SshKey");
        public static readonly RowColumn SshPublicKeyPath = new RowColumn(4, "SshPublicKeyPath", ErrorIds.InvalidSshPublicKey, "SshKeyPath");

        /// <summary>Every column, each at its <see cref="Index"/>.</summary>
        public static readonly IReadOnlyList<RowColumn> All = new[] { UserArn, DisplayName, EmailAddress, SshPublicKey, SshPublicKeyPath };

        /// <summary>A rank for a header that matches no spelling.</summary>
        public const int NoMatch = -1;

        private readonly string[] _spellings; // the name, then the aliases
        private readonly string[] _looseSpellings; // the same, without spaces, underscores and hyphens

        private RowColumn(int index, string name, string invalidErrorId, params string[] aliases)
        {
            Index = index;
            Name = name;
            InvalidErrorId = invalidErrorId;
            Aliases = aliases;
            _spellings = new string[aliases.Length + 1];
            _spellings[0] = name;
            aliases.CopyTo(_spellings, 1);
            _looseSpellings = Array.ConvertAll(_spellings, Loose);
        }

        /// <summary>The column's place in <see cref="All"/>.</summary>
        public int Index { get; }

        /// <summary>The ErrorId of a row whose value in this column is not acceptable (or cannot be read at all).</summary>
        public string InvalidErrorId { get; }

        /// <summary>The parameter's name, which is also the column's canonical header.</summary>
        public string Name { get; }

        /// <summary>The other headers that mean the same column (the parameter's aliases).</summary>
        public string[] Aliases { get; }

        /// <summary>The name, then the aliases: the spellings that match ignoring case only.</summary>
        public IReadOnlyList<string> Spellings => _spellings;

        /// <summary>
        /// How a header matches this column, lower first: the name (0), its aliases in order (1, 2, ...), all
        /// ignoring case as the binder does; then the same spellings matched loosely (ignoring case, spaces,
        /// underscores and hyphens); <see cref="NoMatch"/> when it is no spelling of the column.
        /// </summary>
        public int Rank(string header)
        {
            for (int i = 0; i < _spellings.Length; i++)
            {
                if (string.Equals(header, _spellings[i], StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            string loose = Loose(header);
            for (int i = 0; i < _looseSpellings.Length; i++)
            {
                if (string.Equals(loose, _looseSpellings[i], StringComparison.OrdinalIgnoreCase))
                {
                    return _spellings.Length + i;
                }
            }

            return NoMatch;
        }

        /// <summary>A header without its spaces (any white space), underscores and hyphens.</summary>
        internal static string Loose(string header)
        {
            int i = 0;
            while (i < header.Length && !IsIgnored(header[i]))
            {
                i++;
            }

            if (i == header.Length)
            {
                return header;
            }

            var sb = new StringBuilder(header.Length);
            sb.Append(header, 0, i);
            for (; i < header.Length; i++)
            {
                if (!IsIgnored(header[i]))
                {
                    sb.Append(header[i]);
                }
            }

            return sb.ToString();
        }

        private static bool IsIgnored(char c) => c == '_' || c == '-' || char.IsWhiteSpace(c);
    }
}
