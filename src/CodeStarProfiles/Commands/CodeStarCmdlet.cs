using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CodeStarProfiles.Infrastructure;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// What every CodeStarProfiles cmdlet shares: the connection parameters, one service
    /// session per invocation (opened at the first real request, so -WhatIf needs none), and
    /// the async pipeline: work runs off-thread, up to <see cref="Concurrency"/> at once, and
    /// every output, error, verbose line and progress record is written from the pipeline
    /// thread as results complete. StopProcessing (Ctrl+C) cancels what is in flight.
    /// </summary>
    public abstract class CodeStarCmdlet : PSCmdlet, IDisposable
    {
        private readonly ConcurrentQueue<Action> _outbox = new ConcurrentQueue<Action>();
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentQueue<Func<Task>> _pending = new ConcurrentQueue<Func<Task>>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        // Set once per claimed wake-up and reset by the pipeline thread when it takes it. No spinning: the
        // pipeline thread now sleeps once every few completions, and a spinning wait would take CPU from
        // the workers (and the endpoint, on a small machine) every time.
        private readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false, 0);
        private ServiceSession? _session;
        private int _inFlight; // queued or running; the pipeline thread adds, workers subtract
        private int _wakeAt = -1; // the pipeline thread sleeps until _inFlight <= _wakeAt; -1 when it is not waiting
        private int _posted; // messages posted so far (workers)
        private int _postedSeen; // _posted when the pipeline thread last drained the outbox
        private int _workers; // pipeline thread only
        private readonly Dictionary<string, Task> _lastByKey = new Dictionary<string, Task>(StringComparer.Ordinal); // pipeline thread only
        private readonly Dictionary<long, Action> _held = new Dictionary<long, Action>(); // Ordered: results waiting for an earlier one (pipeline thread only)
        private long _nextSequence; // Ordered: the sequence number of the next item queued
        private long _nextToWrite; // Ordered: the sequence number whose result is written next
        private volatile bool _stopping; // set when the pipeline stops: nothing queued starts any more
        private bool _verbose;
        private bool _stopOnError;
        private bool _progress;
        private long _lastProgressMs = -1;
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
        protected virtual int Concurrency => 1;

        /// <summary>Whether results are written in input order (held until the earlier ones are written) rather than as they complete.</summary>
        protected virtual bool Ordered => false;

        protected CancellationToken Cancellation => _cancel.Token;

        protected bool IsVerbose => _verbose;

        /// <summary>Rows handled so far, for progress and the summary.</summary>
        protected int Processed { get; set; }

        protected int Succeeded { get; set; }

        protected int Failed { get; set; }

        protected int Skipped { get; set; }

        /// <summary>Of <see cref="Succeeded"/>, how many were overwritten rather than created (New -Force).</summary>
        protected int Overwritten { get; set; }

        /// <summary>The verb for the summary, e.g. "created".</summary>
        protected abstract string SucceededWord { get; }

        protected override void BeginProcessing()
        {
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
        }

        protected override void EndProcessing()
        {
            DrainAll();
            if (_progress && _lastProgressMs >= 0)
            {
                WriteProgress(new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, "Done") { RecordType = ProgressRecordType.Completed });
            }

            if (_verbose && Processed > 0)
            {
                double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
                WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1} items in {2:F1} s ({3:F1}/s): {4}, {5} failed, {6} skipped.",
                    MyInvocation.MyCommand.Name, Processed, seconds, Processed / seconds, SucceededSummary(), Failed, Skipped));
            }
        }

        protected override void StopProcessing()
        {
            _stopping = true;
            _cancel.Cancel();
        }

        /// <summary>"5 created" or, when some were overwritten, "3 created, 2 overwritten".</summary>
        private string SucceededSummary() => Overwritten == 0
            ? string.Format(CultureInfo.InvariantCulture, "{0} {1}", Succeeded, SucceededWord)
            : string.Format(CultureInfo.InvariantCulture, "{0} {1}, {2} overwritten", Succeeded - Overwritten, SucceededWord, Overwritten);

        public void Dispose()
        {
            _cancel.Cancel();
            _session?.Dispose();
            _cancel.Dispose();
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

                var options = new ConnectionOptions
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
                    TimeoutSec = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeoutSec : (int?)null,
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
                WriteVerbose($"{MyInvocation.MyCommand.Name}: {session.Description}.");
                return session;
            }
        }

        /// <summary>
        /// Queues <paramref name="work"/> to run off the pipeline thread. Up to <see cref="Concurrency"/>
        /// worker tasks take queued items as soon as they are free. The pipeline thread never queues
        /// more than <see cref="Concurrency"/> items at once (the -ThrottleLimit window): when the
        /// window is full it sleeps until the workers have brought it down to <see cref="LowWater"/>,
        /// writes every result, and only then reads the next input row. So the command never reads
        /// ahead of what it has sent, and when the pipeline stops (Select-Object -First, an error with
        /// -ErrorAction Stop, Ctrl+C) nothing beyond that window has started. Items with the same
        /// <paramref name="key"/> (the ARN) run one after another in input order. What an item returns
        /// runs back on the pipeline thread, where all output is written.
        /// </summary>
        internal void Start(object? target, string action, string item, Func<ServiceSession, CancellationToken, Task<Action>> work, string? key = null)
        {
            var session = Session; // connect (or fail) on the pipeline thread
            DrainReady();
            // When the window is full, sleep until the workers have brought it down to LowWater (or, while
            // results are held for input order, which count against the window too, until one more item
            // finishes), write what arrived, and go on.
            while (Volatile.Read(ref _inFlight) + _held.Count >= HighWater)
            {
                WaitUntilInFlightAtMost(Math.Max(0, Math.Min(LowWater, Volatile.Read(ref _inFlight) - 1)));
                DrainReady();
            }

            long sequence = Ordered ? _nextSequence++ : -1;
            Task? previous = null;
            TaskCompletionSource<bool>? finished = null;
            if (key != null)
            {
                if (_lastByKey.TryGetValue(key, out var last) && !last.IsCompleted)
                {
                    previous = last;
                }

                finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _lastByKey[key] = finished.Task;
            }

            Interlocked.Increment(ref _inFlight);
            var token = _cancel.Token;
            _pending.Enqueue(async () =>
            {
                Action done;
                try
                {
                    if (previous != null)
                    {
                        // An earlier row for the same ARN was queued first, so it is running: wait for it.
                        await previous.ConfigureAwait(false);
                    }

                    done = _stopping ? () => { } : await work(session, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    done = () => { };
                }
                catch (Exception e)
                {
                    var failure = ServiceSession.Describe(e, action, item);
                    done = failure != null
                        ? () => Fail(failure.ErrorId, failure.Message, target, failure.Exception, failure.RecommendedAction)
                        : Unexpected(e, target);
                }
                finally
                {
                    finished?.TrySetResult(true);
                }

                if (key != null)
                {
                    var mine = done;
                    done = () =>
                    {
                        if (_lastByKey.TryGetValue(key, out var last) && last == finished!.Task)
                        {
                            _lastByKey.Remove(key);
                        }

                        mine();
                    };
                }

                if (sequence >= 0)
                {
                    var result = done;
                    done = () => WriteInOrder(sequence, result);
                }

                _outbox.Enqueue(done);
                int left = Interlocked.Decrement(ref _inFlight);
                int wakeAt = Volatile.Read(ref _wakeAt);
                if (wakeAt >= 0 && left <= wakeAt)
                {
                    WakePipelineThread(wakeAt);
                }
            });
            TryStartWorker();
        }

        /// <summary>Runs on the pipeline thread: writes this result if it is the next in input order, then any held ones that follow it.</summary>
        private void WriteInOrder(long sequence, Action result)
        {
            _held[sequence] = result;
            while (_held.TryGetValue(_nextToWrite, out var next))
            {
                _held.Remove(_nextToWrite);
                _nextToWrite++;
                next();
            }
        }

        /// <summary>Items queued or running at which the pipeline thread stops reading input: the -ThrottleLimit window.</summary>
        private int HighWater => Concurrency;

        /// <summary>Items still running when the pipeline thread is woken to write results and refill (half the window, so it wakes once per few completions).</summary>
        private int LowWater => Concurrency / 2;

        private void TryStartWorker()
        {
            _available.Release();
            if (_workers == 0)
            {
                // Workers live for the whole command, so a queue that runs dry costs no new task per row.
                _workers = Concurrency;
                for (int i = 0; i < _workers; i++)
                {
                    Task.Run(WorkerLoopAsync);
                }
            }
        }

        private async Task WorkerLoopAsync()
        {
            while (true)
            {
                try
                {
                    await _available.WaitAsync(_cancel.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                if (_pending.TryDequeue(out var next))
                {
                    await next().ConfigureAwait(false); // a queued item checks _stopping itself before it sends anything
                }
            }
        }

        /// <summary>Writes a per-item error (non-terminating) and counts it.</summary>
        /// <remarks>When the error will stop the command (-ErrorAction Stop), everything in flight is waited for and written first.</remarks>
        protected void Fail(string errorId, string message, object? target, CodeStarProfileException? exception = null, string? recommendedAction = null)
        {
            Failed++;
            if (_stopOnError)
            {
                DrainAll();
            }

            WriteError(ErrorIds.Create(errorId, message, target, exception, recommendedAction));
            ReportProgress();
        }

        protected void Succeed(object? output)
        {
            Succeeded++;
            if (output != null)
            {
                WriteObject(output);
            }

            ReportProgress();
        }

        /// <summary>An action that posts a message to the pipeline thread (for use off-thread).</summary>
        /// <remarks>A waiting pipeline thread is woken at once, so messages (retries, for example) appear as they happen.</remarks>
        protected Action<string> Post(Action<string> write) => text =>
        {
            _outbox.Enqueue(() => write(text));
            Interlocked.Increment(ref _posted);
            int wakeAt = Volatile.Read(ref _wakeAt);
            if (wakeAt >= 0)
            {
                WakePipelineThread(wakeAt);
            }
        };

        /// <summary>Writes whatever has completed, without waiting.</summary>
        protected void DrainReady()
        {
            _postedSeen = Volatile.Read(ref _posted);
            while (_outbox.TryDequeue(out var next))
            {
                try
                {
                    next();
                }
                catch
                {
                    // The pipeline is stopping (Select-Object -First, -ErrorAction Stop, a downstream failure):
                    // what is running may finish, but nothing queued starts.
                    _stopping = true;
                    throw;
                }
            }
        }

        /// <summary>Waits for everything in flight and writes it.</summary>
        protected void DrainAll()
        {
            DrainReady();
            while (Volatile.Read(ref _inFlight) > 0)
            {
                WaitUntilInFlightAtMost(0);
                DrainReady();
            }

            DrainReady();
        }

        /// <summary>
        /// ShouldProcess once per item. -WhatIf and -Confirm, typed or inherited ($WhatIfPreference,
        /// $ConfirmPreference, a wrapper function's -WhatIf/-Confirm), always apply: ShouldProcess
        /// decides. <paramref name="force"/> only skips the prompt that the cmdlet's ConfirmImpact alone
        /// would raise (Remove's High against the default $ConfirmPreference of High), as
        /// <c>if ($Force -and -not $Confirm) { $ConfirmPreference = 'None' }</c> does in a script.
        /// -Verbose shows the "Performing the operation" line either way.
        /// </summary>
        protected bool ShouldProcessItem(string target, string action, bool force)
        {
            bool go = force && !ConfirmationRequested()
                ? ShouldProcessWithoutImpactPrompt(target, action)
                : ShouldProcess(target, action);
            if (!go)
            {
                Skipped++;
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
                WriteVerbose(string.Format(CultureInfo.CurrentCulture, "Performing the operation \"{0}\" on target \"{1}\".", action, target));
            }

            return true;
        }

        /// <summary>-WhatIf typed, or $WhatIfPreference in this scope or any caller's (a wrapper function's -WhatIf sets it there).</summary>
        private bool WhatIfInEffect()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf))
            {
                return ((SwitchParameter)whatIf).IsPresent;
            }

            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>Progress for long runs: after two seconds, at most once a second; nothing when $ProgressPreference is SilentlyContinue.</summary>
        protected void ReportProgress()
        {
            if (!_progress)
            {
                return;
            }

            long now = _clock.ElapsedMilliseconds;
            if (now < 2000 || (_lastProgressMs >= 0 && now - _lastProgressMs < 1000))
            {
                return;
            }

            _lastProgressMs = now;
            double rate = Processed / Math.Max(now / 1000.0, 0.001);
            WriteProgress(new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, string.Format(CultureInfo.InvariantCulture,
                "{0} processed: {1} {2}, {3} failed, {4} skipped; {5:F0}/s", Processed, Succeeded, SucceededWord, Failed, Skipped, rate)));
        }

        /// <summary>The input item as error target: the pipeline row itself, or the values given as parameters.</summary>
        protected static object TargetFor(PSObject? row, params (string Name, object? Value)[] values)
        {
            if (row != null)
            {
                return row;
            }

            var target = new PSObject();
            foreach (var (name, value) in values)
            {
                target.Properties.Add(new PSNoteProperty(name, value));
            }

            return target;
        }

        /// <summary>
        /// Sleeps on the pipeline thread until at most <paramref name="level"/> items are queued or
        /// running, or a message was posted; Ctrl+C ends the wait. The caller writes what arrived.
        /// </summary>
        private void WaitUntilInFlightAtMost(int level)
        {
            if (Volatile.Read(ref _inFlight) <= level)
            {
                return;
            }

            Interlocked.Exchange(ref _wakeAt, level); // a full fence: a worker that brings the count down after this sees it
            if (Volatile.Read(ref _inFlight) <= level || Volatile.Read(ref _posted) != _postedSeen)
            {
                // Reached (or a message came) before a worker could see the request: withdraw it,
                // and if a worker claimed it after all, take the wake-up it gave.
                if (Interlocked.Exchange(ref _wakeAt, -1) == -1)
                {
                    _wake.Wait();
                    _wake.Reset();
                }

                return;
            }

            try
            {
                _wake.Wait(_cancel.Token);
                _wake.Reset();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Called off-thread: wakes the pipeline thread once, whoever gets there first.</summary>
        private void WakePipelineThread(int wakeAt)
        {
            if (Interlocked.CompareExchange(ref _wakeAt, -1, wakeAt) == wakeAt)
            {
                _wake.Set();
            }
        }

        private Action Unexpected(Exception e, object? target)
        {
            string message = e is WebException || e is System.Net.Http.HttpRequestException || e is System.IO.IOException
                ? "Could not reach the CodeStar endpoint: " + e.Message
                : $"Unexpected {e.GetType().Name}: {e.Message}";
            string id = message.StartsWith("Could not reach", StringComparison.Ordinal) ? ErrorIds.ConnectionFailed : ErrorIds.ServiceError;
            return () => Fail(id, message, target, new CodeStarProfileException(message));
        }
    }
}
