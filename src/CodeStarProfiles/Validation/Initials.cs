namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// CodeStar's user icon: the first character of the display name and the first character
    /// after the first space, at most two ("Mary Major" gives "MM", "Mary Jane Major" gives "MJ",
    /// "Mary" gives "M"). Upper-cased, as the icon shows them.
    /// </summary>
    internal static class Initials
    {
        public static string? From(string? displayName)
        {
            if (string.IsNullOrWhiteSpace(displayName))
            {
                return null;
            }

            string name = displayName!.Trim();
            string first = TextElement(name, 0);
            int space = name.IndexOf(' ');
            if (space < 0)
            {
                return first.ToUpperInvariant();
            }

            int next = space + 1;
            while (next < name.Length && char.IsWhiteSpace(name[next]))
            {
                next++;
            }

            return next < name.Length ? (first + TextElement(name, next)).ToUpperInvariant() : first.ToUpperInvariant();
        }

        // A surrogate pair counts as one character.
        private static string TextElement(string s, int index) =>
            char.IsHighSurrogate(s[index]) && index + 1 < s.Length ? s.Substring(index, 2) : s.Substring(index, 1);
    }
}
