using CodeStarProfiles.Engine;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>A real local endpoint on a free loopback port with a fresh database, for one test class.</summary>
public class EndpointFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "codestar-tests-" + Guid.NewGuid().ToString("N"));

    public LocalEndpointHost Host { get; protected set; } = null!;

    public string Url => Host.Url;

    public string DatabasePath => Path.Combine(_dir, "codestar.db");

    public virtual EndpointOptions Options => new() { Urls = "http://127.0.0.1:0", Database = DatabasePath, Log = "none" };

    public virtual async Task InitializeAsync() => Host = await LocalEndpointHost.StartAsync(Options);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    public CodeStarService Service(Action<ConnectionSettings>? tweak = null)
    {
        var s = new ConnectionSettings
        {
            EndpointUrl = Url,
            Region = "us-east-1",
            AccessKey = EndpointOptions.DefaultAccessKeyId,
            SecretKey = EndpointOptions.DefaultSecretKey,
        };
        tweak?.Invoke(s);
        return CodeStarService.Connect(s);
    }

    private static int _counter;

    /// <summary>A fresh, valid user ARN (tests share one database per class).</summary>
    public static string NewArn(string prefix = "user") => $"arn:aws:iam::123456789012:user/{prefix}{Interlocked.Increment(ref _counter):D5}_{Guid.NewGuid().ToString("N")[..8]}";
}

/// <summary>An endpoint whose request lines and ERROR lines the tests can read.</summary>
public sealed class LoggedEndpointFixture : EndpointFixture
{
    public StringWriter Log { get; } = new();

    public StringWriter Errors { get; } = new();

    public override EndpointOptions Options => base.Options with { Log = "requests" };

    public override async Task InitializeAsync() => Host = await LocalEndpointHost.StartAsync(Options, TextWriter.Synchronized(Log), Errors);
}
