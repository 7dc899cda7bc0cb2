extern alias module;
using module::CodeStarProfiles.Pipeline;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The one count of a run: what the -Verbose summary and the progress line say.</summary>
public sealed class RunTallyTests
{
    [Fact]
    public void Nothing_taken_means_no_summary_and_no_progress_yet()
    {
        var tally = new RunTally("New-CodeStarUserProfile", "created");
        Assert.Null(tally.Summary());
        Assert.Null(tally.ProgressDue()); // never in the first two seconds
        Assert.False(tally.ProgressShown);
    }

    [Fact]
    public void The_summary_counts_each_ending_and_names_the_overwritten()
    {
        var tally = new RunTally("New-CodeStarUserProfile", "created");
        for (int i = 0; i < 6; i++)
        {
            tally.Take();
        }

        tally.Succeed();
        tally.Succeed();
        tally.Succeed(overwritten: true);
        tally.Fail();
        tally.Skip();
        Assert.Equal((6, 3, 1, 1, 1), (tally.Processed, tally.Succeeded, tally.Overwritten, tally.Failed, tally.Skipped));
        var summary = tally.Summary()!;
        Assert.Matches(@"^New-CodeStarUserProfile: 6 items in \d+\.\d s \(\d+\.\d/s\): 2 created, 1 overwritten, 1 failed, 1 skipped\.$", summary);
    }

    [Fact]
    public void Without_overwrites_the_summary_says_only_the_verb()
    {
        var tally = new RunTally("Remove-CodeStarUserProfile", "removed");
        tally.Take();
        tally.Succeed();
        Assert.EndsWith(": 1 removed, 0 failed, 0 skipped.", tally.Summary());
    }

    [Fact]
    public void A_plan_resets_the_items_and_counts_its_changes_at_once()
    {
        var tally = new RunTally("Compare-CodeStarUserProfile", "planned");
        tally.Take();
        tally.Take();
        tally.Succeed(5);
        tally.Reset(4);
        Assert.Equal((4, 5), (tally.Processed, tally.Succeeded));
        Assert.Contains(": 4 items in ", tally.Summary());
    }

    [Fact]
    public void Progress_counts_the_items_ended_not_those_taken_and_is_due_after_two_seconds_then_once_a_second()
    {
        long now = 0;
        var tally = new RunTally("New-CodeStarUserProfile", "created", () => now);
        for (int i = 0; i < 10; i++)
        {
            tally.Take(); // ten rows sent, none answered yet
        }

        tally.Succeed();
        tally.Fail();
        now = 1999;
        Assert.Null(tally.ProgressDue(out _));
        now = 2000;
        Assert.Equal("2 processed: 1 created, 1 failed, 0 skipped; 1/s", tally.ProgressDue(out int percent));
        Assert.Equal(-1, percent); // how many rows come is not known: no percentage
        Assert.True(tally.ProgressShown);
        tally.Skip();
        now = 2999;
        Assert.Null(tally.ProgressDue(out _));
        now = 3000;
        Assert.Equal("3 processed: 1 created, 1 failed, 1 skipped; 1/s", tally.ProgressDue(out _));
        Assert.Equal((10, 3), (tally.Processed, tally.Finished));
    }

    [Fact]
    public void A_known_number_of_items_gives_a_percentage_of_those_ended_that_reaches_100_only_when_all_have()
    {
        long now = 0;
        var tally = new RunTally("Remove-CodeStarUserProfile", "removed", () => now);
        tally.Expect(3);
        tally.Expect(1);
        for (int i = 0; i < 4; i++)
        {
            tally.Take();
        }

        tally.Succeed();
        tally.Succeed();
        now = 2000;
        Assert.Equal("2 of 4 processed: 2 removed, 0 failed, 0 skipped; 1/s", tally.ProgressDue(out int percent));
        Assert.Equal(50, percent);
        tally.Succeed();
        tally.Fail();
        now = 4000;
        Assert.StartsWith("4 of 4 processed: 3 removed, 1 failed", tally.ProgressDue(out percent));
        Assert.Equal(100, percent);
    }

    [Fact]
    public void A_plan_counts_its_own_changes_out_of_its_size_not_the_rows_rejected_before_it()
    {
        long now = 0;
        var tally = new RunTally("Sync-CodeStarUserProfile", "applied", () => now);
        tally.Take();
        tally.Take();
        tally.Take();
        tally.Take();
        tally.Fail(); // a bad input row, before the plan
        tally.Skip();
        tally.Succeed();
        tally.Reset(8);
        now = 2000;
        Assert.Equal("0 of 8 processed: 0 applied, 0 failed, 0 skipped; 0/s", tally.ProgressDue(out int percent));
        Assert.Equal(0, percent);
        for (int i = 0; i < 6; i++)
        {
            tally.Succeed();
        }

        now = 3000;
        Assert.Equal("6 of 8 processed: 6 applied, 0 failed, 0 skipped; 2/s", tally.ProgressDue(out percent));
        Assert.Equal(75, percent);
        Assert.Equal(1, tally.Failed); // the summary still counts the rejected row

        // An empty plan has no percentage to show (and no division by its zero items).
        var empty = new RunTally("Sync-CodeStarUserProfile", "applied", () => now);
        empty.Reset(0);
        empty.Fail();
        Assert.Equal("1 processed: 0 applied, 1 failed, 0 skipped; 0/s", empty.ProgressDue(out percent));
        Assert.Equal(-1, percent);
    }
}
