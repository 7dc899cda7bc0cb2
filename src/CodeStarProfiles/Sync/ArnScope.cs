using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace CodeStarProfiles.Sync
{
    /// <summary>
    /// The profiles a sync owns: one or more ARN wildcard patterns (PowerShell's * ? [abc] [a-z],
    /// case-insensitive, as WildcardPattern matches). No pattern means the sync owns no existing
    /// profile for removal.
    /// </summary>
    internal sealed class ArnScope
    {
        private readonly List<Regex> _patterns = new List<Regex>();

        public ArnScope(IEnumerable<string>? patterns)
        {
            if (patterns == null)
            {
                return;
            }

            foreach (var p in patterns)
            {
                if (!string.IsNullOrEmpty(p))
                {
                    _patterns.Add(new Regex(ToRegex(p), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
                }
            }
        }

        /// <summary>Whether any pattern was given.</summary>
        public bool IsSet => _patterns.Count > 0;

        public bool Contains(string arn)
        {
            foreach (var r in _patterns)
            {
                if (r.IsMatch(arn))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A wildcard pattern as an anchored regex: * any run, ? one character, [..] a set, ` escapes.</summary>
        internal static string ToRegex(string pattern)
        {
            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '*': sb.Append(".*"); break;
                    case '?': sb.Append('.'); break;
                    case '`' when i + 1 < pattern.Length:
                        sb.Append(Regex.Escape(pattern[++i].ToString()));
                        break;
                    case '[':
                        int close = pattern.IndexOf(']', i + 1);
                        if (close > i + 1)
                        {
                            string set = pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\").Replace("^", "\\^");
                            sb.Append('[').Append(set).Append(']');
                            i = close;
                        }
                        else
                        {
                            sb.Append("\\[");
                        }

                        break;
                    default: sb.Append(Regex.Escape(c.ToString())); break;
                }
            }

            return sb.Append('$').ToString();
        }
    }
}
