using System.Globalization;
using System.Text;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// Text as the module's views and messages show it: control characters made visible, so a stored
    /// value such as a display name holding ESC [31m cannot paint the terminal of whoever lists the
    /// profiles. C0 controls and DEL become the Unicode control pictures (U+2400 to U+2421: ESC is
    /// shown as U+241B), C1 controls as PowerShell writes them, `u{0085}. The objects keep the stored value.
    /// </summary>
    public static class VisibleText
    {
        public static string? Of(string? value)
        {
            if (value == null)
            {
                return null;
            }

            int i = 0;
            while (i < value.Length && !char.IsControl(value[i]))
            {
                i++;
            }

            if (i == value.Length)
            {
                return value;
            }

            var sb = new StringBuilder(value.Length + 8);
            sb.Append(value, 0, i);
            for (; i < value.Length; i++)
            {
                char c = value[i];
                if (c < 0x20)
                {
                    sb.Append((char)(0x2400 + c));
                }
                else if (c == 0x7F)
                {
                    sb.Append('\u2421');
                }
                else if (char.IsControl(c))
                {
                    sb.Append("`u{").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('}');
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }
    }
}
