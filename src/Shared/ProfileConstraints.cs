// The length and pattern constraints of the CodeStar user-profile model
// (shared/api/codestar-user-profile-model.json), written once and compiled into both the
// module and the local endpoint so that the two can never disagree.
//
// The model's patterns are Java regexes that AWS applies with Matcher.matches() (the whole
// value must match). They are translated here to .NET with the same meaning:
//   * \A(?:...)\z for whole-value matching ($ in .NET would also accept a trailing newline);
//   * Java's \w, \d and \s are ASCII-only, so they are spelled out as ASCII classes;
//   * Java's '.' excludes every line terminator (\n \r \u0085 \u2028 \u2029);
//   * [\w-.+] is a class with a literal '-', written [a-zA-Z0-9_.+-].
// RegexOptions.CultureInvariant and no IgnoreCase: "ARN:AWS:IAM::" is not an ARN.
using System.Text.RegularExpressions;

namespace CodeStarProfiles.Shared
{
    /// <summary>Which rule a value broke.</summary>
    internal enum ConstraintKind
    {
        None,
        Required,
        MinLength,
        MaxLength,
        Pattern,
        Range,
    }

    /// <summary>A string member's constraints, as the model declares them.</summary>
    internal sealed class StringConstraint
    {
        public StringConstraint(string member, int? minLength, int maxLength, string modelPattern, string dotNetPattern, string rule)
        {
            Member = member;
            MinLength = minLength;
            MaxLength = maxLength;
            ModelPattern = modelPattern;
            Pattern = new Regex(dotNetPattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
            Rule = rule;
        }

        /// <summary>The wire name of the member (camelCase, as in the model).</summary>
        public string Member { get; }

        public int? MinLength { get; }

        public int MaxLength { get; }

        /// <summary>The pattern exactly as the model writes it (used in AWS-style messages).</summary>
        public string ModelPattern { get; }

        public Regex Pattern { get; }

        /// <summary>The rule in plain words, for people.</summary>
        public string Rule { get; }

        /// <summary>
        /// A value's length as the model's min and max count it: in Unicode code points (a Smithy length trait on a
        /// string counts them, and so do botocore's checks), so an emoji, two UTF-16 units, is one character.
        /// </summary>
        public static int LengthOf(string value)
        {
            int length = value.Length;
            for (int i = 0; i < value.Length - 1; i++)
            {
                if (char.IsSurrogatePair(value[i], value[i + 1]))
                {
                    length--;
                    i++;
                }
            }

            return length;
        }

        /// <summary>The first rule the value breaks, in the order AWS checks them (length, then pattern).</summary>
        public ConstraintKind Check(string value)
        {
            int length = LengthOf(value);
            if (MinLength is int min && length < min)
            {
                return ConstraintKind.MinLength;
            }

            if (length > MaxLength)
            {
                return ConstraintKind.MaxLength;
            }

            return Pattern.IsMatch(value) ? ConstraintKind.None : ConstraintKind.Pattern;
        }

        /// <summary>Every rule the value breaks (AWS lists a length and a pattern violation together).</summary>
        public ConstraintKind[] CheckAll(string value)
        {
            var broken = new System.Collections.Generic.List<ConstraintKind>(2);
            int length = LengthOf(value);
            if (MinLength is int min && length < min)
            {
                broken.Add(ConstraintKind.MinLength);
            }

            if (length > MaxLength)
            {
                broken.Add(ConstraintKind.MaxLength);
            }

            if (!Pattern.IsMatch(value))
            {
                broken.Add(ConstraintKind.Pattern);
            }

            return broken.ToArray();
        }
    }

    internal static class ProfileConstraints
    {
        private const string JavaNonSpace = @"[^ \t\n\x0B\f\r]";
        private const string JavaDot = @"[^\n\r\u0085\u2028\u2029]";

        public static readonly StringConstraint UserArn = new StringConstraint(
            "userArn",
            32,
            95,
            @"^arn:aws:iam::\d{12}:user(?:(\u002F)|(\u002F[\u0021-\u007E]+\u002F))[\w+=,.@-]+$",
            @"\A(?:arn:aws:iam::[0-9]{12}:user(?:(/)|(/[\u0021-\u007E]+/))[a-zA-Z0-9_+=,.@-]+)\z",
            "must be an IAM user ARN such as arn:aws:iam::111111111111:user/Mary_Major (or with a path, "
            + "arn:aws:iam::111111111111:user/division/Mary_Major): a 12-digit account id, and a user name of "
            + "letters, digits and _+=,.@- characters; 32 to 95 characters in all");

        public static readonly StringConstraint DisplayName = new StringConstraint(
            "displayName",
            1,
            64,
            @"^\S(.*\S)?$",
            @"\A(?:" + JavaNonSpace + "(" + JavaDot + "*" + JavaNonSpace + @")?)\z",
            "must be 1 to 64 characters on one line, and must not begin or end with white space");

        public static readonly StringConstraint EmailAddress = new StringConstraint(
            "emailAddress",
            3,
            128,
            @"^[\w-.+]+@[\w-.+]+$",
            @"\A(?:[a-zA-Z0-9_.+-]+@[a-zA-Z0-9_.+-]+)\z",
            "must be an address such as mary.major@example.com: one '@' between a name and a domain that use "
            + "only letters, digits and the characters _ . + -; 3 to 128 characters in all");

        public static readonly StringConstraint SshPublicKey = new StringConstraint(
            "sshPublicKey",
            null,
            16384,
            @"^[\t\r\n\u0020-\u00FF]*$",
            @"\A[\t\r\n\u0020-\u00FF]*\z",
            "must be at most 16384 characters of printable Latin-1 text (tabs and line breaks allowed)");

        public static readonly StringConstraint NextToken = new StringConstraint(
            "nextToken",
            1,
            512,
            @"^[\w/+=]+$",
            @"\A[a-zA-Z0-9_/+=]+\z",
            "must be a continuation token returned by an earlier call");

        public const int MaxResultsMin = 1;
        public const int MaxResultsMax = 100;
    }
}
