using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>
/// Requests Kestrel refuses before any application code runs (a bad request line, headers too
/// large, a request line too long, an HTTP version it does not speak) are answered by Kestrel
/// itself with an empty body, and no middleware or response feature sees them (Kestrel offers no
/// hook for these answers). This connection middleware sits between Kestrel's HTTP/1.1 layer and
/// the socket and gives such an answer the AWS shape: <c>__type</c> and <c>message</c> in a JSON
/// body, <c>x-amzn-RequestId</c> and <c>x-amzn-ErrorType</c> headers, and a request-log line.
/// It recognises Kestrel's own answer by what the service never sends: a 4xx or 505 head with
/// <c>Content-Length: 0</c> and no <c>x-amzn-RequestId</c> (every answer of the service carries
/// one). Everything else passes through untouched. On HTTPS it sees only the encrypted bytes, so
/// there Kestrel's answers keep their empty body.
/// </summary>
internal static class KestrelRefusalBodies
{
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(RequestLog log) => next => async connection =>
    {
        var original = connection.Transport;
        connection.Transport = new Duplex(original.Input, new Writer(original.Output, log));
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = original;
        }
    };

    /// <summary>The AWS error type and message for a status Kestrel answers by itself; null for one the service never needs to reshape.</summary>
    internal static (string Type, string Message)? Describe(int status) => status switch
    {
        400 => ("BadRequestException", "The request could not be read as HTTP/1.1: its request line or headers are malformed."),
        408 => ("RequestTimeoutException", "The request headers did not arrive in time; send the request again."),
        411 => ("LengthRequiredException", "The request needs a Content-Length or chunked Transfer-Encoding."),
        413 => ("RequestEntityTooLargeException", "The request is larger than the endpoint accepts."),
        414 => ("RequestUriTooLongException", "The request line is longer than the endpoint accepts."),
        431 => ("RequestHeaderFieldsTooLargeException", "The request headers are larger than the endpoint accepts (too many, or too long)."),
        505 => ("HttpVersionNotSupportedException", "The endpoint speaks HTTP/1.1 (and HTTP/1.0) only."),
        >= 400 and < 500 => ("BadRequestException", "The request could not be read as HTTP/1.1."),
        _ => null,
    };

    /// <summary>
    /// When <paramref name="head"/> is, whole, an answer Kestrel wrote by itself (see the class),
    /// the same answer with the AWS headers and a JSON body; otherwise null.
    /// </summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> head, out int status, out string? errorType, out string? requestId)
    {
        status = 0;
        errorType = requestId = null;
        int end = head.IndexOf("\r\n\r\n"u8);
        if (end < 0 || end + 4 != head.Length || !head.StartsWith("HTTP/1.1 "u8) || head.Length < 12)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(head[..end]);
        if (!int.TryParse(text.AsSpan(9, 3), out status) || Describe(status) is not { } described)
        {
            return null;
        }

        var lines = text.Split("\r\n");
        if (!lines.Skip(1).Any(l => l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase))
            || lines.Any(l => l.StartsWith("x-amzn-RequestId:", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        errorType = described.Type;
        requestId = Guid.NewGuid().ToString();
        var body = CodeStarApi.WriteObject(w =>
        {
            w.WriteString("__type", described.Type);
            w.WriteString("message", described.Message);
        });
        var answer = new StringBuilder();
        answer.Append(lines[0]).Append("\r\n");
        foreach (var line in lines.Skip(1).Where(l => !l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            answer.Append(line).Append("\r\n");
        }

        answer.Append("Content-Type: application/x-amz-json-1.1\r\n")
            .Append("x-amzn-RequestId: ").Append(requestId).Append("\r\n")
            .Append("x-amzn-ErrorType: ").Append(described.Type).Append("\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(answer.ToString()), .. body];
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Passes every write through; only the first write after a flush can be the head of an answer
    /// Kestrel wrote by itself (it writes that answer, head only, then flushes and closes), so only
    /// that one is looked at.
    /// </summary>
    private sealed class Writer(PipeWriter inner, RequestLog log) : PipeWriter
    {
        private Memory<byte> _last;
        private bool _batchStart = true;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _last = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => (_last = inner.GetMemory(sizeHint)).Span;

        public override void Advance(int bytes)
        {
            if (_batchStart && bytes > 0)
            {
                _batchStart = false;
                if (_last.Span[0] == (byte)'H' && Rewrite(_last.Span[..bytes], out int status, out var type, out var id) is { } answer)
                {
                    // The head Kestrel wrote is not advanced: the reshaped answer is written in its place.
                    inner.Write(answer);
                    log.Write(id!, "-", status, type, 0);
                    return;
                }
            }

            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            _batchStart = true;
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
