using System;
using System.Diagnostics;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Pipeline
{
    /// <summary>
    /// The one count of a command's run: items taken, and how each ended (succeeded, of those how many
    /// overwritten, failed, skipped); when progress is due and what it says; the -Verbose summary
    /// (their wording is in Strings.resx, through SR: no PowerShell type here). Pipeline thread only:
    /// plain counters, no locks.
    /// </summary>
    internal sealed class RunTally
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Func<long> _elapsedMs;
        private readonly string _command;
        private readonly string _succeededWord;
        private long _lastProgressMs = -1;

        /// <param name="command">The command's name, as the summary and progress start.</param>
        /// <param name="succeededWord">The verb for what succeeded, e.g. "created".</param>
        public RunTally(string command, string succeededWord)
            : this(command, succeededWord, null)
        {
        }

        /// <param name="elapsedMs">The run's clock in milliseconds (tests set it; default: a stopwatch started now).</param>
        internal RunTally(string command, string succeededWord, Func<long>? elapsedMs)
        {
            _command = command;
            _succeededWord = succeededWord;
            _elapsedMs = elapsedMs ?? (() => _clock.ElapsedMilliseconds);
        }

        /// <summary>Items taken so far (good and bad).</summary>
        public int Processed { get; private set; }

        public int Succeeded { get; private set; }

        public int Failed { get; private set; }

        public int Skipped { get; private set; }

        /// <summary>Of <see cref="Succeeded"/>, how many were overwritten rather than created (New -Force).</summary>
        public int Overwritten { get; private set; }

        /// <summary>Whether any progress was shown (so a "Completed" record is due at the end).</summary>
        public bool ProgressShown => _lastProgressMs >= 0;

        /// <summary>Items that have ended (succeeded, failed or skipped): what progress counts, not what was taken, which runs a window ahead.</summary>
        public int Finished => Succeeded + Failed + Skipped;

        /// <summary>How many items the run has when that is known up front (a plan, typed ARNs), else null; progress then shows a percentage.</summary>
        public int? Total { get; private set; }

        /// <summary>One more item taken.</summary>
        public void Take() => Processed++;

        /// <summary>
        /// The items of the run are these <paramref name="items"/>, not what was taken so far (Sync applies
        /// a plan: its items are the changes, whatever the input rows were). Progress counts from here, out of them.
        /// </summary>
        public void Reset(int items)
        {
            Processed = items;
            Total = items;
            _before = (Succeeded, Failed, Skipped);
        }

        /// <summary><paramref name="items"/> more items are known to come (typed ARNs), so progress can show a percentage.</summary>
        public void Expect(int items) => Total = (Total ?? 0) + items;

        // What had ended before the items of Reset (a plan's rejected input rows): progress counts only the plan's.
        private (int Succeeded, int Failed, int Skipped) _before;

        public void Succeed(bool overwritten = false)
        {
            Succeeded++;
            if (overwritten)
            {
                Overwritten++;
            }
        }

        /// <summary><paramref name="count"/> items succeeded at once (Compare: the changes of its plan).</summary>
        public void Succeed(int count) => Succeeded += count;

        public void Fail() => Failed++;

        public void Skip() => Skipped++;

        /// <summary>The progress line when one is due (after two seconds, at most once a second), else null.</summary>
        public string? ProgressDue() => ProgressDue(out _);

        /// <summary>
        /// As <see cref="ProgressDue()"/>, with the percentage of the items that have ended when their number
        /// is known (<see cref="Total"/>), else -1. Both count items ended, not items taken, so the bar and
        /// the line reach the end when the work does, not when the last row was sent.
        /// </summary>
        public string? ProgressDue(out int percent)
        {
            percent = -1;
            long now = _elapsedMs();
            if (now < 2000 || (_lastProgressMs >= 0 && now - _lastProgressMs < 1000))
            {
                return null;
            }

            _lastProgressMs = now;
            int succeeded = Succeeded - _before.Succeeded, failed = Failed - _before.Failed, skipped = Skipped - _before.Skipped;
            int finished = succeeded + failed + skipped;
            double rate = finished / Math.Max(now / 1000.0, 0.001);
            if (Total is int total && total > 0)
            {
                percent = (int)Math.Min(100L, finished * 100L / total);
                return SR.TallyProgressOf(finished, total, succeeded, _succeededWord, failed, skipped, rate);
            }

            return SR.TallyProgress(finished, succeeded, _succeededWord, failed, skipped, rate);
        }

        /// <summary>The -Verbose summary of the run, or null when nothing was taken.</summary>
        public string? Summary()
        {
            if (Processed <= 0)
            {
                return null;
            }

            double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            return SR.TallySummary(_command, Processed, seconds, Processed / seconds, SucceededSummary(), Failed, Skipped);
        }

        /// <summary>"5 created" or, when some were overwritten, "3 created, 2 overwritten".</summary>
        private string SucceededSummary() => Overwritten == 0
            ? SR.TallySucceeded(Succeeded, _succeededWord)
            : SR.TallySucceededOverwritten(Succeeded - Overwritten, _succeededWord, Overwritten);
    }
}
