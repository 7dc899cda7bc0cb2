using System.Management.Automation;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Module.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>
/// Credentials and region as runbooks get them: a profile file, environment variables, and the
/// one terminating error when neither credentials nor a region can be found. These change
/// process environment variables, so they run alone.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class CredentialTests : IClassFixture<ModuleFixture>, IDisposable
{
    private static readonly string[] Variables =
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CODESTAR", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED",
        "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE",
    };

    private readonly ModuleFixture _f;
    private readonly Dictionary<string, string?> _saved;

    public CredentialTests(ModuleFixture f)
    {
        _f = f;
        _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        foreach (var v in Variables)
        {
            Environment.SetEnvironmentVariable(v, null);
        }

        // No real AWS: no instance metadata, no shared files of the machine.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(f.Directory, "no-config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(f.Directory, "no-credentials"));
    }

    public void Dispose()
    {
        foreach (var (k, v) in _saved)
        {
            Environment.SetEnvironmentVariable(k, v);
        }
    }

    /// <summary>A statement-terminating error: exactly one, however many rows were piped.</summary>
    private static ErrorRecord OnlyError(RunResult r) =>
        r.Terminating is IContainsErrorRecord t ? t.ErrorRecord : Assert.Single(r.Errors);

    private static Dictionary<string, object?> Vars(params (string, object?)[] v) => v.ToDictionary(x => x.Item1, x => x.Item2);

    [Fact]
    public void A_named_profile_in_a_credentials_file_supplies_keys_and_region()
    {
        var file = Path.Combine(_f.Directory, "credentials-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, $"""
            [onboarding]
            aws_access_key_id = {EndpointOptions.DefaultAccessKeyId}
            aws_secret_access_key = {EndpointOptions.DefaultSecretKey}
            region = us-east-1

            [wrong]
            aws_access_key_id = {EndpointOptions.DefaultAccessKeyId}
            aws_secret_access_key = not-the-secret
            region = us-east-1
            """);
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("profile");
        var r = s.Run("New-CodeStarUserProfile $arn 'Profile User' p@example.com -ProfileName onboarding -ProfileLocation $file -EndpointUrl $Endpoint -Verbose", Vars(("arn", arn), ("file", file)));
        Assert.Empty(r.Errors);
        Assert.Single(r.Output);
        Assert.Contains(r.Verbose, v => v.Contains("credentials from profile 'onboarding'"));

        var wrong = s.Run("Get-CodeStarUserProfile $arn -ProfileName wrong -ProfileLocation $file -EndpointUrl $Endpoint");
        Assert.Equal(ErrorCategory.PermissionDenied, Assert.Single(wrong.Errors).CategoryInfo.Category);

        var missing = s.Run("Get-CodeStarUserProfile $arn -ProfileName nosuch -ProfileLocation $file -EndpointUrl $Endpoint");
        var record = OnlyError(missing);
        Assert.StartsWith("ProfileNotFound,", record.FullyQualifiedErrorId);
        Assert.Contains("'nosuch'", record.Exception.Message);
    }

    [Fact]
    public void Environment_variables_supply_credentials_region_and_endpoint()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", EndpointOptions.DefaultAccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", EndpointOptions.DefaultSecretKey);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_CODESTAR", _f.Url);
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("env");
        var r = s.Run("New-CodeStarUserProfile $arn 'Env User' env@example.com -Verbose; Get-CodeStarUserProfile $arn", Vars(("arn", arn)));
        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Output.Count);
        Assert.Contains(r.Verbose, v => v.Contains("endpoint " + _f.Url));
    }

    [Fact]
    public void No_credentials_is_one_terminating_error_that_says_what_was_tried()
    {
        using var s = _f.NewSession();
        var r = s.Run("@('a','b') | ForEach-Object { [pscustomobject]@{ UserArn = $a; DisplayName = 'X'; EmailAddress = 'x@example.com' } } | New-CodeStarUserProfile -Region us-east-1 -EndpointUrl $Endpoint", Vars(("a", ModuleFixture.NewArn("nocred"))));
        var record = OnlyError(r);
        Assert.StartsWith("NoCredentials,", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.Contains("AWS_ACCESS_KEY_ID", record.Exception.Message);
        Assert.Contains("-ProfileName", record.Exception.Message);
    }

    [Fact]
    public void No_region_is_one_terminating_error_that_says_how_to_fix_it()
    {
        using var s = _f.NewSession();
        var r = s.Run("Get-CodeStarUserProfile -AccessKey AKIACODESTARLOCAL001 -SecretKey x -EndpointUrl $Endpoint");
        var record = OnlyError(r);
        Assert.StartsWith("NoRegion,", record.FullyQualifiedErrorId);
        Assert.Contains("-Region", record.Exception.Message);
        Assert.Contains("AWS_REGION", record.Exception.Message);
    }

    [Fact]
    public async Task Retry_attempts_come_from_AWS_MAX_ATTEMPTS_unless_a_parameter_says_otherwise()
    {
        await using var failing = await LocalEndpointHost.StartAsync(new EndpointOptions { Urls = "http://127.0.0.1:0", Database = Path.Combine(_f.Directory, "attempts-env.db"), Log = "none", FaultRate = 1.0 });
        Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "2");
        using var s = _f.NewSession();
        int Attempts(string extra)
        {
            var r = s.Run($"Get-CodeStarUserProfile $arn -EndpointUrl $url -Region us-east-1 -AccessKey $Conn.AccessKey -SecretKey $Conn.SecretKey -Verbose {extra}",
                Vars(("arn", ModuleFixture.NewArn("attempts")), ("url", failing.Url)));
            Assert.StartsWith("ServiceError,", Assert.Single(r.Errors).FullyQualifiedErrorId);
            return r.Verbose.Count(v => v.Contains("DescribeUserProfile") && v.Contains("failed with"));
        }

        Assert.Equal(2, Attempts(string.Empty));              // AWS_MAX_ATTEMPTS counts the first attempt
        Assert.Equal(4, Attempts("-MaxRetryAttempts 3"));     // the parameter wins: 1 + 3 retries
    }

    [Fact]
    public async Task Retry_settings_come_from_the_profile_in_use_below_the_variables_and_parameters()
    {
        await using var failing = await LocalEndpointHost.StartAsync(new EndpointOptions { Urls = "http://127.0.0.1:0", Database = Path.Combine(_f.Directory, "attempts-profile.db"), Log = "none", FaultRate = 1.0 });
        var file = Path.Combine(_f.Directory, "credentials-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, $"""
            [runbook]
            aws_access_key_id = {EndpointOptions.DefaultAccessKeyId}
            aws_secret_access_key = {EndpointOptions.DefaultSecretKey}
            region = us-east-1
            max_attempts = 5
            retry_mode = adaptive
            """);
        using var s = _f.NewSession();
        (int Attempts, string Settings) Run(string extra)
        {
            var r = s.Run($"Get-CodeStarUserProfile $arn -EndpointUrl $url -ProfileName runbook -ProfileLocation $file -Verbose {extra}",
                Vars(("arn", ModuleFixture.NewArn("profileattempts")), ("url", failing.Url), ("file", file)));
            Assert.StartsWith("ServiceError,", Assert.Single(r.Errors).FullyQualifiedErrorId);
            return (r.Verbose.Count(v => v.Contains("DescribeUserProfile") && v.Contains("failed with")), Assert.Single(r.Verbose, v => v.Contains("retry mode")));
        }

        var fromProfile = Run(string.Empty);
        Assert.Equal(5, fromProfile.Attempts);
        Assert.Contains("Adaptive retry mode, up to 5 attempts a request", fromProfile.Settings);

        Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "2"); // the variable is above the profile
        Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "standard");
        var fromVariables = Run(string.Empty);
        Assert.Equal(2, fromVariables.Attempts);
        Assert.Contains("Standard retry mode, up to 2 attempts a request", fromVariables.Settings);

        var fromParameters = Run("-MaxRetryAttempts 0 -RetryMode Adaptive"); // the parameters are above both
        Assert.Equal(1, fromParameters.Attempts);
        Assert.Contains("Adaptive retry mode, up to 1 attempt a request", fromParameters.Settings);
    }

    [Fact]
    public void WhatIf_needs_no_credentials()
    {
        using var s = _f.NewSession();
        var r = s.Run("New-CodeStarUserProfile $a 'Dry' dry@example.com -WhatIf", Vars(("a", ModuleFixture.NewArn("drynocred"))));
        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
    }
}
