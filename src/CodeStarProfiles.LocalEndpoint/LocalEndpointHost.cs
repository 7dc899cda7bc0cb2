using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    /// <summary>How long a stop waits for requests in flight (writes finish in milliseconds; body uploads are cut at once).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How fast a client must take an answer (after a 10 s grace) before it is disconnected.</summary>
    public const double MinResponseBytesPerSecond = 64 * 1024;

    /// <summary>The kernel send buffer of each connection (Linux doubles what is asked).</summary>
    public const int SendBufferBytes = 256 * 1024;

    /// <param name="logOutput">Where request lines go (when <see cref="EndpointOptions.Log"/> is "requests").</param>
    /// <param name="errorOutput">Where ERROR lines go (storage faults, unexpected failures); none when null.</param>
    /// <exception cref="ArgumentException">It would listen beyond loopback with the default secret key.</exception>
    /// <exception cref="StoreUnavailableException">The database cannot be used; the message names the file and why.</exception>
    public static async Task<LocalEndpointHost> StartAsync(EndpointOptions options, TextWriter? logOutput = null, TextWriter? errorOutput = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);

        // HTTPS from Kestrel's own settings (Kestrel:Certificates:Default:Path/KeyPath/Password, or
        // Kestrel:Endpoints), e.g. the environment variable Kestrel__Certificates__Default__Path.
        builder.WebHost.UseKestrelHttpsConfiguration();
        var configured = builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        options.ThrowIfExposedWithDefaultKey(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Concat(configured));

        var log = new RequestLog(options.Log == "requests" ? logOutput : null, errorOutput);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = ShutdownTimeout);

        // Each connection's kernel send buffer is capped (accepted sockets inherit it from the listener;
        // Linux would otherwise grow it to 4 MB): what a client that never reads can make the service hold
        // is this, Kestrel's 64 KiB response buffer and one answer, until the response rate cuts it off.
        builder.WebHost.UseSockets(s => s.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.SendBufferSize = SendBufferBytes;
            return socket;
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;

            // What Kestrel refuses by itself (bad request line, 431, 414) gets the AWS error shape too.
            k.ConfigureEndpointDefaults(listen => listen.Use(KestrelRefusalBodies.Middleware(log)));
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;

            // A client that sends or reads too slowly is cut off instead of pinning a connection and its
            // buffers: bodies must move at 240 bytes/s after 5 s, headers arrive within 10 s. An answer must
            // be taken at 64 KiB/s (Kestrel allows each write max(grace, bytes / rate)): a page of the
            // listing (at most about 1.7 MB) within about 26 s, a small answer within 10 s. At Kestrel's
            // default of 240 bytes/s a client that never reads held a 1.6 MB answer for almost two hours.
            k.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(5));
            k.Limits.MinResponseDataRate = new MinDataRate(MinResponseBytesPerSecond, TimeSpan.FromSeconds(10));
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            k.Limits.MaxResponseBufferSize = 64 * 1024;
        });
        var app = builder.Build();

        ProfileStore? store;
        try
        {
            store = options.DoNothing ? null : ProfileStore.Open(options.Database, why => log.Error(null, why));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var handler = new CodeStarHandler(options, store is null ? null! : new CodeStarApi(store), log)
        {
            Stopping = app.Lifetime.ApplicationStopping,
        };
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
