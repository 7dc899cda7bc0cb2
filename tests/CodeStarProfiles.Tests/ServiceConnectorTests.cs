using Amazon.Runtime;
using CodeStarProfiles.Engine;
using CodeStarProfiles.Engine.Client;
using CodeStarProfiles.Engine.Connection;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// What the connector makes of one command's settings: the retry settings in their order of
/// precedence (environment and profile given, not read), the throttling wait, and the client's
/// config. The environment itself is tested in tests/Credentials.Tests.ps1 (fresh processes).
/// </summary>
public sealed class ServiceConnectorTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static Func<(int?, string?)> Profile(int? maxAttempts, string? mode) => () => (maxAttempts, mode);

    private static Func<(int?, string?)> NoProfileRead => () => throw new InvalidOperationException("the profile was read although every setting was given");

    [Fact]
    public void The_parameters_win_and_the_profile_is_then_never_read()
    {
        var r = RetrySettings.Resolve(new ConnectionSettings { MaxRetryAttempts = 4, RetryMode = "adaptive" }, Env(("AWS_MAX_ATTEMPTS", "9"), ("AWS_RETRY_MODE", "standard")), NoProfileRead);
        Assert.Equal(4, r.MaxErrorRetry);
        Assert.Equal(RequestRetryMode.Adaptive, r.Mode);
    }

    [Fact]
    public void AWS_MAX_ATTEMPTS_counts_the_first_attempt_and_beats_the_profile()
    {
        var r = RetrySettings.Resolve(new ConnectionSettings(), Env(("AWS_MAX_ATTEMPTS", "5"), ("AWS_RETRY_MODE", "Standard")), NoProfileRead);
        Assert.Equal(4, r.MaxErrorRetry);
        Assert.Equal(RequestRetryMode.Standard, r.Mode);
    }

    [Fact]
    public void The_profile_fills_in_only_what_is_still_missing()
    {
        var r = RetrySettings.Resolve(new ConnectionSettings { RetryMode = "Standard" }, Env(), Profile(3, "adaptive"));
        Assert.Equal(2, r.MaxErrorRetry);
        Assert.Equal(RequestRetryMode.Standard, r.Mode);

        r = RetrySettings.Resolve(new ConnectionSettings { MaxRetryAttempts = 0 }, Env(), Profile(7, "Adaptive"));
        Assert.Equal(0, r.MaxErrorRetry);
        Assert.Equal(RequestRetryMode.Adaptive, r.Mode);
    }

    [Fact]
    public void One_attempt_from_the_environment_or_the_profile_is_no_retry()
    {
        Assert.Equal(0, RetrySettings.Resolve(new ConnectionSettings { RetryMode = "Standard" }, Env(("AWS_MAX_ATTEMPTS", "1")), NoProfileRead).MaxErrorRetry);
        Assert.Equal(0, RetrySettings.Resolve(new ConnectionSettings { RetryMode = "Standard" }, Env(), Profile(1, null)).MaxErrorRetry);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("three")]
    [InlineData("")]
    public void An_AWS_MAX_ATTEMPTS_that_is_not_a_count_of_attempts_is_passed_over(string value)
    {
        var r = RetrySettings.Resolve(new ConnectionSettings { RetryMode = "Standard" }, Env(("AWS_MAX_ATTEMPTS", value)), Profile(2, null));
        Assert.Equal(1, r.MaxErrorRetry);
    }

    [Fact]
    public void Nothing_anywhere_leaves_the_SDK_defaults()
    {
        var r = RetrySettings.Resolve(new ConnectionSettings(), Env(), Profile(0, "Legacy"));
        Assert.Null(r.MaxErrorRetry);
        Assert.Null(r.Mode);
        Assert.Equal(AmazonCodeStarConfig.DefaultMaxThrottleWait, r.MaxThrottleWait);
    }

    [Theory]
    [InlineData(null, null, 120.0)]
    [InlineData(7.0, "30", 7.0)]
    [InlineData(0.0, "30", 0.0)]
    [InlineData(-1.0, "30", 30.0)]
    [InlineData(null, "2.5", 2.5)]
    [InlineData(null, "0", 0.0)]
    [InlineData(null, "86400", 86400.0)]
    public void The_throttling_wait_is_the_setting_else_CODESTAR_MAX_THROTTLE_WAIT_else_120_s(double? givenSeconds, string? variable, double expected)
    {
        TimeSpan? given = givenSeconds is double g ? TimeSpan.FromSeconds(g) : null;
        Assert.Equal(TimeSpan.FromSeconds(expected), RetrySettings.ThrottleWait(given, variable));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("86401")]
    [InlineData("soon")]
    [InlineData("1,5")]
    public void A_bad_CODESTAR_MAX_THROTTLE_WAIT_is_InvalidSetting_quoting_it(string variable)
    {
        var e = Assert.Throws<CodeStarConfigurationException>(() => RetrySettings.Resolve(new ConnectionSettings { MaxRetryAttempts = 1, RetryMode = "Standard" }, Env(("CODESTAR_MAX_THROTTLE_WAIT", variable)), NoProfileRead));
        Assert.Equal(ConfigurationProblem.InvalidSetting, e.Kind);
        Assert.Contains($"got '{variable}'", e.Message);
        Assert.Contains("0 to 86400", e.Message);
    }

    [Fact]
    public void The_config_signs_for_the_region_in_force_and_goes_to_the_endpoint_given()
    {
        var retry = RetrySettings.Resolve(new ConnectionSettings { MaxRetryAttempts = 5, RetryMode = "Adaptive", MaxThrottleWait = TimeSpan.FromSeconds(9) }, Env(), NoProfileRead);
        var config = ServiceConnector.Config("eu-west-1", "http://127.0.0.1:4599", TimeSpan.FromSeconds(12), retry);
        Assert.Equal("eu-west-1", config.AuthenticationRegion);
        Assert.StartsWith("http://127.0.0.1:4599", config.ServiceURL);
        Assert.True(config.IgnoreConfiguredEndpointUrls);
        Assert.Equal(TimeSpan.FromSeconds(12), config.Timeout);
        Assert.Equal(5, config.MaxErrorRetry);
        Assert.Equal(RequestRetryMode.Adaptive, config.RetryMode);
        Assert.Equal(TimeSpan.FromSeconds(9), config.MaxThrottleWait);
        Assert.Equal("Adaptive retry mode, up to 6 attempts a request besides throttled ones (retried until the service has accepted nothing for 9 s)", RetrySettings.Describe(config));
    }

    [Fact]
    public void Without_an_endpoint_the_config_uses_the_regional_one_and_one_attempt_is_singular()
    {
        var retry = RetrySettings.Resolve(new ConnectionSettings { MaxRetryAttempts = 0, RetryMode = "Standard", MaxThrottleWait = TimeSpan.FromSeconds(1.5) }, Env(), NoProfileRead);
        var config = ServiceConnector.Config("us-west-2", null, null, retry);
        Assert.Null(config.ServiceURL);
        Assert.Equal("us-west-2", config.RegionEndpoint.SystemName);
        Assert.Equal("us-west-2", config.AuthenticationRegion);
        Assert.Equal("Standard retry mode, up to 1 attempt a request besides throttled ones (retried until the service has accepted nothing for 1.5 s)", RetrySettings.Describe(config));
    }

    [Fact]
    public void Connect_names_where_each_setting_came_from_and_never_the_keys()
    {
        using var service = CodeStarService.Connect(new ConnectionSettings
        {
            Region = "us-east-1",
            EndpointUrl = "http://127.0.0.1:1",
            AccessKey = "AKIAEXAMPLE000000001",
            SecretKey = "TopSecretValue",
            MaxRetryAttempts = 2,
            RetryMode = "Standard",
            MaxThrottleWait = TimeSpan.FromSeconds(3),
        });
        Assert.Equal("us-east-1", service.Region);
        Assert.Equal("-Region", service.RegionSource);
        Assert.Equal("http://127.0.0.1:1", service.Endpoint);
        Assert.Equal("-EndpointUrl", service.EndpointSource);
        Assert.Equal("the -AccessKey/-SecretKey (or -Credential) parameters", service.CredentialSource);
        Assert.Equal("Standard retry mode, up to 3 attempts a request besides throttled ones (retried until the service has accepted nothing for 3 s)", service.RetrySettings);
        Assert.DoesNotContain("TopSecretValue", service.CredentialSource + service.RetrySettings + service.Endpoint);
    }
}
