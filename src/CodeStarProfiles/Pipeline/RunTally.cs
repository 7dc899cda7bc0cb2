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
        private readonly string _command;
        private readonly string _succeededWord;
        private long _lastProgressMs = -1;

        /// <param name="command">The command's name, as the summary and progress start.</param>
        /// <param name="succeededWord">The verb for what succeeded, e.g. "created".</param>
        public RunTally(string command, string succeededWord)
        {
            _command = command;
            _succeededWord = succeededWord;
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

        /// <summary>One more item taken.</summary>
        public void Take() => Processed++;

        /// <summary>
        /// The items of the run are these <paramref name="items"/>, not what was taken so far (Sync applies
        /// a plan: its items are the changes, whatever the input rows were).
        /// </summary>
        public void Reset(int items) => Processed = items;

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
        public string? ProgressDue()
        {
            long now = _clock.ElapsedMilliseconds;
            if (now < 2000 || (_lastProgressMs >= 0 && now - _lastProgressMs < 1000))
            {
                return null;
            }

            _lastProgressMs = now;
            double rate = Processed / Math.Max(now / 1000.0, 0.001);
            return SR.TallyProgress(Processed, Succeeded, _succeededWord, Failed, Skipped, rate);
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
