extern alias module;
using module::CodeStarProfiles.Completion;
using Xunit;

public sealed class ScopeCompleterTests
{
    [Fact]
    public void Every_path_above_an_arn_is_a_pattern_counted_once_per_arn()
    {
        var patterns = ScopeCompleter.PathPatterns(new[]
        {
            "arn:aws:iam::111111111111:user/staff/eng/bob",
            "arn:aws:iam::111111111111:user/staff/eng/ann",
            "arn:aws:iam::111111111111:user/staff/ops/cy",
            "arn:aws:iam::111111111111:user/root-user",
            "arn:aws:iam::222222222222:user/x/y",
            "not-an-arn",
        });
        Assert.Equal(new Dictionary<string, int>
        {
            ["arn:aws:iam::111111111111:user/*"] = 4,
            ["arn:aws:iam::111111111111:user/staff/*"] = 3,
            ["arn:aws:iam::111111111111:user/staff/eng/*"] = 2,
            ["arn:aws:iam::111111111111:user/staff/ops/*"] = 1,
            ["arn:aws:iam::222222222222:user/*"] = 1,
            ["arn:aws:iam::222222222222:user/x/*"] = 1,
        }, patterns);
        Assert.Equal(patterns.Keys.OrderBy(k => k, StringComparer.Ordinal), patterns.Keys);
    }
}
