using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// The cmdlets that send a profile's values (New, Set, and through New's rows Compare and Sync): the
    /// SSH key parameters, and the one start of a row's path: the row is counted, its key read (inline or
    /// from a file) and every value checked against the model at once, before anything is sent. A bad
    /// row is rejected the one way (<see cref="CodeStarCmdlet.RejectRow(System.Collections.Generic.List{ValidationProblem}, object, string)"/>),
    /// with the row itself as target. The identity and name parameters are declared by each cmdlet:
    /// New requires them in its typed parameter set, Set takes several ARNs and leaves the rest optional.
    /// </summary>
    public abstract class ProfileValuesCmdlet : BulkCodeStarCmdlet
    {
        /// <summary>An OpenSSH public key line; empty means no key (Set: '' typed on the command line removes the key). A row's SshPublicKey or SshKey column.</summary>
        [Parameter]
        [Alias("SshKey")]
        [AllowEmptyString]
        [AllowNull]
        public string? SshPublicKey { get; set; }

        /// <summary>A file holding the OpenSSH public key (e.g. ~/.ssh/id_ed25519.pub). A row's SshPublicKeyPath or SshKeyPath column.</summary>
        [Parameter]
        [Alias("SshKeyPath")]
        [AllowEmptyString]
        [AllowNull]
        public string? SshPublicKeyPath { get; set; }

        /// <summary>
        /// Whether the current row's columns give the values (New, and Set from CSV rows and objects); false
        /// for a row that only names the profile (see <see cref="SetCodeStarUserProfileCommand"/>).
        /// </summary>
        private protected virtual bool RowGivesValues => true;

        /// <summary>
        /// Takes the current row (counts it) with this ARN and the name, email and key of the parameters or
        /// the row's columns (see <see cref="BulkCodeStarCmdlet.Column"/>), and checks them; false when the
        /// row is bad (its error is written). An empty name or email counts as not given: with
        /// <paramref name="required"/> (New) that is an error, otherwise (Set) the value is left as it is.
        /// </summary>
        internal bool TryTakeRow(string? userArn, string? displayNameParameter, string? emailAddressParameter, bool required, out ProfileValues values)
        {
            values = default;
            string? displayName = displayNameParameter, emailAddress = emailAddressParameter, inlineKey = SshPublicKey, keyPath = SshPublicKeyPath;
            bool keyGiven = IsTyped(nameof(SshPublicKey)) || IsTyped(nameof(SshPublicKeyPath));
            try
            {
                if (RowGivesValues)
                {
                    displayName = Column(displayNameParameter, RowColumn.DisplayName);
                    emailAddress = Column(emailAddressParameter, RowColumn.EmailAddress);
                    inlineKey = Column(SshPublicKey, RowColumn.SshPublicKey, out bool inlineGiven);
                    keyPath = Column(SshPublicKeyPath, RowColumn.SshPublicKeyPath, out bool pathGiven);
                    keyGiven = inlineGiven || pathGiven;
                }
            }
            catch (RowColumnUnreadableException e)
            {
                RejectUnreadableRow(e);
                return false;
            }

            Tally.Take();
            var target = InputObject ?? TargetFor(("UserArn", userArn), ("DisplayName", displayName), ("EmailAddress", emailAddress), ("SshPublicKey", inlineKey));
            var ssh = ResolveSshPublicKey(inlineKey, keyPath, target, out bool failed);
            if (failed)
            {
                return false;
            }

            string? name = string.IsNullOrEmpty(displayName) ? null : displayName;
            string? email = string.IsNullOrEmpty(emailAddress) ? null : emailAddress;
            ValidationProblem? arnProblem = ProfileValidator.CheckUserArn(userArn), nameProblem = ProfileValidator.CheckDisplayName(name, required),
                emailProblem = ProfileValidator.CheckEmailAddress(email, required), keyProblem = ProfileValidator.CheckSshPublicKey(ssh);
            if (arnProblem != null || nameProblem != null || emailProblem != null || keyProblem != null)
            {
                var problems = ProfileValidator.CheckAll(arnProblem, nameProblem, emailProblem, keyProblem); // every problem of the row at once
                RejectRow(problems, target, ExplainMissingColumns(problems));
                return false;
            }

            values = new ProfileValues(target, userArn!, name, email, ssh, keyGiven);
            return true;
        }

        /// <summary>
        /// A required value that is missing because the row has no such column at all (a misspelt header):
        /// its message says so and lists the columns the row has. The advice, when the row's first problem is
        /// one of those, says how to name the column; otherwise null (the error's own).
        /// </summary>
        private string? ExplainMissingColumns(List<ValidationProblem> problems)
        {
            string? advice = null;
            for (int i = 0; i < problems.Count; i++)
            {
                var column = problems[i].ErrorId switch
                {
                    ErrorIds.MissingUserArn => RowColumn.UserArn,
                    ErrorIds.MissingDisplayName => RowColumn.DisplayName,
                    ErrorIds.MissingEmailAddress => RowColumn.EmailAddress,
                    _ => null,
                };
                string? missing = column == null ? null : MissingColumn(column);
                if (missing != null)
                {
                    problems[i] = new ValidationProblem(problems[i].Field, problems[i].ErrorId, missing);
                    advice ??= i == 0 ? MissingColumnAdvice(column!) : null;
                }
            }

            return advice;
        }

        /// <summary>
        /// The key to send: inline, or read from a file; null when none was given. An empty or blank
        /// -SshPublicKey typed on the command line gives "" (Set: clear the key); a row's empty cell gives
        /// null (leave it). Rejects the row itself when the file is missing, is a private key, or holds
        /// more than one key; a private key's content is never echoed.
        /// </summary>
        private string? ResolveSshPublicKey(string? inline, string? path, object target, out bool failed)
        {
            failed = false;
            bool hasInline = !string.IsNullOrWhiteSpace(inline), hasPath = !string.IsNullOrWhiteSpace(path);
            if (hasInline && hasPath)
            {
                failed = true;
                RejectRow(ErrorIds.ConflictingSshPublicKey, SR.ConflictingSshPublicKey, target, null);
                return null;
            }

            if (hasPath)
            {
                string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (!File.Exists(full))
                {
                    failed = true;
                    RejectRow(ErrorIds.SshPublicKeyPathNotFound, SR.SshPublicKeyPathNotFound(path!, full), target, null);
                    return null;
                }

                string text = File.ReadAllText(full).Trim();
                string? problem = Validation.SshPublicKey.CheckKeyText(text);
                if (problem != null)
                {
                    failed = true;
                    RejectRow(ErrorIds.InvalidSshPublicKey, SR.InvalidSshPublicKeyPath(path!, problem), target, SR.InvalidSshPublicKeyPathAdvice);
                    return null;
                }

                return text;
            }

            if (hasInline)
            {
                return inline!.Trim();
            }

            return inline != null && IsTyped("SshPublicKey") ? string.Empty : null;
        }
    }
}
