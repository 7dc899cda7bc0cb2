using System.Collections.Generic;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;
using CodeStarProfiles.Shared;

namespace CodeStarProfiles.Validation
{
    /// <summary>One broken rule: the parameter, a stable error id, and a message naming the field, the rule and the value.</summary>
    internal sealed class ValidationProblem
    {
        public ValidationProblem(string field, string errorId, string message)
        {
            Field = field;
            ErrorId = errorId;
            Message = message;
        }

        public string Field { get; }

        public string ErrorId { get; }

        public string Message { get; }
    }

    /// <summary>
    /// Checks a profile's values against the service model before anything is sent, with the
    /// rules in plain words (the same constraints the service enforces, from ProfileConstraints).
    /// </summary>
    internal static class ProfileValidator
    {
        /// <param name="required">Whether a missing (null or empty) value is itself an error.</param>
        public static ValidationProblem? CheckUserArn(string? value, bool required = true) =>
            Check("UserArn", ErrorIds.MissingUserArn, ErrorIds.InvalidUserArn, ProfileConstraints.UserArn, value, required);

        public static ValidationProblem? CheckDisplayName(string? value, bool required) =>
            Check("DisplayName", ErrorIds.MissingDisplayName, ErrorIds.InvalidDisplayName, ProfileConstraints.DisplayName, value, required);

        public static ValidationProblem? CheckEmailAddress(string? value, bool required) =>
            Check("EmailAddress", ErrorIds.MissingEmailAddress, ErrorIds.InvalidEmailAddress, ProfileConstraints.EmailAddress, value, required);

        /// <summary>An SSH key must fit the model and parse as an OpenSSH public key; null or blank means "no key" and is fine.</summary>
        public static ValidationProblem? CheckSshPublicKey(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            // A private key is never echoed, not even cut short, and neither is a pasted file of several keys.
            var text = SshPublicKey.CheckKeyText(value!);
            if (text != null)
            {
                return new ValidationProblem("SshPublicKey", ErrorIds.InvalidSshPublicKey, SR.InvalidSshPublicKeyText(text));
            }

            var model = Check("SshPublicKey", ErrorIds.InvalidSshPublicKey, ErrorIds.InvalidSshPublicKey, ProfileConstraints.SshPublicKey, value, false);
            if (model != null)
            {
                return model;
            }

            return SshPublicKey.TryParse(value, out var problem) == null
                ? new ValidationProblem("SshPublicKey", ErrorIds.InvalidSshPublicKey, SR.InvalidSshPublicKeyNotOpenSsh(Show(value!), problem))
                : null;
        }

        /// <summary>Collects every problem of a row.</summary>
        public static List<ValidationProblem> CheckAll(params ValidationProblem?[] problems)
        {
            var list = new List<ValidationProblem>(problems.Length);
            foreach (var p in problems)
            {
                if (p != null)
                {
                    list.Add(p);
                }
            }

            return list;
        }

        /// <param name="missingId">The ErrorId (and message) of a required value that is missing.</param>
        /// <param name="invalidId">The ErrorId (and message) of a value that breaks the rule.</param>
        private static ValidationProblem? Check(string field, string missingId, string invalidId, StringConstraint c, string? value, bool required)
        {
            if (string.IsNullOrEmpty(value))
            {
                return required
                    ? new ValidationProblem(field, missingId, SR.MissingValue(missingId, c.Rule))
                    : null;
            }

            string? reason;
            switch (c.Check(value!))
            {
                case ConstraintKind.None:
                    return null;
                case ConstraintKind.MinLength:
                    reason = SR.ReasonTooShort(StringConstraint.LengthOf(value!), c.MinLength ?? 0);
                    break;
                case ConstraintKind.MaxLength:
                    reason = SR.ReasonTooLong(StringConstraint.LengthOf(value!), c.MaxLength);
                    break;
                default:
                    // A space left at either end (a spreadsheet's cell, a pasted value) is the common cause, and hard to see in the message.
                    reason = value!.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1])) ? SR.ReasonPatternSpace : SR.ReasonPattern;
                    break;
            }

            return new ValidationProblem(field, invalidId, SR.InvalidValue(invalidId, Show(value!), reason, c.Rule));
        }

        /// <summary>Long values are cut for messages, and control characters made visible (<see cref="VisibleText"/>).</summary>
        internal static string Show(string value)
        {
            string shown = value.Length > 80 ? value.Substring(0, 77) + "..." : value;
            return VisibleText.Of(shown)!;
        }
    }
}
