extern alias module;
using System.Diagnostics;
using CodeStarProfiles.Engine;
using CodeStarProfiles.Engine.Connection;
using module::CodeStarProfiles.Completion;
using module::CodeStarProfiles.Infrastructure;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// The connection logic that needs no environment: what completion offers and how it quotes, the
/// advice for a refused signature, and the settings that Connect refuses with the module's own
/// error (never an SDK exception). Everything that reads the environment is tested in
/// tests/Credentials.Tests.ps1, in fresh pwsh processes.
/// </summary>
public sealed class ConnectionLogicTests
{
    [Fact]
    public void Region_names_are_the_SDKs_real_regions_sorted_once_each()
    {
        var names = ConnectionCatalog.RegionNames().Select(r => r.Key).ToList();
        Assert.Contains("us-east-1", names);
        Assert.Contains("eu-west-1", names);
        Assert.DoesNotContain("aws-global", names);
        Assert.DoesNotContain("us-east-1-regional", names);
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Equal("US East (N. Virginia)", ConnectionCatalog.RegionNames().Single(r => r.Key == "us-east-1").Value);
    }

    [Fact]
    public void Profile_names_come_from_the_file_given_and_an_unreadable_file_gives_none()
    {
        string file = Path.Combine(Path.GetTempPath(), "codestar-profiles-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(file, "[zeta]\naws_access_key_id = A\naws_secret_access_key = B\n\n[Alpha]\naws_access_key_id = A\naws_secret_access_key = B\n");
            var names = ConnectionCatalog.ProfileNames(file);
            Assert.Contains("zeta", names);
            Assert.Contains("Alpha", names);
            Assert.True(names.ToList().IndexOf("Alpha") < names.ToList().IndexOf("zeta"));

            File.WriteAllText(file, "[broken\n");
            Assert.Empty(ConnectionCatalog.ProfileNames(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("Line 7:<aws_secret_access_key: s3cr3t> in file /h/.aws/credentials does not contain a section, property or comment.",
        "Line 7 (its text is not shown: it may hold a secret key) in file /h/.aws/credentials does not contain a section, property or comment.")]
    [InlineData("Line 2:<x> in file y> in file /c does not contain a section, property or comment.",
        "Line 2 (its text is not shown: it may hold a secret key) in file /c does not contain a section, property or comment.")]
    [InlineData("Line 3 in file /c contains a line break.", "Line 3 in file /c contains a line break.")]
    [InlineData("Access to the path '/c' is denied.", "Access to the path '/c' is denied.")]
    [InlineData("Zeile 7:<aws_secret_access_key: s3cr3t> in Datei /c", "the file could not be parsed (the SDK's message is not shown: it quotes the file, which may hold a secret key)")]
    public void A_line_the_SDK_cannot_parse_is_named_by_its_number_without_its_text(string message, string expected) =>
        Assert.Equal(expected, SharedProfiles.WithoutLineText(message));

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/Mary_Major", "arn:aws:iam::123456789012:user/Mary_Major")]
    [InlineData("arn:aws:iam::123456789012:user/a,b", "'arn:aws:iam::123456789012:user/a,b'")]
    [InlineData("arn:aws:iam::123456789012:user/mary@example", "'arn:aws:iam::123456789012:user/mary@example'")]
    [InlineData("team dev", "'team dev'")]
    [InlineData("o'brien", "'o''brien'")]
    [InlineData("$cost", "'$cost'")]
    public void Completion_quotes_what_PowerShell_would_split_or_expand(string value, string expected) =>
        Assert.Equal(expected, CompletionText.Quote(value));

    [Theory]
    [InlineData("'arn:aws", "arn:aws")]
    [InlineData("\"us-ea", "us-ea")]
    [InlineData("'ci'", "ci")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Completion_matches_the_word_without_its_quotes(string? typed, string expected) =>
        Assert.Equal(expected, CompletionText.Unquote(typed));

    [Fact]
    public void Access_denied_advice_names_the_region_only_when_the_service_blamed_the_region()
    {
        Assert.Contains("-Region", ServiceSession.AccessDeniedAdvice("Credential should be scoped to a valid region, not 'us-east-1'. This endpoint serves 'eu-west-1'."));
        Assert.DoesNotContain("-Region", ServiceSession.AccessDeniedAdvice("The request signature we calculated does not match the signature you provided."));
        Assert.DoesNotContain("-Region", ServiceSession.AccessDeniedAdvice("The security token included in the request is invalid."));
    }

    [Theory]
    [InlineData("us-east-1 ", null, "'us-east-1 ' from -Region")]
    [InlineData("US-EAST-1", null, "'US-EAST-1' from -Region")]
    [InlineData("us--east-1", null, "from -Region")]
    [InlineData("us-east-1", "ftp://127.0.0.1:1", "'ftp://127.0.0.1:1' from -EndpointUrl")]
    [InlineData("us-east-1", "127.0.0.1:4599", "from -EndpointUrl")]
    public void Bad_settings_are_InvalidSetting_with_advice_that_is_not_the_message(string region, string? endpoint, string says)
    {
        var e = Assert.Throws<CodeStarConfigurationException>(() => CodeStarService.Connect(new ConnectionSettings
        {
            Region = region,
            EndpointUrl = endpoint ?? "http://127.0.0.1:1",
            AccessKey = "AKIAEXAMPLE000000001",
            SecretKey = "secret",
        }));
        Assert.Equal(ConfigurationProblem.InvalidSetting, e.Kind);
        Assert.Contains(says, e.Message);
        Assert.False(string.IsNullOrWhiteSpace(e.Advice));
        Assert.NotEqual(e.Message, e.Advice);
    }

    [Fact]
    public void Half_a_key_pair_is_InvalidSetting()
    {
        var e = Assert.Throws<CodeStarConfigurationException>(() => CodeStarService.Connect(new ConnectionSettings { Region = "us-east-1", EndpointUrl = "http://127.0.0.1:1", AccessKey = "AKIAEXAMPLE000000001" }));
        Assert.Equal(ConfigurationProblem.InvalidSetting, e.Kind);
        Assert.Contains("-SecretKey", e.Advice);
    }

    [Fact]
    public void A_role_whose_STS_does_not_answer_fails_at_connect_once_naming_the_profile_the_role_and_the_endpoint()
    {
        string file = Path.Combine(Path.GetTempPath(), "codestar-role-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, """
            [base]
            aws_access_key_id = AKIAEXAMPLE000000001
            aws_secret_access_key = secret

            [ci]
            role_arn = arn:aws:iam::123456789012:role/Deployer
            source_profile = base
            region = us-east-1
            endpoint_url = http://127.0.0.1:1
            """);
        try
        {
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<CodeStarConfigurationException>(() => CodeStarService.Connect(new ConnectionSettings { ProfileName = "ci", ProfileLocation = file, Timeout = TimeSpan.FromSeconds(5) }));
            Assert.Equal(ConfigurationProblem.NoCredentials, e.Kind);
            Assert.Contains("profile 'ci'", e.Message);
            Assert.Contains("arn:aws:iam::123456789012:role/Deployer", e.Message);
            Assert.Contains("http://127.0.0.1:1 (from endpoint_url of profile 'ci')", e.Message);
            Assert.Contains("could not be reached", e.Message);
            Assert.DoesNotContain("secret", e.Message.Replace("Secret", string.Empty));
            Assert.Contains("role_arn", e.Advice);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_role_profile_with_mfa_serial_is_refused_before_anything_is_sent()
    {
        string file = Path.Combine(Path.GetTempPath(), "codestar-mfa-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "[base]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key = secret\n\n[mfa]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/mary\nregion = us-east-1\n");
        try
        {
            var e = Assert.Throws<CodeStarConfigurationException>(() => CodeStarService.Connect(new ConnectionSettings { ProfileName = "mfa", ProfileLocation = file, EndpointUrl = "http://127.0.0.1:1" }));
            Assert.Equal(ConfigurationProblem.NoCredentials, e.Kind);
            Assert.Contains("mfa_serial", e.Message);
            Assert.Contains("-SessionToken", e.Advice);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
