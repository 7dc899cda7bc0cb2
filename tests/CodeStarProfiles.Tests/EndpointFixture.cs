using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
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

    public virtual EndpointOptions Options => TestEndpoint.Options(DatabasePath);

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

    public override async Task InitializeAsync() => Host = await TestEndpoint.StartAsync(DatabasePath, TextWriter.Synchronized(Log), Errors);
}

/// <summary>
/// The one way tests start an endpoint of their own (their own database, options or log), in this
/// process or as the real command-line program; <see cref="EndpointFixture"/> is built on it.
/// </summary>
public static class TestEndpoint
{
    /// <summary>A path for a fresh database in a folder of its own (created by the endpoint).</summary>
    public static string NewDatabase(string tag) => Path.Combine(Path.GetTempPath(), $"codestar-{tag}-" + Guid.NewGuid().ToString("N"), "s.db");

    /// <summary>Loopback on a free port, no request log.</summary>
    public static EndpointOptions Options(string database) => new() { Urls = "http://127.0.0.1:0", Database = database, Log = "none" };

    /// <param name="log">Where request lines go (the request log is switched on when given).</param>
    /// <param name="errors">Where ERROR lines go.</param>
    /// <param name="with">Changes to the options (a session token, faults).</param>
    public static Task<LocalEndpointHost> StartAsync(string database, TextWriter? log = null, TextWriter? errors = null, Func<EndpointOptions, EndpointOptions>? with = null)
    {
        var options = Options(database) with { Log = log is null ? "none" : "requests" };
        return LocalEndpointHost.StartAsync(with is null ? options : with(options), log, errors);
    }

    public static Process StartEndpointProcess(string dll, string db, out string url, out string banner, params string[] extra) =>
        StartEndpointProcess(dll, db, null, out url, out banner, extra);

    /// <param name="environment">Variables to set for it (e.g. Kestrel's certificate settings); later arguments override the default --urls and --log.</param>
    public static Process StartEndpointProcess(string dll, string db, IDictionary<string, string>? environment, out string url, out string banner, params string[] extra)
    {
        var psi = EndpointProcessStartInfo(dll, db, environment, extra);

        var process = Process.Start(psi)!;
        var text = new StringBuilder();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("Endpoint exited: " + process.StandardError.ReadToEnd());
            text.AppendLine(line);
            var m = Regex.Match(line, @"listening on (https?://\S+)");
            if (m.Success)
            {
                url = m.Groups[1].Value;
                text.AppendLine(process.StandardOutput.ReadLine());
                banner = text.ToString();
                return process;
            }
        }

        process.Kill(true);
        throw new TimeoutException("The endpoint did not start: " + text);
    }

    public static ProcessStartInfo EndpointProcessStartInfo(string dll, string db, IDictionary<string, string>? environment, params string[] extra)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--urls", "http://127.0.0.1:0", "--database", db, "--log", "none" }.Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        return psi;
    }

    public static string EndpointDll => Path.Combine(AppContext.BaseDirectory, "CodeStarProfiles.LocalEndpoint.dll");
}
