extern alias module;
using System.Collections.Concurrent;
using CsCheck;
using module::CodeStarProfiles.Pipeline;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// The cmdlets' async pipeline without a runspace: results on the calling thread, in input order when
/// asked, never more than the window running (and another queued ahead), stop and cancellation, and what a failing item or a
/// throwing result does. Waits are bounded by <see cref="Patience"/>, loose for a slow CI machine.
/// </summary>
public sealed class BulkPipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>An item: its number, how long it takes, and an optional gate it waits at.</summary>
    private sealed record Item(int Number, int DelayMs = 0, TaskCompletionSource? Gate = null, bool Throws = false);

    /// <summary>Counts what the pipeline does with its items, as seen from inside the work.</summary>
    private sealed class Probe
    {
        private int _running;
        private int _maxRunning;
        private int _started;

        public ConcurrentQueue<int> StartedItems { get; } = new();

        public int MaxRunning => Volatile.Read(ref _maxRunning);

        public int Started => Volatile.Read(ref _started);

        public List<int> Written { get; } = new();

        public List<(int Number, string Message)> Failures { get; } = new();

        public List<int> WrittenOnThreads { get; } = new();

        public async Task<Action> Run(Item item, CancellationToken ct)
        {
            Interlocked.Increment(ref _started);
            StartedItems.Enqueue(item.Number);
            int now = Interlocked.Increment(ref _running);
            int max;
            while (now > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, max) != max)
            {
            }

            try
            {
                if (item.Gate != null)
                {
                    await item.Gate.Task.WaitAsync(ct).ConfigureAwait(false);
                }

                if (item.DelayMs > 0)
                {
                    await Task.Delay(item.DelayMs, ct).ConfigureAwait(false);
                }
                else
                {
                    await Task.Yield();
                }

                if (item.Throws)
                {
                    throw new InvalidOperationException("item " + item.Number + " failed");
                }
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }

            return () =>
            {
                Written.Add(item.Number);
                WrittenOnThreads.Add(Environment.CurrentManagedThreadId);
            };
        }

        public Action Fail(Item item, Exception e) => () => Failures.Add((item.Number, e.Message));

        public BulkPipeline<Item> Pipeline(int concurrency, bool ordered) => new(concurrency, ordered, Run, Fail);
    }

    /// <summary>Runs <paramref name="body"/> on a thread of its own (the "pipeline thread"), failing after <see cref="Patience"/>.</summary>
    private static Thread PipelineThread(Action body, out Func<Exception?> join)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                error = e;
            }
        }) { IsBackground = true };
        thread.Start();
        join = () =>
        {
            Assert.True(thread.Join(Patience), "the pipeline thread did not finish in time");
            return error;
        };
        return thread;
    }

    /// <summary>Waits until <paramref name="condition"/> holds or <see cref="Patience"/> is up; whether it held.</summary>
    private static bool WaitFor(Func<bool> condition, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return true;
    }

    [Fact]
    public void Ordered_results_are_written_in_input_order_on_the_calling_thread()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 4, ordered: true);
        int[] delays = { 40, 1, 25, 0, 10, 30, 0, 5, 15, 0 }; // later items finish first
        for (int i = 0; i < delays.Length; i++)
        {
            pipeline.Start(new Item(i, delays[i]));
        }

        pipeline.DrainAll();

        Assert.Equal(Enumerable.Range(0, delays.Length), probe.Written);
        Assert.All(probe.WrittenOnThreads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
        Assert.Equal(0, pipeline.InFlight);
    }

    [Fact]
    public void Unordered_results_are_written_as_they_complete()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 2, ordered: false);
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.Start(new Item(0, Gate: slow));
        pipeline.Start(new Item(1));
        // Item 1 is done while item 0 waits: draining what has completed writes it first.
        var deadline = DateTime.UtcNow + Patience;
        while (probe.Written.Count == 0 && DateTime.UtcNow < deadline)
        {
            pipeline.DrainReady();
            Thread.Sleep(5);
        }

        Assert.Equal(new[] { 1 }, probe.Written);
        slow.SetResult();
        pipeline.DrainAll();
        Assert.Equal(new[] { 1, 0 }, probe.Written);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    public void Never_more_than_the_window_running_nor_its_read_ahead_queued_and_the_next_item_waits_for_room(int window)
    {
        int places = 2 * window; // the window running and as many again queued ahead
        var probe = new Probe();
        using var pipeline = probe.Pipeline(window, ordered: false);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var nextQueued = new ManualResetEventSlim();
        PipelineThread(() =>
        {
            for (int i = 0; i < places; i++)
            {
                pipeline.Start(new Item(i, Gate: gate));
                Assert.True(pipeline.InFlight <= places);
            }

            pipeline.Start(new Item(places)); // blocks until the gated ones are done
            nextQueued.Set();
            pipeline.DrainAll();
        }, out var join);

        WaitFor(() => probe.Started == window && pipeline.InFlight == places);

        Assert.False(nextQueued.Wait(200), "an item beyond the window and the items queued ahead was queued while both were full");
        Assert.Equal(window, probe.Started); // the items queued ahead wait for a worker
        Assert.Equal(places, pipeline.InFlight);
        gate.SetResult();
        Assert.Null(join());
        Assert.True(nextQueued.IsSet);
        Assert.Equal(places + 1, probe.Started);
        Assert.Equal(window, probe.MaxRunning);
        Assert.Equal(Enumerable.Range(0, places + 1), probe.Written.Order());
    }

    [Fact]
    public void A_worker_that_finishes_starts_the_item_queued_ahead_without_the_pipeline_thread()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 1, ordered: true);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PipelineThread(() =>
        {
            pipeline.Start(new Item(0, Gate: gate));
            pipeline.Start(new Item(1)); // queued ahead, without waiting: the window of one is running item 0
        }, out var join);
        bool queuedWithoutWaiting = WaitFor(() => probe.Started == 1 && pipeline.InFlight == 2, TimeSpan.FromSeconds(5));
        gate.TrySetResult(); // (if it waited, so it ends)
        Assert.Null(join());
        Assert.True(queuedWithoutWaiting, "the item after the one running was not queued ahead while it ran");

        WaitFor(() => pipeline.InFlight == 0); // the calling threads make no pipeline call until both are done

        Assert.Equal(0, pipeline.InFlight);
        Assert.Equal(new[] { 0, 1 }, probe.StartedItems);
        Assert.Empty(probe.Written); // results are written only on the calling thread, when it drains
        pipeline.DrainAll();
        Assert.Equal(new[] { 0, 1 }, probe.Written);
        Assert.Equal(1, probe.MaxRunning);
    }

    [Fact]
    public void An_items_exception_becomes_its_failure_result_and_the_rest_go_on()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 2, ordered: true);
        for (int i = 0; i < 5; i++)
        {
            pipeline.Start(new Item(i, Throws: i == 2));
        }

        pipeline.DrainAll();

        Assert.Equal(new[] { 0, 1, 3, 4 }, probe.Written);
        var failure = Assert.Single(probe.Failures);
        Assert.Equal((2, "item 2 failed"), failure);
        Assert.False(pipeline.IsStopping);
    }

    [Fact]
    public void A_result_that_throws_stops_the_pipeline_and_nothing_queued_after_it_runs()
    {
        var started = new ConcurrentQueue<int>();
        var written = new List<int>();
        using var pipeline = new BulkPipeline<int>(1, false,
            async (n, ct) =>
            {
                started.Enqueue(n);
                await Task.Yield();
                return n == 0 ? () => throw new InvalidOperationException("downstream stopped") : () => written.Add(n);
            },
            (n, e) => () => { });

        pipeline.Start(0);
        var e = Assert.Throws<InvalidOperationException>(() => pipeline.DrainAll());
        Assert.Equal("downstream stopped", e.Message);
        Assert.True(pipeline.IsStopping);

        pipeline.Start(1); // queued after the stop: its work never runs
        pipeline.DrainAll();
        Assert.Equal(new[] { 0 }, started);
        Assert.Empty(written);
    }

    [Fact]
    public void Stop_cancels_what_runs_ends_a_wait_for_room_and_what_was_queued_ahead_never_runs()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 2, ordered: false);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int places = 2 * 2; // the window running and as many again queued ahead
        PipelineThread(() =>
        {
            pipeline.Start(new Item(0, Gate: never));
            pipeline.Start(new Item(1, Gate: never));
            for (int i = 2; i < places; i++)
            {
                pipeline.Start(new Item(i)); // queued ahead of the two running
            }

            pipeline.Start(new Item(places)); // waits for room until Stop, or finds the pipeline stopped
        }, out var join);

        WaitFor(() => probe.Started == 2 && pipeline.InFlight == places);

        Assert.Equal(2, probe.Started);
        Assert.Equal(places, pipeline.InFlight);
        pipeline.Stop();
        var error = join();
        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(pipeline.Cancellation, cancelled.CancellationToken);
        Assert.Equal("The pipeline was stopped.", cancelled.Message);
        Assert.True(pipeline.Cancellation.IsCancellationRequested);
        Assert.True(pipeline.IsStopping);

        WaitFor(() => pipeline.InFlight == 0);
        pipeline.DrainReady(); // the cancelled items and the ones queued ahead end with no result and no failure
        Assert.Equal(0, pipeline.InFlight);
        Assert.Empty(probe.Written);
        Assert.Empty(probe.Failures);
        Assert.Equal(new[] { 0, 1 }, probe.StartedItems.Order());
        Assert.Throws<OperationCanceledException>(() => pipeline.Start(new Item(places + 1))); // room now, but stopped
        Assert.Equal(2, probe.Started);
    }

    [Fact]
    public void Items_with_the_same_key_run_one_after_another_in_input_order()
    {
        var log = new ConcurrentQueue<string>();
        int running = 0, overlap = 0;
        using var pipeline = new BulkPipeline<int>(8, false,
            async (n, ct) =>
            {
                if (Interlocked.Increment(ref running) > 1)
                {
                    Interlocked.Increment(ref overlap);
                }

                log.Enqueue("start " + n);
                await Task.Delay(n % 3 == 0 ? 15 : 1, ct);
                log.Enqueue("end " + n);
                Interlocked.Decrement(ref running);
                return () => { };
            },
            (n, e) => () => { });

        for (int i = 0; i < 6; i++)
        {
            pipeline.Start(i, key: "arn:aws:iam::111111111111:user/same");
        }

        pipeline.DrainAll();

        Assert.Equal(0, overlap);
        Assert.Equal(Enumerable.Range(0, 6).SelectMany(i => new[] { "start " + i, "end " + i }), log);
    }

    [Fact]
    public void A_posted_message_wakes_the_waiting_pipeline_thread_and_runs_on_it()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 1, ordered: false);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var messageRan = new ManualResetEventSlim();
        int pipelineThreadId = 0, messageThreadId = -1;
        PipelineThread(() =>
        {
            pipelineThreadId = Environment.CurrentManagedThreadId;
            pipeline.Start(new Item(0, Gate: gate));
            pipeline.DrainAll(); // sleeps until item 0 is done, but a message wakes it
        }, out var join);

        WaitFor(() => probe.Started == 1);

        Task.Run(() => pipeline.Post(() =>
        {
            messageThreadId = Environment.CurrentManagedThreadId;
            messageRan.Set();
        }));
        Assert.True(messageRan.Wait(Patience), "the posted message did not run while the item was still running");
        Assert.Equal(pipelineThreadId, messageThreadId);
        Assert.Empty(probe.Written);
        gate.SetResult();
        Assert.Null(join());
        Assert.Equal(new[] { 0 }, probe.Written);
    }

    [Fact]
    public void A_window_of_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BulkPipeline<int>(0, false, (n, ct) => Task.FromResult<Action>(() => { }), (n, e) => () => { }));
    }

    [Fact]
    public void The_window_and_both_callbacks_are_required()
    {
        Func<int, CancellationToken, Task<Action>> run = (n, ct) => Task.FromResult<Action>(() => { });
        Func<int, Exception, Action> fail = (n, e) => () => { };
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new BulkPipeline<int>(0, false, run, fail));
        Assert.Equal(("concurrency", 0), (zero.ParamName, (int)zero.ActualValue!));
        Assert.StartsWith("At least one item must be able to run.", zero.Message);
        Assert.Equal("run", Assert.Throws<ArgumentNullException>(() => new BulkPipeline<int>(1, false, null!, fail)).ParamName);
        Assert.Equal("fail", Assert.Throws<ArgumentNullException>(() => new BulkPipeline<int>(1, false, run, null!)).ParamName);
        using var one = new BulkPipeline<int>(1, false, run, fail); // a window of one is a window
        one.Start(1);
        one.DrainAll();
    }

    [Fact]
    public void A_full_window_and_queue_ahead_wait_until_half_of_the_queue_ahead_is_used()
    {
        const int window = 8; // 8 running and 8 queued ahead
        int ahead = window; // as many again queued ahead
        var probe = new Probe();
        using var pipeline = probe.Pipeline(window, ordered: false);
        var gates = Enumerable.Range(0, window + ahead).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var nextQueued = new ManualResetEventSlim();
        PipelineThread(() =>
        {
            for (int i = 0; i < window + ahead; i++)
            {
                pipeline.Start(new Item(i, Gate: gates[i]));
            }

            pipeline.Start(new Item(window + ahead)); // both full: waits until half of the items ahead have been taken
            nextQueued.Set();
            pipeline.DrainAll();
        }, out var join);

        WaitFor(() => probe.Started == window && pipeline.InFlight == window + ahead);
        for (int i = 0; i < ahead / 2 - 1; i++)
        {
            gates[i].SetResult();
        }

        WaitFor(() => pipeline.InFlight == window + ahead / 2 + 1);
        Assert.Equal(window + ahead / 2 + 1, pipeline.InFlight);
        Assert.False(nextQueued.Wait(200), "fewer finished items than half the queue ahead let the next one in");
        gates[ahead / 2 - 1].SetResult();
        Assert.True(nextQueued.Wait(Patience), "half the queue ahead finished did not let the next one in");
        foreach (var gate in gates)
        {
            gate.TrySetResult();
        }

        Assert.Null(join());
        Assert.Equal(Enumerable.Range(0, window + ahead + 1), probe.Written.Order());
    }

    [Fact]
    public void A_failure_wakes_the_pipeline_thread_at_once_and_skipping_the_queue_sends_nothing_more()
    {
        const int window = 4;
        int places = 2 * window; // the window running and as many again queued ahead
        var probe = new Probe();
        BulkPipeline<Item>? pipeline = null;
        // As -ErrorAction Stop does: the failure's result, on the pipeline thread, skips what is queued.
        using var made = new BulkPipeline<Item>(window, false, probe.Run, (item, e) =>
        {
            var report = probe.Fail(item, e);
            return () =>
            {
                report();
                pipeline!.SkipQueued();
            };
        });
        pipeline = made;
        var gates = Enumerable.Range(0, places).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        PipelineThread(() =>
        {
            for (int i = 0; i < places; i++)
            {
                made.Start(new Item(i, Gate: gates[i], Throws: i == 0));
            }

            made.Start(new Item(-1)); // both full: sleeps until the low water (6), or a failure
            made.DrainAll();
        }, out var join);

        WaitFor(() => probe.Started == window && made.InFlight == places);
        gates[0].SetResult(); // item 0 throws: one place free, far from the low water
        Assert.True(WaitFor(() => probe.Failures.Count == 1, TimeSpan.FromSeconds(5)), "the failure was not written until the window drained to its low water");
        foreach (var gate in gates)
        {
            gate.TrySetResult();
        }

        Assert.Null(join());
        var started = probe.StartedItems.Order().ToList();
        Assert.Subset(new HashSet<int> { 0, 1, 2, 3, 4 }, started.ToHashSet()); // 0 to 3 ran; item 0's worker may have taken item 4 before the skip
        Assert.Subset(started.ToHashSet(), new HashSet<int> { 0, 1, 2, 3 });
        Assert.Equal(new[] { 0 }, probe.Failures.Select(f => f.Number));
        Assert.Equal(0, made.InFlight);
    }

    [Fact]
    public void Results_held_for_an_earlier_one_count_against_the_window()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 2, ordered: true); // 2 running, 2 ahead
        int places = 2 * 2; // the window running and as many again queued ahead
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastQueued = new ManualResetEventSlim();
        PipelineThread(() =>
        {
            pipeline.Start(new Item(0, Gate: first));
            for (int i = 1; i < places; i++)
            {
                pipeline.Start(new Item(i)); // done at once, but held until item 0's result is written
            }

            pipeline.Start(new Item(places)); // one running and the others held fill the places
            lastQueued.Set();
            pipeline.DrainAll();
        }, out var join);

        WaitFor(() => probe.Started == places && pipeline.InFlight == 1);
        Assert.Equal(1, pipeline.InFlight);
        Assert.False(lastQueued.Wait(200), "an item was queued while a running one and held results filled the window");
        Assert.Equal(places, probe.Started);
        first.SetResult();
        Assert.Null(join());
        Assert.True(lastQueued.IsSet);
        Assert.Equal(Enumerable.Range(0, places + 1), probe.Written);
    }

    [Fact]
    public void Queuing_first_writes_what_has_completed()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 4, ordered: false);
        pipeline.Start(new Item(0));
        WaitFor(() => pipeline.InFlight == 0);
        Assert.Empty(probe.Written); // done, but nothing runs off the calling thread's own calls
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.Start(new Item(1, Gate: gate)); // far from a full window, yet item 0's result is written now
        Assert.Equal(new[] { 0 }, probe.Written);
        gate.SetResult();
        pipeline.DrainAll();
        Assert.Equal(new[] { 0, 1 }, probe.Written);
    }

    [Fact]
    public void A_key_is_kept_until_its_last_item_is_done()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 8, ordered: false);
        var a = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const string key = "arn:aws:iam::111111111111:user/same";
        pipeline.Start(new Item(0, Gate: a), key);
        pipeline.Start(new Item(1, Gate: b), key); // waits for item 0
        a.SetResult();
        WaitFor(() => probe.Started == 2);
        WaitFor(() => pipeline.InFlight == 1);
        pipeline.DrainReady(); // item 0's result: the key still belongs to item 1, which runs
        Assert.Equal(new[] { 0 }, probe.Written);
        pipeline.Start(new Item(2), key); // must wait for item 1
        Assert.False(SpinWait.SpinUntil(() => probe.Started == 3, 200), "an item started while an earlier one with its key was still running");
        b.SetResult();
        pipeline.DrainAll();
        Assert.Equal(new[] { 0, 1, 2 }, probe.Written);
        Assert.Equal(new[] { 0, 1, 2 }, probe.StartedItems);
    }

    [Fact]
    public void The_key_of_a_finished_item_is_forgotten()
    {
        // A bulk run names every row's ARN as its key: the pipeline must not keep them all to the end.
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 1, ordered: false);
        var key = StartWithKeyOfItsOwn(pipeline, new Item(0));
        pipeline.Start(new Item(1)); // the worker's last item is now another one
        pipeline.DrainAll();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(new[] { 0, 1 }, probe.Written);
        Assert.False(key.IsAlive, "the pipeline still holds the key of an item that finished long ago");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference StartWithKeyOfItsOwn(BulkPipeline<Item> pipeline, Item item)
    {
        string key = new string('k', 40); // not interned: only the pipeline can keep it alive
        pipeline.Start(item, key);
        return new WeakReference(key);
    }

    [Fact]
    public void Stop_ends_a_wait_for_everything_with_the_stop()
    {
        // Ctrl+C while the command waits for its last results (EndProcessing), with an item that does not
        // give up when cancelled: the wait ends at once, as stopped, not when the item finally ends.
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new ManualResetEventSlim();
        using var pipeline = new BulkPipeline<int>(2, false,
            async (n, ct) =>
            {
                started.Set();
                await stuck.Task; // ignores the cancellation
                return () => { };
            },
            (n, e) => () => { });
        try
        {
            PipelineThread(() =>
            {
                pipeline.Start(0);
                pipeline.DrainAll();
            }, out var join);

            Assert.True(started.Wait(Patience));
            Thread.Sleep(50); // the pipeline thread goes to sleep in DrainAll (or finds the stop when it gets there)
            pipeline.Stop();
            var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(join());
            Assert.Equal(pipeline.Cancellation, cancelled.CancellationToken);
            Assert.Equal(1, pipeline.InFlight); // the item still runs: the wait did not wait for it
        }
        finally
        {
            stuck.TrySetResult();
        }
    }

    [Fact]
    public void Stop_keeps_what_is_queued_from_starting()
    {
        var probe = new Probe();
        using var pipeline = probe.Pipeline(concurrency: 2, ordered: false);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.Start(new Item(0, Gate: never), key: "k");
        pipeline.Start(new Item(1), key: "k"); // queued behind item 0
        WaitFor(() => probe.Started == 1);
        pipeline.Stop();
        WaitFor(() => pipeline.InFlight == 0);
        pipeline.DrainAll();
        Assert.True(pipeline.IsStopping);
        Assert.Equal(new[] { 0 }, probe.StartedItems); // item 1 never ran, though item 0 ended and made room
        Assert.Empty(probe.Written);
        Assert.Empty(probe.Failures);
    }

    [Fact]
    public void Dispose_cancels_what_still_runs_and_a_later_stop_is_harmless()
    {
        var probe = new Probe();
        var pipeline = probe.Pipeline(concurrency: 1, ordered: false);
        pipeline.Start(new Item(0, Gate: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        WaitFor(() => probe.Started == 1);
        pipeline.Dispose();
        WaitFor(() => pipeline.InFlight == 0);
        Assert.Equal(0, pipeline.InFlight); // the item saw the cancellation and ended
        pipeline.Stop(); // a Ctrl+C after the command was disposed
        Assert.True(pipeline.IsStopping);
        Assert.Empty(probe.Failures);
    }

    [Fact]
    public void An_items_own_cancellation_is_its_failure_and_null_results_write_nothing()
    {
        var failures = new List<string>();
        using var pipeline = new BulkPipeline<int>(2, false,
            async (n, ct) =>
            {
                await Task.Yield();
                return n switch
                {
                    0 => throw new OperationCanceledException("a timeout of its own"), // not a stop: a failure
                    1 => null!,
                    2 => throw new InvalidOperationException("no result from fail"),
                    _ => () => { },
                };
            },
            (n, e) => n == 2 ? null! : () => failures.Add(e.Message));
        for (int i = 0; i < 4; i++)
        {
            pipeline.Start(i);
        }

        pipeline.DrainAll();
        Assert.Equal(new[] { "a timeout of its own" }, failures);
        Assert.Equal(0, pipeline.InFlight);
        Assert.False(pipeline.IsStopping);
    }

    /// <summary>
    /// Whatever the window, the order flag, the items' timings and which of them fail: every item ends
    /// exactly once (a result or a failure), in input order when ordered, never more than the window
    /// running nor more than another window queued ahead, and all of it on the calling thread.
    /// </summary>
    [Fact]
    public void Every_item_ends_exactly_once_within_the_window()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Bool, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 9]).Array[0, 40])
            .Sample((window, ordered, items) =>
            {
                var probe = new Probe();
                using var pipeline = probe.Pipeline(window, ordered);
                int maxInFlight = 0;
                for (int i = 0; i < items.Length; i++)
                {
                    pipeline.Start(new Item(i, items[i].Item1, Throws: items[i].Item2 == 0), key: i % 5 == 0 ? "shared" : null);
                    maxInFlight = Math.Max(maxInFlight, pipeline.InFlight);
                }

                pipeline.DrainAll();
                var failed = Enumerable.Range(0, items.Length).Where(i => items[i].Item2 == 0).ToList();
                var succeeded = Enumerable.Range(0, items.Length).Where(i => items[i].Item2 != 0).ToList();
                Assert.Equal(failed, probe.Failures.Select(f => f.Number).Order());
                if (ordered)
                {
                    Assert.Equal(succeeded, probe.Written);
                }
                else
                {
                    Assert.Equal(succeeded, probe.Written.Order());
                }

                Assert.True(probe.MaxRunning <= window, $"{probe.MaxRunning} ran at once in a window of {window}");
                Assert.True(maxInFlight <= 2 * window, $"{maxInFlight} running or queued ahead in a window of {window}");
                Assert.All(probe.WrittenOnThreads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
                Assert.Equal(0, pipeline.InFlight);
            }, iter: 60);
    }
}
