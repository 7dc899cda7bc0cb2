using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// The cmdlets that change profiles (New, Set, Remove, and Compare and Sync through New's rows):
    /// -ThrottleLimit, and -InputObject, which receives the whole pipeline row in a parameter set of its
    /// own. A row binds to -InputObject (any object: a CSV row, a Get-CodeStarUserProfile result, an ARN
    /// string) and its columns are read by name (<see cref="InputRow"/>: the binder's own rules, at a
    /// fraction of what binding them as ValueFromPipelineByPropertyName parameters costs a row), into
    /// the values of the optional parameters that were not typed; they are validated inside the cmdlet:
    /// a row that PowerShell's binder rejected would never reach -ErrorVariable. The row itself is every error's target and
    /// what -PassThru gives back, so <c>$failed.TargetObject | Export-Csv</c> keeps every column.
    /// Typed use has its own set, where the identity parameters are mandatory (and shown so in the
    /// syntax); -InputObject is an ordinary visible parameter, so it never prompts, tab completion
    /// lists the common parameters, and the help's syntax is what the binder does.
    /// </summary>
    public abstract class BulkCodeStarCmdlet : CodeStarCmdlet
    {
        /// <summary>The default number of requests in flight.</summary>
        internal const int DefaultThrottleLimit = 4;

        /// <summary>Requests in flight at once (1 to 64; default 4). Results are written as they complete.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>The reader of the rows' columns: one for the run, so that rows of one shape are worked out once.</summary>
        private readonly InputRow _columns = new InputRow();
        private PSObject? _inputObject;
        private int _rowNumber; // the pipeline rows bound so far: the current row's number, counting from 1

        /// <summary>The pipeline row (any object: a CSV row, a Get-CodeStarUserProfile result, an ARN string); its columns are read by name.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ParameterSets.InputObject)]
        public PSObject? InputObject
        {
            get => _inputObject;
            set
            {
                _inputObject = value;
                if (value != null)
                {
                    _rowNumber++; // the binder sets null between rows, restoring the default before it binds the next
                }
                _columns.Clear(); // a new row: its columns are read afresh, even when the same object comes again changed
            }
        }

        private protected override int Concurrency => ThrottleLimit;

        /// <summary>
        /// "Row 17 (arn:...): " for a pipeline row whose ARN is valid and not already in the message, "Row 17: "
        /// otherwise: the row's number in the input (a CSV file's row 17 is its line 18, after the header).
        /// </summary>
        private protected override string RowLabel(string message)
        {
            if (InputObject == null || !MyInvocation.ExpectingInput)
            {
                return string.Empty; // typed (-InputObject $row too): one item, named by the command line
            }

            string? arn = null;
            try
            {
                arn = InputObject.BaseObject is string text ? text : IsTyped(RowColumn.UserArn.Name) ? null : _columns.Text(InputObject, RowColumn.UserArn);
            }
            catch (RowColumnUnreadableException)
            {
                // a list of ARNs, or a column that cannot be read: the row is named by its number alone
            }

            bool named = arn != null && Shared.ProfileConstraints.UserArn.Check(arn) == Shared.ConstraintKind.None && message.IndexOf(arn, StringComparison.Ordinal) < 0;
            return named ? SR.RowLabelWithArn(_rowNumber, arn!) : SR.RowLabel(_rowNumber);
        }

        /// <summary>The parameters given on the command line (bound before the first row), as opposed to from each row.</summary>
        private HashSet<string>? _typed;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _typed = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Whether <paramref name="name"/> was given on the command line rather than bound from a row's property.</summary>
        private protected bool IsTyped(string name) => _typed != null && _typed.Contains(name);

        /// <summary>
        /// A column's value for the current row: the parameter's when it was typed on the command line
        /// (or there is no row), otherwise the row's column read by name.
        /// </summary>
        /// <exception cref="RowColumnUnreadableException">The row's property getter failed; see <see cref="RejectUnreadableRow"/>.</exception>
        private protected string? Column(string? parameter, RowColumn column) => Column(parameter, column, out _);

        /// <summary>As <see cref="Column(string, RowColumn)"/>; <paramref name="given"/> says whether the value was typed or the row has the column (whatever its value).</summary>
        private protected string? Column(string? parameter, RowColumn column, out bool given)
        {
            if (InputObject == null || IsTyped(column.Name))
            {
                given = IsTyped(column.Name);
                return parameter;
            }

            return _columns.Text(InputObject, column, out given);
        }

        /// <summary>As <see cref="Column"/>, for a parameter that takes several values (Set's and Remove's -UserArn).</summary>
        private protected string?[]? Columns(string?[]? parameter, RowColumn column) =>
            InputObject == null || IsTyped(column.Name) ? parameter : _columns.Texts(InputObject, column);

        /// <summary>
        /// When the value of <paramref name="column"/> comes from the current row and the row has columns but
        /// not that one: the message of its Missing* error, listing the columns the row has. Otherwise null
        /// (the value was typed, the column is there but empty, the row is an ARN string).
        /// </summary>
        private protected string? MissingColumn(RowColumn column) =>
            InputObject == null || IsTyped(column.Name) ? null : _columns.MissingColumn(InputObject, column);

        /// <summary>The advice of a Missing* error that <see cref="MissingColumn"/> gave a message for (see <see cref="InputRow.MissingColumnAdvice"/>).</summary>
        private protected string MissingColumnAdvice(RowColumn column) => _columns.MissingColumnAdvice(InputObject, column);

        /// <summary>
        /// As <see cref="CodeStarCmdlet.TryTakeArn"/> for the ARN of the current row (Remove): a row without
        /// any UserArn column is rejected with the columns it has, so a misspelt header shows at once.
        /// </summary>
        private protected bool TryTakeRowArn(string? arn, object target)
        {
            string? missing = arn == null ? MissingColumn(RowColumn.UserArn) : null;
            if (missing == null)
            {
                return TryTakeArn(arn, target);
            }

            Tally.Take();
            RejectRow(ErrorIds.MissingUserArn, missing, target, MissingColumnAdvice(RowColumn.UserArn));
            return false;
        }

        /// <summary>
        /// The last steps of the one path of a row that changes a profile (New, Set, Remove): ShouldProcess once (a "no"
        /// is counted as skipped), then the call is queued, after any earlier row for the same ARN. When the
        /// change needs confirmation (-Confirm, or $ConfirmPreference at or below the cmdlet's ConfirmImpact) and
        /// the host cannot ask (<see cref="TryConfirm"/>), the command stops at this row with one ChangeNotConfirmed
        /// error, as Remove does, instead of the host's own error, which names no row and says nothing of what
        /// was done: the rows confirmed before it are finished (their results written) and counted first.
        /// </summary>
        private protected void QueueChange(object target, string arn, string what, bool force, string action, Func<ServiceSession, CancellationToken, Task<Action>> work)
        {
            if (!TryConfirm(static item => item.Self.ShouldProcessItem(item.Arn, item.What, item.Force), (Self: this, Arn: arn, What: what, Force: force), out bool confirmed, out string? cannotAsk))
            {
                DrainAll(); // what was confirmed before ends first, and is counted in the message
                var (errorId, message, advice) = Unconfirmed(action, VisibleText.Of(arn)!, cannotAsk!, Tally.Succeeded);
                ThrowTerminatingError(ErrorIds.Create(errorId, message, target, new CodeStarProfileException(message), advice));
            }

            if (confirmed)
            {
                Start(target, action, arn, work, key: arn);
            }
        }

        /// <summary>The terminating error of <see cref="QueueChange"/> when the host could not confirm: ChangeNotConfirmed; <paramref name="done"/> rows were done before.</summary>
        private protected virtual (string ErrorId, string Message, string Advice) Unconfirmed(string action, string arn, string cannotAsk, int done) =>
            (ErrorIds.ChangeNotConfirmed,
             done == 0 ? SR.ChangeNotConfirmedNothingChanged(action, arn, cannotAsk) : SR.ChangeNotConfirmedSomeChanged(action, arn, cannotAsk, done),
             SR.ChangeNotConfirmedAdvice);

        /// <summary>
        /// Puts a confirmation question to the host (ShouldProcess's prompt for a High-impact change,
        /// ShouldContinue) and tells an answer from a host that cannot ask: a pwsh started -NonInteractive
        /// (PSInvalidOperationException), a host without a user interface, as a runbook's or
        /// [powershell]::Create()'s (HostException), input at its end, as under cron with stdin closed (the
        /// console host fails reading it). False when the host could not ask; <paramref name="cannotAsk"/>
        /// then names what it failed with (the exception's type and the first line of its message), for the message. Stopping the pipeline (Ctrl+C) is not that.
        /// </summary>
        private protected static bool TryConfirm(Func<bool> ask, out bool answer, out string? cannotAsk) =>
            TryConfirm(static ask => ask(), ask, out answer, out cannotAsk);

        /// <summary>As <see cref="TryConfirm(Func{bool}, out bool, out string)"/>, asking <paramref name="ask"/> of <paramref name="state"/>: a static function and a value allocate nothing, once a row.</summary>
        private protected static bool TryConfirm<TState>(Func<TState, bool> ask, TState state, out bool answer, out string? cannotAsk)
        {
            try
            {
                answer = ask(state);
                cannotAsk = null;
                return true;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                answer = false;
                if (e is NullReferenceException && Console.IsInputRedirected)
                {
                    cannotAsk = SR.CannotAskInputEnded; // the console host read the end of its input (stdin closed, as under cron), not an answer
                    return false;
                }

                string said = e.Message;
                int end = said.IndexOfAny(new[] { '\r', '\n' });
                cannotAsk = e.GetType().Name + ": " + (end < 0 ? said : said.Substring(0, end)); // its first line: a host's message may go on to repeat the question
                return false;
            }
        }

        /// <summary>A row whose column could not be read at all (a script property that throws): counted and rejected like any bad row.</summary>
        private protected void RejectUnreadableRow(RowColumnUnreadableException e)
        {
            Tally.Take();
            RejectRow(e.Column.InvalidErrorId, e.Message, InputObject, null);
        }

        /// <summary>
        /// The ARNs the current item names (Set, Remove): typed, the row's UserArn column, or an ARN string
        /// piped in. False when the row could not be read (it is rejected).
        /// </summary>
        private protected bool TryReadArns(string?[]? parameter, out string?[] arns)
        {
            try
            {
                arns = ArnsOf(Columns(parameter, RowColumn.UserArn));
                if (InputObject == null)
                {
                    Tally.Expect(arns.Length); // typed (-UserArn (Get-Content arns.txt)): the run's size is known, so progress shows a percentage
                }

                return true;
            }
            catch (RowColumnUnreadableException e)
            {
                arns = new string?[0];
                RejectUnreadableRow(e);
                return false;
            }
        }

        /// <summary>The ARNs to act on: those given, or, when a string came down the pipeline (<c>'arn:...' | Remove-...</c>), that string.</summary>
        private string?[] ArnsOf(string?[]? given)
        {
            if (given != null && given.Length > 0)
            {
                return given;
            }

            return InputObject?.BaseObject is string s ? new string?[] { s } : new string?[] { null };
        }
    }
}
