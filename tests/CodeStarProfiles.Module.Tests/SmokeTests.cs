using Xunit;

namespace CodeStarProfiles.Module.Tests;

public sealed class SmokeTests : IClassFixture<ModuleFixture>
{
    private readonly ModuleFixture _f;

    public SmokeTests(ModuleFixture f) => _f = f;

    [Fact]
    public void Creates_and_gets_a_profile()
    {
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("smoke");
        var r = s.Run("New-CodeStarUserProfile -UserArn $arn -DisplayName 'Mary Jane Major' -EmailAddress 'mary@example.com' @Conn", new Dictionary<string, object?> { ["arn"] = arn });
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        Assert.Equal("MJ", r.Prop(0, "Initials"));
        var g = s.Run("Get-CodeStarUserProfile -UserArn $arn @Conn | Out-Default");
        Assert.Empty(g.Errors);
        Assert.Contains("Mary Jane Major", s.Host.Text);
    }
}
