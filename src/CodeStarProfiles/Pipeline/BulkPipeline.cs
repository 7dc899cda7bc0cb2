using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CodeStarProfiles.Pipeline
{
    /// <summary>
    /// The async pipeline of a bulk command, with no PowerShell in it: work items run off the
    /// calling ("pipeline") thread, up to <c>concurrency</c> at once, and what each returns (an
    /// <see cref="Action"/>) runs back on the pipeline thread, in <see cref="DrainReady"/> or
    /// <see cref="DrainAll"/>, where all output is written.
    /// <list type="bullet">
    /// <item>Back-pressure: at most <c>concurrency</c> items run at once (the workers), and the pipeline
    /// thread queues at most as many again ahead of them, so a worker that finishes
    /// takes the next item at once instead of waiting for the pipeline thread to wake up and queue it (at one
    /// item in flight that wait was on every row's path). When both are full, <see cref="Start"/> sleeps until
    /// the workers have used up half of the items queued ahead, or an item failed (or, while results are held
    /// for input order, until one more finishes), writes what arrived, and only then queues the next. Queued
    /// items that have not started when the command stops never run: nothing beyond the running window is
    /// ever sent. (Queuing at least 16 ahead cut the pipeline thread's wake-ups at -ThrottleLimit 1 to 4, and
    /// with them most of the module's extra CPU there, but was not kept: results are written only when the
    /// next row comes in or the input ends, so a slow or paused input showed results up to 16 rows late, and
    /// a hung endpoint was sent every row queued before it was known to be down.)</item>
    /// <item>Order: with <c>ordered</c>, results run in the order their items were started; otherwise as
    /// they complete. Items with the same key run one after another, in the order they were started.</item>
    /// <item>Errors: an exception from a work item becomes the result <c>fail</c> makes of it; an exception
    /// from a result (the pipeline stopping downstream) stops the pipeline: nothing queued starts any more.</item>
    /// <item>Stop: <see cref="Stop"/> cancels what is in flight and ends a wait with <see cref="OperationCanceledException"/>.</item>
    /// </list>
    /// All members but <see cref="Post"/> and <see cref="Stop"/> are called from the pipeline thread only.
    /// </summary>
    /// <typeparam name="TWork">What an item carries (a value, so an item costs one allocation).</typeparam>
    internal sealed class BulkPipeline<TWork> : IDisposable
    {
        private static readonly Action Nothing = () => { };

        private readonly Func<TWork, CancellationToken, Task<Action>> _run;
        private readonly Func<TWork, Exception, Action> _fail;
        private readonly int _concurrency;
        private readonly bool _ordered;
        private readonly ConcurrentQueue<Entry> _outbox = new ConcurrentQueue<Entry>();
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly CancellationToken _token; // kept, so a worker never asks a disposed source for it
        private readonly ConcurrentQueue<Entry> _pending = new ConcurrentQueue<Entry>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        // Set once per claimed wake-up and reset by the pipeline thread when it takes it. No spinning: the
        // pipeline thread sleeps once every few completions, and a spinning wait would take CPU from
        // the workers (and the endpoint, on a small machine) every time.
        private readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false, 0);
        private readonly Dictionary<string, Task> _lastByKey = new Dictionary<string, Task>(StringComparer.Ordinal); // pipeline thread only
        private readonly Dictionary<long, Action> _held = new Dictionary<long, Action>(); // ordered: results waiting for an earlier one (pipeline thread only)
        private int _inFlight; // queued or running; the pipeline thread adds, workers subtract
        private int _wakeAt = -1; // the pipeline thread sleeps until _inFlight <= _wakeAt; -1 when it is not waiting
        private int _posted; // messages posted and failures finished so far (any thread): each wakes a waiting pipeline thread
        private int _postedSeen; // _posted when the pipeline thread last drained the outbox
        private bool _workersStarted; // pipeline thread only
        private long _nextSequence; // ordered: the sequence number of the next item queued
        private long _nextToWrite; // ordered: the sequence number whose result is written next
        private volatile bool _stopping; // set when the pipeline stops: nothing queued starts any more

        /// <param name="concurrency">Items running at once (the -ThrottleLimit window), at least 1; as many again may be queued ahead.</param>
        /// <param name="ordered">Whether results run in the order the items were started rather than as they complete.</param>
        /// <param name="run">Runs an item off the pipeline thread; what it returns runs on the pipeline thread.</param>
        /// <param name="fail">Turns an item's exception into its result (runs off the pipeline thread; the result runs on it).</param>
        public BulkPipeline(int concurrency, bool ordered, Func<TWork, CancellationToken, Task<Action>> run, Func<TWork, Exception, Action> fail)
        {
            if (concurrency < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(concurrency), concurrency, "At least one item must be able to run.");
            }

            _concurrency = concurrency;
            _token = _cancel.Token;
            _ordered = ordered;
            _run = run ?? throw new ArgumentNullException(nameof(run));
            _fail = fail ?? throw new ArgumentNullException(nameof(fail));
        }

        /// <summary>Cancelled by <see cref="Stop"/>: what items are given to give up early.</summary>
        public CancellationToken Cancellation => _token;

        /// <summary>Whether the pipeline has stopped (<see cref="Stop"/>, or a result that threw): queued items no longer run.</summary>
        public bool IsStopping => _stopping;

        /// <summary>Items queued or running.</summary>
        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>Items queued or running at which the pipeline thread stops queueing: the running window and as many queued ahead.</summary>
        private int HighWater => 2 * _concurrency;

        /// <summary>Items queued or running when the pipeline thread is woken to write results and refill: the window still
        /// running and half of the items ahead still queued, so it wakes once per few completions and the workers never run dry.</summary>
        private int LowWater => _concurrency + _concurrency / 2;

        /// <summary>
        /// Queues <paramref name="work"/>; first writes what has completed and, when the window is full,
        /// waits for room (so it may run earlier results). Items with the same <paramref name="key"/>
        /// run one after another in the order they were started.
        /// </summary>
        /// <exception cref="OperationCanceledException">The pipeline was stopped (<see cref="Stop"/>), before or while waiting for room.</exception>
        public void Start(TWork work, string? key = null)
        {
            DrainReady();
            // When the window is full, sleep until the workers have brought it down to LowWater (or, while
            // results are held for input order, which count against the window too, until one more item
            // finishes), write what arrived, and go on.
            while (Volatile.Read(ref _inFlight) + _held.Count >= HighWater)
            {
                WaitUntilInFlightAtMost(Math.Max(0, Math.Min(LowWater, Volatile.Read(ref _inFlight) - 1)));
                DrainReady();
            }

            if (_token.IsCancellationRequested)
            {
                throw Stopped(); // stopped (the room may have come from the cancelled items): nothing more is queued
            }

            var entry = new Entry(work, _ordered ? _nextSequence++ : -1, key);
            if (key != null)
            {
                if (_lastByKey.TryGetValue(key, out var last) && !last.IsCompleted)
                {
                    entry.Previous = last;
                }

                entry.Finished = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _lastByKey[key] = entry.Finished.Task;
            }

            Interlocked.Increment(ref _inFlight);
            _pending.Enqueue(entry);
            _available.Release();
            if (!_workersStarted)
            {
                // Workers live for the whole command, so a queue that runs dry costs no new task per item.
                _workersStarted = true;
                for (int i = 0; i < _concurrency; i++)
                {
                    Task.Run(WorkerLoopAsync);
                }
            }
        }

        /// <summary>Posts <paramref name="message"/> to run on the pipeline thread (from any thread); a waiting pipeline thread is woken at once.</summary>
        public void Post(Action message)
        {
            _outbox.Enqueue(new Entry(message));
            Interlocked.Increment(ref _posted);
            int wakeAt = Volatile.Read(ref _wakeAt);
            if (wakeAt >= 0)
            {
                WakePipelineThread(wakeAt);
            }
        }

        /// <summary>Runs whatever has completed (results and posted messages), without waiting.</summary>
        /// <remarks>A result that throws (the pipeline stopping downstream) stops the pipeline, and the exception goes on to the caller.</remarks>
        public void DrainReady()
        {
            _postedSeen = Volatile.Read(ref _posted);
            while (_outbox.TryDequeue(out var next))
            {
                try
                {
                    Complete(next);
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

        /// <summary>Waits for everything in flight and runs its results.</summary>
        /// <exception cref="OperationCanceledException">The pipeline was stopped while waiting.</exception>
        public void DrainAll()
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
        /// Pipeline thread: the items queued ahead that no worker has taken never run (they end with no result, as
        /// after <see cref="Stop"/>); what runs goes on and its results are written. For a run that ends at an
        /// item's failure (-ErrorAction Stop): every item queued ahead was read after the failed one.
        /// </summary>
        public void SkipQueued() => _stopping = true;

        /// <summary>Stops the pipeline (from any thread): nothing queued starts, what runs is cancelled, a wait ends.</summary>
        public void Stop()
        {
            _stopping = true;
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Stopped after the command was disposed: nothing is running any more.
            }
        }

        public void Dispose()
        {
            _cancel.Cancel();
            _cancel.Dispose();
        }

        /// <summary>Pipeline thread: forgets the key of a finished item and runs its result (in order, when ordered).</summary>
        private void Complete(Entry entry)
        {
            if (entry.Key != null && _lastByKey.TryGetValue(entry.Key, out var last) && last == entry.Finished!.Task)
            {
                _lastByKey.Remove(entry.Key);
            }

            if (entry.Sequence < 0)
            {
                entry.Result!();
                return;
            }

            _held[entry.Sequence] = entry.Result!;
            while (_held.TryGetValue(_nextToWrite, out var next))
            {
                _held.Remove(_nextToWrite);
                _nextToWrite++;
                next();
            }
        }

        private async Task WorkerLoopAsync()
        {
            while (true)
            {
                try
                {
                    await _available.WaitAsync(_token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    AbandonQueued();
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                if (_pending.TryDequeue(out var next))
                {
                    await RunAsync(next).ConfigureAwait(false); // an item checks _stopping itself before it runs
                }
            }
        }

        private async Task RunAsync(Entry entry)
        {
            var token = _token;
            Action done;
            bool failed = false;
            try
            {
                if (entry.Previous != null)
                {
                    // An earlier item with the same key was queued first, so it is running: wait for it.
                    await entry.Previous.ConfigureAwait(false);
                }

                done = _stopping ? Nothing : await _run(entry.Work, token).ConfigureAwait(false) ?? Nothing;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                done = Nothing;
            }
            catch (Exception e)
            {
                done = _fail(entry.Work, e) ?? Nothing;
                failed = true;
            }
            finally
            {
                entry.Finished?.TrySetResult(true);
            }

            Finish(entry, done, failed);
        }

        /// <summary>Stopped: the items queued ahead that no worker took end with no result, so nothing waits for them.</summary>
        private void AbandonQueued()
        {
            while (_pending.TryDequeue(out var entry))
            {
                entry.Finished?.TrySetResult(true);
                Finish(entry, Nothing);
            }
        }

        /// <summary>
        /// Hands an item's result to the pipeline thread and frees its place in the window. A failure wakes a waiting
        /// pipeline thread at once, as a posted message does, rather than when the window is down to its low water:
        /// its error is written as it happens, and a command that stops at it (-ErrorAction Stop) stops before the
        /// workers have taken more of the items queued ahead.
        /// </summary>
        private void Finish(Entry entry, Action done, bool failed = false)
        {
            entry.Result = done;
            _outbox.Enqueue(entry);
            if (failed)
            {
                Interlocked.Increment(ref _posted); // as a message: a pipeline thread about to sleep sees it and does not
            }

            int left = Interlocked.Decrement(ref _inFlight);
            int wakeAt = Volatile.Read(ref _wakeAt);
            if (wakeAt >= 0 && (failed || left <= wakeAt))
            {
                WakePipelineThread(wakeAt);
            }
        }

        /// <summary>
        /// Sleeps on the pipeline thread until at most <paramref name="level"/> items are queued or
        /// running, or a message was posted; <see cref="Stop"/> ends the wait. The caller runs what arrived.
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
                _wake.Wait(_token);
                _wake.Reset();
            }
            catch (OperationCanceledException)
            {
                Interlocked.Exchange(ref _wakeAt, -1);
                throw Stopped();
            }
        }

        private OperationCanceledException Stopped() => new OperationCanceledException("The pipeline was stopped.", _token);

        /// <summary>Called off-thread: wakes the pipeline thread once, whoever gets there first.</summary>
        private void WakePipelineThread(int wakeAt)
        {
            if (Interlocked.CompareExchange(ref _wakeAt, -1, wakeAt) == wakeAt)
            {
                _wake.Set();
            }
        }

        /// <summary>One queued item and, once it has run, its result; or a posted message (Sequence -1, no key).</summary>
        private sealed class Entry
        {
            public Entry(TWork work, long sequence, string? key)
            {
                Work = work;
                Sequence = sequence;
                Key = key;
            }

            public Entry(Action message)
            {
                Work = default!;
                Sequence = -1;
                Result = message;
            }

            public TWork Work { get; }

            public long Sequence { get; }

            public string? Key { get; }

            public Task? Previous { get; set; }

            public TaskCompletionSource<bool>? Finished { get; set; }

            public Action? Result { get; set; }
        }
    }
}
