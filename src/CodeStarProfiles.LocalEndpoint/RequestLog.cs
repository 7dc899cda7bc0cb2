using System.Threading.Channels;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>
/// One line a request (time, request id, operation, status, error type, latency), written by a
/// background task so logging never slows a request. It is given no header, body or key, so no
/// secret or signature can reach it. Server faults (a storage fault, an unexpected exception)
/// also get an <c>ERROR</c> line saying why, on the error output, whatever <c>--log</c> says.
/// </summary>
public sealed class RequestLog : IAsyncDisposable
{
    private readonly Channel<string>? _lines;
    private readonly Task _pump = Task.CompletedTask;
    private readonly TextWriter? _errors;

    public RequestLog(TextWriter? output, TextWriter? errors = null)
    {
        _errors = errors is null ? null : TextWriter.Synchronized(errors);
        if (output is null)
        {
            return;
        }

        _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _pump = Task.Run(async () =>
        {
            await foreach (var line in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                output.WriteLine(line);
            }

            output.Flush();
        });
    }

    public void Write(string requestId, string operation, int status, string? errorType, double elapsedMs)
    {
        _lines?.Writer.TryWrite($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {requestId} {operation} {status} {errorType ?? "-"} {elapsedMs:F1}ms");
    }

    /// <summary>Why the service failed (never a stack trace, header, body or key): for the operator behind a 5xx.</summary>
    public void Error(string? requestId, string why)
    {
        if (_errors is null)
        {
            return;
        }

        // One line, whatever the message holds.
        _errors.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {requestId ?? "-"} ERROR {why.ReplaceLineEndings(" ")}");
        _errors.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        _lines?.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }
}
