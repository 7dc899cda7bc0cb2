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
}
