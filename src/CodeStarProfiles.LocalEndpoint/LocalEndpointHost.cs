using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>
/// A running local endpoint: Kestrel plus the SQLite store. Used by the command line, by the
/// tests and by the example runner, which start it on port 0 and read back <see cref="Url"/>.
/// </summary>
public sealed class LocalEndpointHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProfileStore? _store;
    private readonly RequestLog _log;

    private readonly CodeStarHandler _handler;

    private LocalEndpointHost(WebApplication app, ProfileStore? store, RequestLog log, EndpointOptions options, CodeStarHandler handler)
    {
        _handler = handler;
        _app = app;
        _store = store;
        _log = log;
        Options = options;
    }

    public EndpointOptions Options { get; }

    /// <summary>The address it really listens on (the port filled in when 0 was asked for).</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Requests received so far (any outcome).</summary>
    public long RequestCount => _handler.RequestCount;

    public ProfileStore Store => _store ?? throw new InvalidOperationException("A do-nothing endpoint has no store.");

    public static async Task<LocalEndpointHost> StartAsync(EndpointOptions options, TextWriter? logOutput = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        });
        var app = builder.Build();

        var store = options.DoNothing ? null : ProfileStore.Open(options.Database);
        var log = new RequestLog(options.Log == "requests" ? logOutput : null);
        var handler = new CodeStarHandler(options, store is null ? null! : new CodeStarApi(store), log);
        app.Run(handler.HandleAsync);

        var host = new LocalEndpointHost(app, store, log, options, handler);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        host.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return host;
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        await _log.DisposeAsync().ConfigureAwait(false);
    }
}
