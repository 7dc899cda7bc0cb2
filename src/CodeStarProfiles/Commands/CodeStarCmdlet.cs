using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using System.Collections.Generic;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;
using CodeStarProfiles.Pipeline;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// What every CodeStarProfiles cmdlet shares: the connection parameters, one service session per
    /// invocation (opened at the first real request, so -WhatIf needs none), and the bridge to the
    /// async pipeline (<see cref="BulkPipeline{TWork}"/>, which runs the calls off-thread) and to the
    /// run's count (<see cref="RunTally"/>): every output, error, verbose line and progress record is
    /// written from the pipeline thread as results complete. StopProcessing (Ctrl+C) stops the pipeline.
    /// </summary>
    public abstract class CodeStarCmdlet : PSCmdlet, IDisposable
    {
        private ServiceSession? _session;
        private BulkPipeline<QueuedCall>? _pipeline;
        private RunTally? _tally;
        private volatile bool _stopRequested;
        private CallFailure? _refused; // the first refusal of the credentials themselves, once the pipeline thread has taken it in and stops the command (pipeline thread)
        private CallFailure? _refusedSeen; // the first refusal as a worker saw it, the moment its answer came: nothing more is sent (any thread; set before _refused)
        private int _refusedUnreported; // -ErrorAction Stop: items the refusal ended whose errors the one stopping error stands for (pipeline thread)
        private bool _verbose;
        private bool _stopOnError;
        private bool _progress;
        private int _progressId;

        /// <summary>The AWS region (e.g. us-east-1). Default: the profile's region, AWS_REGION, AWS_DEFAULT_REGION, or the shared config file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>A named profile in the shared credentials/config files (or in -ProfileLocation).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        /// <summary>A credentials file to read profiles from instead of the default one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("AWSProfilesLocation")]
        public string? ProfileLocation { get; set; }

        /// <summary>An access key id (with -SecretKey).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("AK")]
        public string? AccessKey { get; set; }

        /// <summary>The secret access key (with -AccessKey). Never written anywhere.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("SK")]
        public string? SecretKey { get; set; }

        /// <summary>A session token for temporary credentials (with -AccessKey and -SecretKey, or -Credential).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        /// <summary>Credentials as a PSCredential: user name = access key id, password = secret key.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The service URL, e.g. the local endpoint http://127.0.0.1:4599. Default: AWS_ENDPOINT_URL_CODESTAR, AWS_ENDPOINT_URL, or AWS's regional endpoint.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("EndpointUri", "ServiceUrl")]
        public string? EndpointUrl { get; set; }

        /// <summary>Retries after a failed attempt (throttling, 5xx, dropped connections). Default: AWS_MAX_ATTEMPTS or the profile's max_attempts, else the SDK's (3 attempts).</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryAttempts { get; set; }

        /// <summary>The SDK retry mode: Standard (exponential backoff with jitter) or Adaptive (also slows the client down when throttled). Default: AWS_RETRY_MODE, the profile's retry_mode, else Standard.</summary>
        [Parameter]
        [ValidateSet("Standard", "Adaptive")]
        public string? RetryMode { get; set; }

        /// <summary>Seconds to wait for the answer to each attempt before giving up on it and retrying (1 to 3600). Default: the AWS SDK's 100 seconds.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        /// <summary>Requests in flight at once; 1 for cmdlets without -ThrottleLimit.</summary>
        /// <summary>While the service is unreachable, how often one row is sent to see whether it answers again.</summary>
        private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(5);
        private int _unansweredInARow; // rows failed without any answer since the service last answered (pipeline thread only, as the three below)
        private bool _unreachable; // rows fail without being sent, but for one probe every ProbeEvery
        private bool _probing; // the probe is in flight
        private object? _probeTarget; // the probe's row
        private DateTime _nextProbe;

        private protected virtual int Concurrency => 1;

        /// <summary>Whether results are written in input order (held until the earlier ones are written) rather than as they complete.</summary>
        private protected virtual bool Ordered => false;

        /// <summary>The verb for the summary, e.g. "created" (a Succeeded* resource).</summary>
        private protected abstract string SucceededWord { get; }

        private protected CancellationToken Cancellation => Pipeline.Cancellation;

        private protected bool IsVerbose => _verbose;

        /// <summary>The count of this run: items taken, succeeded, failed, skipped; progress and the summary come from it.</summary>
        private protected RunTally Tally => _tally ??= new RunTally(MyInvocation.MyCommand.Name, SucceededWord);

        /// <summary>
        /// The pipeline, made at first use: by then the parameters that decide its window are bound. A
        /// message posted off-thread (a listing started in BeginProcessing) may be the first use, hence the exchange.
        /// </summary>
        private BulkPipeline<QueuedCall> Pipeline
        {
            get
            {
                var pipeline = Volatile.Read(ref _pipeline);
                if (pipeline != null)
                {
                    return pipeline;
                }

                var made = new BulkPipeline<QueuedCall>(Concurrency, Ordered, (call, ct) => Volatile.Read(ref _refusedSeen) is CallFailure refused ? NotSent(call, refused) : call.Work(call.Session, ct), Failed);
                pipeline = Interlocked.CompareExchange(ref _pipeline, made, null) ?? made;
                if (pipeline != made)
                {
                    made.Dispose();
                }

                if (_stopRequested)
                {
                    pipeline.Stop();
                }

                return pipeline;
            }
        }

        protected override void BeginProcessing()
        {
            _ = Tally; // the run's clock starts here
            _verbose = MyInvocation.BoundParameters.ContainsKey("Verbose")
                ? ((SwitchParameter)MyInvocation.BoundParameters["Verbose"]).IsPresent
                : Preference(GetVariableValue("VerbosePreference"), ActionPreference.SilentlyContinue) != ActionPreference.SilentlyContinue;
            // With -ErrorAction Stop (typed or from $ErrorActionPreference) the first error ends the command:
            // everything already sent is written first, so what is reported is what happened.
            object? ea = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) ? bound : GetVariableValue("ErrorActionPreference");
            var action = Preference(ea, ActionPreference.Continue);
            _stopOnError = action == ActionPreference.Stop || action == ActionPreference.Inquire;
            _progress = Preference(GetVariableValue("ProgressPreference"), ActionPreference.Continue) != ActionPreference.SilentlyContinue;
            _progressId = Math.Abs(GetHashCode() % 10000) + 1;
            if (Credential != null && (AccessKey != null || SecretKey != null))
            {
                // Two sets of keys: which one was meant is a guess, and a wrong guess signs with the wrong account. Refused
                // here, before any row, so that a -WhatIf preview (which opens no session) refuses it as the real run does.
                ThrowTerminatingError(ErrorIds.Create(ErrorIds.InvalidSetting, SR.CredentialWithKeys, null, new CodeStarProfileException(SR.CredentialWithKeys), SR.CredentialWithKeysAdvice));
            }
        }

        protected override void EndProcessing()
        {
            DrainAll();
            StopIfRefused();
            if (_progress && Tally.ProgressShown)
            {
                WriteProgress(new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, SR.ProgressDone) { RecordType = ProgressRecordType.Completed });
            }

            string? summary = _verbose ? Tally.Summary() : null;
            if (summary != null)
            {
                WriteVerbose(summary);
            }
        }

        protected override void StopProcessing()
        {
            _stopRequested = true;
            Volatile.Read(ref _pipeline)?.Stop();
        }

        public void Dispose()
        {
            _pipeline?.Dispose(); // cancels what still runs before its session goes
            _session?.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>The service session, opened on first use; when nothing can be sent it ends the command with one terminating error.</summary>
        internal ServiceSession Session
        {
            get
            {
                if (_session != null)
                {
                    return _session;
                }

                var options = new Engine.ConnectionSettings
                {
                    Region = Region,
                    ProfileName = ProfileName,
                    ProfileLocation = ProfileLocation != null ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(ProfileLocation) : null,
                    AccessKey = AccessKey,
                    SecretKey = SecretKey,
                    SessionToken = SessionToken,
                    EndpointUrl = EndpointUrl,
                    MaxRetryAttempts = MyInvocation.BoundParameters.ContainsKey(nameof(MaxRetryAttempts)) ? MaxRetryAttempts : (int?)null,
                    RetryMode = RetryMode,
                    Timeout = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null,
                };
                if (Credential != null)
                {
                    var network = Credential.GetNetworkCredential();
                    options.AccessKey = Credential.UserName;
                    options.SecretKey = network.Password;
                }

                var session = ServiceSession.Connect(options, _verbose ? Post(WriteVerbose) : null, out var failure);
                if (failure != null)
                {
                    ThrowTerminatingError(ErrorIds.Create(failure.ErrorId, failure.Message, null, failure.Exception, failure.RecommendedAction));
                }

                _session = session;
                WriteVerbose(SR.CommandVerbose(MyInvocation.MyCommand.Name, session.Description));
                return session;
            }
        }

        /// <summary>
        /// Queues <paramref name="work"/> on the pipeline (see <see cref="BulkPipeline{TWork}"/>): it runs
        /// off the pipeline thread, at most <see cref="Concurrency"/> at once; when the window is full this
        /// waits, writing results, before it returns, so the command reads at most one window ahead of what it sends.
        /// While the service is unreachable (see <see cref="NoteUnanswered"/>) the item fails at once, not sent.
        /// Items with the same <paramref name="key"/> (the ARN) run one after another in input order. What
        /// the work returns runs back on the pipeline thread, where all output is written; what it throws
        /// is written as the error of <paramref name="target"/> (the input row).
        /// </summary>
        internal void Start(object? target, string action, string item, Func<ServiceSession, CancellationToken, Task<Action>> work, string? key = null)
        {
            var session = Session; // connect (or fail) on the pipeline thread
            if (!MaySend(target))
            {
                string message = SR.ServiceUnreachable(action, item, session.SinceAnswered.TotalSeconds, ProbeEvery.TotalSeconds);
                WriteFailedItem(target);
                Fail(ErrorIds.ServiceUnreachable, message, target, new CodeStarProfileException(message));
                return;
            }

            var call = new QueuedCall(session, work, target, action, item);
            try
            {
                Pipeline.Start(call, key);
            }
            catch (OperationCanceledException) when (_stopRequested)
            {
                throw new PipelineStoppedException();
            }

            StopIfRefused(); // this row too was queued, and ends as not sent
        }

        /// <summary>Writes whatever has completed, without waiting.</summary>
        private protected void DrainReady() => _pipeline?.DrainReady();

        /// <summary>Waits for everything in flight and writes it.</summary>
        private protected void DrainAll()
        {
            try
            {
                _pipeline?.DrainAll();
            }
            catch (OperationCanceledException) when (_stopRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>An action that posts a message to the pipeline thread (for use off-thread).</summary>
        /// <remarks>A waiting pipeline thread is woken at once, so messages (retries, for example) appear as they happen.</remarks>
        private protected Action<string> Post(Action<string> write) => text => Pipeline.Post(() => write(text));

        /// <summary>Writes a per-item error (non-terminating) and counts it.</summary>
        /// <remarks>When the error will stop the command (-ErrorAction Stop), everything in flight is waited for and written first.</remarks>
        private protected void Fail(string errorId, string message, object? target, CodeStarProfileException? exception = null, string? recommendedAction = null)
        {
            Tally.Fail();
            if (_stopOnError)
            {
                DrainAll();
            }

            WriteError(ErrorIds.Create(errorId, message, target, exception, recommendedAction));
            ReportProgress();
        }

        /// <summary>
        /// The first step of the one path of an item named by its ARN alone (Get, Remove): the item is
        /// counted and its ARN checked; false when it is bad (rejected, see <see cref="RejectRow(List{ValidationProblem}, object, string)"/>).
        /// </summary>
        private protected bool TryTakeArn(string? arn, object target, string? advice = null)
        {
            Tally.Take();
            var problem = ProfileValidator.CheckUserArn(arn);
            return problem == null || !RejectRow(ProfileValidator.CheckAll(problem), target, advice);
        }

        /// <summary>
        /// The one report of a bad row, in every cmdlet: one non-terminating error (all its problems in the
        /// message, the first one's ErrorId) with the row as target, counted as failed; nothing is sent for it.
        /// True when there were problems.
        /// </summary>
        private protected bool RejectRow(List<ValidationProblem> problems, object target, string? advice = null)
        {
            if (problems.Count == 0)
            {
                return false;
            }

            string message = problems.Count == 1
                ? problems[0].Message
                : SR.ReasonSeveralProblems(problems.Count, string.Join(" ", problems.ConvertAll(p => p.Message)));
            RejectRow(problems[0].ErrorId, message, target, advice);
            return true;
        }

        /// <summary>
        /// The one report of a bad row (see above), for a rule that is not a value's: a duplicate, a row outside -Scope,
        /// nothing to change. A row that came down the pipeline is named at the start of the message (<see cref="RowLabel"/>),
        /// so that the console, which shows only the message, says which of a CSV's rows to fix.
        /// </summary>
        private protected void RejectRow(string errorId, string message, object? target, string? advice)
        {
            message = RowLabel(message) + message;
            Fail(errorId, message, target, new CodeStarProfileException(message), advice);
        }

        /// <summary>What starts the message of a rejected pipeline row ("Row 17 (arn:...): "); empty for an item typed on the command line.</summary>
        private protected virtual string RowLabel(string message) => string.Empty;

        /// <summary>Counts a success (<paramref name="overwritten"/>: New -Force over an existing profile) and writes its output, if any.</summary>
        private protected void Succeed(object? output, bool overwritten = false)
        {
            NoteAnswered();
            Tally.Succeed(overwritten);
            if (output != null)
            {
                WriteObject(output);
            }

            ReportProgress();
        }

        /// <summary>
        /// ShouldProcess once per item. -WhatIf and -Confirm, typed or inherited ($WhatIfPreference,
        /// $ConfirmPreference, a wrapper function's -WhatIf/-Confirm), always apply: ShouldProcess
        /// decides. <paramref name="force"/> only skips the prompt that the cmdlet's ConfirmImpact alone
        /// would raise (Remove's High against the default $ConfirmPreference of High), as
        /// <c>if ($Force -and -not $Confirm) { $ConfirmPreference = 'None' }</c> does in a script.
        /// -Verbose shows the "Performing the operation" line either way.
        /// </summary>
        private protected bool ShouldProcessItem(string target, string action, bool force)
        {
            bool go = force && !ConfirmationRequested()
                ? ShouldProcessWithoutImpactPrompt(target, action)
                : ShouldProcess(target, action);
            if (!go)
            {
                Tally.Skip();
            }

            return go;
        }

        /// <summary>Whether the user asked for confirmation: -Confirm typed, or $ConfirmPreference set below its default (High), e.g. by a wrapper's -Confirm.</summary>
        private bool ConfirmationRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm))
            {
                return ((SwitchParameter)confirm).IsPresent;
            }

            var preference = Preference(GetVariableValue("ConfirmPreference"), ConfirmImpact.High);
            return preference != ConfirmImpact.None && preference < ConfirmImpact.High;
        }

        /// <summary>A preference variable's value as its enum: a script scope may hold it as a string ($ConfirmPreference = 'Low').</summary>
        private static T Preference<T>(object? value, T fallback)
            where T : struct
        {
            return value != null && LanguagePrimitives.TryConvertTo(value, out T converted) ? converted : fallback;
        }

        /// <summary>
        /// ShouldProcess as it would answer if $ConfirmPreference were None: the engine still decides
        /// -WhatIf (it answers before any prompt), and -Verbose gets the engine's own line.
        /// </summary>
        private bool ShouldProcessWithoutImpactPrompt(string target, string action)
        {
            if (WhatIfInEffect())
            {
                return ShouldProcess(target, action); // writes "What if: ..." and answers false; -WhatIf never prompts
            }

            if (_verbose)
            {
                WriteVerbose(SR.ShouldProcessVerbose(action, target));
            }

            return true;
        }

        /// <summary>-WhatIf typed, or $WhatIfPreference in this scope or any caller's (a wrapper function's -WhatIf sets it there).</summary>
        private protected bool WhatIfInEffect()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf))
            {
                return ((SwitchParameter)whatIf).IsPresent;
            }

            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>Progress for long runs: after two seconds, at most once a second, counting the items ended (a percentage when their number is known); nothing when $ProgressPreference is SilentlyContinue.</summary>
        private protected void ReportProgress()
        {
            if (!_progress)
            {
                return;
            }

            string? line = Tally.ProgressDue(out int percent);
            if (line != null)
            {
                WriteProgress(new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, line) { PercentComplete = percent });
            }
        }

        /// <summary>
        /// The input item as error target when it came as parameters, not as a pipeline row (which is its own
        /// target: <c>InputObject ?? TargetFor(...)</c>, so that a row costs no array of values).
        /// </summary>
        private protected static PSObject TargetFor(params (string Name, object? Value)[] values)
        {
            var target = new PSObject();
            foreach (var (name, value) in values)
            {
                target.Properties.Add(new PSNoteProperty(name, value));
            }

            return target;
        }

        /// <summary>
        /// As <see cref="Fail"/>, for an item whose call failed (pipeline thread): when the error will stop the command
        /// (-ErrorAction Stop), the items queued ahead, all read after this one, are not sent (see
        /// <see cref="BulkPipeline{TWork}.SkipQueued"/>); those already sent end first, their results written.
        /// </summary>
        private void FailSent(string errorId, string message, object? target, CodeStarProfileException? exception = null, string? recommendedAction = null)
        {
            if (_stopOnError)
            {
                _pipeline?.SkipQueued();
            }

            Fail(errorId, message, target, exception, recommendedAction);
        }

        /// <summary>
        /// The service refused the credentials or the signature themselves (a wrong secret key, an unknown
        /// access key, an expired token, the wrong region): every further row would be refused the same way.
        /// Nothing more is sent: the rows already taken end first, each with its output or its own error (those
        /// still queued fail as not sent, see <see cref="NotSent"/>), and then the command ends with one
        /// terminating error instead of one per row (a listing, which has no rows, at once).
        /// </summary>
        private void StopForRefusedCredentials(CallFailure failure, object? target)
        {
            _refused = failure;
            if (_stopOnError)
            {
                // -ErrorAction Stop ends the command at its first error, and the refusal is that error: the items in
                // flight end first (their output written), those the refusal ended too (refused beside this one, or
                // not sent after it) are counted in it, and it is thrown as the one CredentialsRefused error, rather
                // than whichever of their errors came out first ending the command as a row's error.
                FailUnreported();
                DrainAll();
                ThrowRefused(Tally.Processed == 0
                    ? failure.Message // a listing: no rows
                    : failure.Message + " " + RefusedStopMessage(failure.Exception.ErrorCode ?? string.Empty, errorActionStop: true));
            }

            Fail(failure.ErrorId, failure.Message, target, failure.Exception, failure.RecommendedAction);
            if (Tally.Processed == 0)
            {
                ThrowRefused(SR.CredentialsRefusedNoRows(failure.Exception.ErrorCode ?? string.Empty)); // a listing: no rows to end
            }
        }

        /// <summary>After the credentials were refused (pipeline thread, outside any result): the rows taken end, each with its result, and the command stops.</summary>
        private void StopIfRefused()
        {
            if (_refused == null)
            {
                return;
            }

            DrainAll();
            ThrowRefused(RefusedStopMessage(_refused.Exception.ErrorCode ?? string.Empty, errorActionStop: false));
        }

        /// <summary>
        /// The message of the error that ends the command once the credentials were refused (see <see cref="StopForRefusedCredentials"/>);
        /// with <paramref name="errorActionStop"/>, of the one error that stands for every item the refusal ended.
        /// </summary>
        private protected virtual string RefusedStopMessage(string errorCode, bool errorActionStop) =>
            errorActionStop ? SR.CredentialsRefusedErrorActionStop(errorCode, Tally.Succeeded + Tally.Failed, _refusedUnreported) // the row being queued, if any, was not
            : Tally.Processed == 1 ? SR.CredentialsRefusedOneRow(errorCode) : SR.CredentialsRefused(errorCode, Tally.Processed);

        /// <summary>An item the refusal of the credentials ended: its own error, or with -ErrorAction Stop only its count (see <see cref="StopForRefusedCredentials"/>).</summary>
        private void FailRefused(CallFailure refused, string message, object? target, CodeStarProfileException exception)
        {
            if (_stopOnError)
            {
                FailUnreported();
                return;
            }

            Fail(refused.ErrorId, message, target, exception, refused.RecommendedAction);
        }

        private void FailUnreported()
        {
            Tally.Fail();
            _refusedUnreported++;
            ReportProgress();
        }

        /// <summary>
        /// On the pipeline thread, before the error of an item whose call failed without its work handling the
        /// failure itself (the credentials' refusal ended it, refused or not sent after it; the service was
        /// unreachable, so it was not sent; the call failed): a command that writes one result per item, failed
        /// ones included (Sync-), writes it here.
        /// </summary>
        private protected virtual void WriteFailedItem(object? target)
        {
        }

        private void ThrowRefused(string message)
        {
            var refused = _refused!;
            ThrowTerminatingError(ErrorIds.Create(ErrorIds.CredentialsRefused, message, null, new CodeStarProfileException(message, refused.Exception.ErrorCode, refused.Exception.RequestId, refused.Exception.StatusCode),
                refused.RecommendedAction));
        }

        /// <summary>Off the pipeline thread: a call not sent because the service refused the credentials for an earlier one, failed as that one did.</summary>
        private static Task<Action> NotSent(QueuedCall call, CallFailure refused) =>
            Task.FromException<Action>(new NotSentException(SR.CredentialsRefusedNotSent(call.Action, call.Item, refused.Exception.ErrorCode ?? string.Empty), refused));

        /// <summary>Off the pipeline thread: what a failed call writes, on the pipeline thread: its item, for a command that writes failed ones (<see cref="WriteFailedItem"/>), then its report.</summary>
        private Action Failed(QueuedCall call, Exception e)
        {
            var report = Report(call, e);
            object? target = call.Target;
            return () =>
            {
                WriteFailedItem(target);
                report();
            };
        }

        /// <summary>Off the pipeline thread: how a failed call is reported, on the pipeline thread (see <see cref="Failed"/>).</summary>
        private Action Report(QueuedCall call, Exception e)
        {
            object? target = call.Target;
            if (e is NotSentException notSent)
            {
                var refused = notSent.Refused;
                return () =>
                {
                    FailRefused(refused, notSent.Message, target, new CodeStarProfileException(notSent.Message, refused.Exception.ErrorCode));
                };
            }

            var failure = ServiceSession.Describe(e, call.Action, call.Item);

            if (failure != null && failure.RefusesEveryRequest)
            {
                // The workers send nothing more from now on, not only once the pipeline thread has taken this in: the
                // calls already on their way are all that the refusal can be met by again (at most -ThrottleLimit).
                Interlocked.CompareExchange(ref _refusedSeen, failure, null);
                return () =>
                {
                    if (_refused == null)
                    {
                        StopForRefusedCredentials(failure, target);
                    }
                    else
                    {
                        FailRefused(failure, failure.Message, target, failure.Exception); // in flight when the first was refused
                    }
                };
            }

            if (failure != null)
            {
                return () =>
                {
                    FailSent(failure.ErrorId, failure.Message, target, failure.Exception, failure.RecommendedAction);
                    NoteUnanswered(failure.ErrorId, call.Session, target);
                };
            }

            bool unreachable = ServiceSession.IsConnectionFailure(e);
            string message = unreachable ? SR.ConnectionFailedUnreachable(e.Message) : SR.ServiceErrorUnexpected(e.GetType().Name, e.Message);
            string id = unreachable ? ErrorIds.ConnectionFailed : ErrorIds.ServiceError;
            return () =>
            {
                FailSent(id, message, target, new CodeStarProfileException(message));
                NoteUnanswered(id, call.Session, target);
            };
        }

        /// <summary>
        /// After a row's service failure (pipeline thread): when the service has answered nothing for the
        /// throttling bound, or so many rows in a row failed without an answer that the endpoint is down,
        /// the rows that follow fail at once without being sent (ServiceUnreachable), except one row every
        /// <see cref="ProbeEvery"/> that is sent to see whether the service answers again; any answer ends
        /// that. A hung endpoint made each row wait for three timeouts and three describes, so a run of
        /// 10,000 rows took days; now every row is still in the output or the error stream, and fast.
        /// </summary>
        private void NoteUnanswered(string errorId, ServiceSession session, object? target)
        {
            bool unanswered = errorId == ErrorIds.ConnectionFailed || errorId == ErrorIds.OutcomeUnknown;
            if (!unanswered)
            {
                NoteAnswered(); // the service answered, with an error of this row's own
                return;
            }

            if (errorId == ErrorIds.ConnectionFailed)
            {
                _unansweredInARow++;
            }

            if (_unreachable)
            {
                if (_probing && ReferenceEquals(target, _probeTarget))
                {
                    _probing = false; // the probe got no answer either: the next one waits (rows sent before it do not count)
                    _nextProbe = DateTime.UtcNow + ProbeEvery;
                }
            }
            else if (session.Unreachable(Math.Max(1, _unansweredInARow), Concurrency, out var silent))
            {
                _unreachable = true;
                _nextProbe = DateTime.UtcNow + ProbeEvery;
                WriteWarning(SR.ServiceUnreachableWarning(silent.TotalSeconds, _unansweredInARow, ProbeEvery.TotalSeconds));
            }
        }

        private void NoteAnswered()
        {
            _unansweredInARow = 0;
            _unreachable = false;
            _probing = false;
        }

        /// <summary>
        /// Whether a row may be sent: always, unless the service is unreachable; then one row every
        /// <see cref="ProbeEvery"/>, and the rows after it wait for its answer (if it gets one, they are sent).
        /// </summary>
        private bool MaySend(object? target)
        {
            if (!_unreachable)
            {
                return true;
            }

            if (_probing)
            {
                DrainAll(); // the probe's answer decides for the rows after it
                if (!_unreachable)
                {
                    return true;
                }
            }

            if (DateTime.UtcNow < _nextProbe)
            {
                return false;
            }

            _probing = true;
            _probeTarget = target;
            return true;
        }

        /// <summary>A call not sent (see <see cref="NotSent"/>): carries the refusal it is failed as.</summary>
        private sealed class NotSentException : Exception
        {
            public NotSentException(string message, CallFailure refused)
                : base(message)
            {
                Refused = refused;
            }

            public CallFailure Refused { get; }
        }
    }
}
