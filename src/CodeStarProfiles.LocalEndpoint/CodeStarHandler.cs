using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>
/// The HTTP face of the service: AWS JSON 1.1 on <c>POST /</c>. Order of checks, as AWS does
/// them: body size, signature, target, JSON, constraints, then the operation. Every response
/// carries x-amzn-RequestId; every client error is a 4xx with <c>__type</c> and <c>message</c>.
/// What the signature's header part can refuse (no Authorization, an unknown key, a wrong scope or
/// date) is refused before the body is read. A body that cannot be read (bad chunked framing, cut
/// short, too slow) is a 400 or 408; a client that went away is logged as 499, not answered; only
/// a fault of the service itself is a 5xx, and it gets an ERROR line in the log saying why.
/// </summary>
public sealed class CodeStarHandler
{
    private const string JsonContentType = "application/x-amz-json-1.1";
    // The sample response of the CreateUserProfile API reference, timestamps in AWS's own "1.491439687681E9" form.
    private static readonly byte[] DoNothingBody = System.Text.Encoding.UTF8.GetBytes(
        "{\"createdTimestamp\":1.491439687681E9,\"displayName\":\"Jane Doe\",\"emailAddress\":\"jane.doe@example.com\",\"lastModifiedTimestamp\":1.491439687681E9,\"sshPublicKey\":\"EXAMPLE=\",\"userArn\":\"arn:aws:iam::111111111111:user/Jane_Doe\"}");

    private readonly EndpointOptions _options;
    private readonly SigV4Verifier _verifier;
    private readonly CodeStarApi _api;
    private readonly FaultInjector _faults;
    private readonly RequestLog _log;
    private readonly StsHandler _sts;

    public CodeStarHandler(EndpointOptions options, CodeStarApi api, RequestLog log)
    {
        _options = options;
        _verifier = new SigV4Verifier(new SigningSettings(options.AccessKeyId, options.SecretKey, options.Region, options.SessionToken));
        _api = api;
        _faults = new FaultInjector(options);
        _log = log;
        _sts = new StsHandler(options);
        _databasePath = Path.GetFullPath(options.Database);
    }

    private readonly string _databasePath;

    private long _requests;

    /// <summary>How long an answer to a request whose signature is refused waits (403s and IncompleteSignatureException).</summary>
    public static readonly TimeSpan AuthenticationFailureDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The longest a refused signature waits: the delay doubles with each refusal in a row on one
    /// connection (100, 200, 400, 800 ms). On two shared cores every refused request still costs
    /// CPU in the service and in whoever floods it; a flood of 256 keep-alive connections at 100 ms
    /// took the signed run to 0.5-0.6 of its speed. A request whose signature passes starts the count again.
    /// </summary>
    public static readonly TimeSpan MaxAuthenticationFailureDelay = TimeSpan.FromMilliseconds(800);

    private static readonly object RefusalsKey = new();

    /// <summary>How long this refusal waits, counting it against its connection.</summary>
    internal static TimeSpan RefusalDelay(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null)
        {
            return AuthenticationFailureDelay;
        }

        int before = items.TryGetValue(RefusalsKey, out var n) && n is int count ? count : 0;
        items[RefusalsKey] = before + 1;
        var delay = AuthenticationFailureDelay * Math.Pow(2, Math.Min(before, 10));
        return delay < MaxAuthenticationFailureDelay ? delay : MaxAuthenticationFailureDelay;
    }

    internal static void ForgetRefusals(HttpContext context) => context.Features.Get<IConnectionItemsFeature>()?.Items.Remove(RefusalsKey);

    /// <summary>Set when the endpoint begins to stop: requests still sending their bodies are answered 503 instead of holding up the stop.</summary>
    public CancellationToken Stopping { get; set; }

    /// <summary>Requests received since start (any outcome), for tests that prove nothing was sent.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    public async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        long start = Stopwatch.GetTimestamp();
        string requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        string operation = "-";
        int status = 200;
        string? errorType = null;

        if (_options.DoNothing)
        {
            await WriteAsync(context, 200, DoNothingBody).ConfigureAwait(false);
            _log.Write(requestId, "DoNothing", 200, null, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return;
        }

        try
        {
            if (_faults.LatencyMs > 0)
            {
                await Task.Delay(_faults.LatencyMs, context.RequestAborted).ConfigureAwait(false);
            }

            var request = context.Request;
            if (request.ContentLength is long declared && declared > _options.MaxBodyBytes)
            {
                // Refused without reading; the connection is closed so the unread body is not drained.
                context.Response.Headers.Connection = "close";
                throw ApiException.TooLarge(_options.MaxBodyBytes);
            }

            if (StsHandler.Handles(request))
            {
                (operation, status, errorType) = await _sts.HandleAsync(context, await ReadBodyAsync(context).ConfigureAwait(false), requestId).ConfigureAwait(false);
                return;
            }

            var verifier = _sts.VerifierFor(request.Headers) ?? _verifier;
            var signed = verifier.VerifyHeaders(
                request.Method,
                request.Path.HasValue ? request.Path.ToUriComponent() : "/",
                request.QueryString.HasValue ? request.QueryString.Value!.TrimStart('?') : string.Empty,
                request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty))),
                DateTimeOffset.UtcNow);
            var body = await ReadBodyAsync(context).ConfigureAwait(false);
            verifier.VerifyBody(signed, body.Span);
            ForgetRefusals(context);

            string? target = request.Headers["X-Amz-Target"];
            if (!HttpMethods.IsPost(request.Method) || request.Path != "/" || target is null
                || !target.StartsWith(CodeStarApi.TargetPrefix, StringComparison.Ordinal)
                || !CodeStarApi.Operations.Contains(target.Substring(CodeStarApi.TargetPrefix.Length)))
            {
                throw ApiException.UnknownOperation(target);
            }

            operation = target.Substring(CodeStarApi.TargetPrefix.Length);
            if (!_faults.TryTakeToken(operation))
            {
                throw ApiException.Throttling();
            }

            var fault = _faults.Roll(CodeStarApi.IsWrite(operation));
            switch (fault)
            {
                case Fault.DropBeforeWrite:
                    Drop(context);
                    status = 0;
                    errorType = "Dropped(before)";
                    return;
                case Fault.ErrorBeforeWrite:
                    throw _faults.ServerError();
            }

            byte[] result;
            try
            {
                result = await _api.InvokeAsync(operation, body).ConfigureAwait(false);
            }
            catch (ApiException) when (fault is Fault.DropAfterWrite or Fault.ErrorAfterWrite)
            {
                // The request was processed; the fault replaces whatever it answered.
                result = Array.Empty<byte>();
            }

            switch (fault)
            {
                case Fault.DropAfterWrite:
                    Drop(context);
                    status = 0;
                    errorType = "Dropped(after)";
                    return;
                case Fault.ErrorAfterWrite:
                    throw _faults.ServerError();
                case Fault.StallAfterWrite:
                    errorType = "Stalled";
                    await Task.Delay(_faults.StallMs, context.RequestAborted).ConfigureAwait(false);
                    break;
            }

            if (!await WriteAsync(context, 200, result).ConfigureAwait(false) || context.RequestAborted.IsCancellationRequested)
            {
                // Cut off while the answer was being sent: the client went away, or read too slowly
                // (Kestrel's MinResponseDataRate) and was disconnected. The operation itself was done.
                status = 499;
                errorType = "ClientClosedRequest";
            }
        }
        catch (ApiException e)
        {
            status = e.StatusCode;
            errorType = e.ErrorType;
            if (e.IsAuthenticationFailure && AuthenticationFailureDelay > TimeSpan.Zero)
            {
                // A refused signature waits before its answer: it costs the service a timer, not CPU,
                // and a flood on a connection can send no faster than one request a delay. The delay
                // doubles with each further refusal on the same connection (up to MaxAuthenticationFailureDelay).
                try
                {
                    await Task.Delay(RefusalDelay(context), context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    status = 499;
                    errorType = "ClientClosedRequest";
                    return;
                }
            }

            await WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ClientGoneException or Microsoft.AspNetCore.Connections.ConnectionAbortedException || context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (reset, or closed before its body was complete): nobody to answer.
            status = 499;
            errorType = "ClientClosedRequest";
        }
        catch (Exception ex)
        {
            // Never a stack trace or internals on the wire; the log says why (type and message only:
            // no header, body or key reaches an exception message here).
            var e = ApiException.InternalFailure();
            status = e.StatusCode;
            errorType = e.ErrorType;
            _log.Error(requestId, $"{operation} answered 500: {Why(ex)}");
            await WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        finally
        {
            _log.Write(requestId, operation, status, errorType, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    /// <summary>Why a request failed, for the ERROR line: a storage failure names the database file and SQLite's words ("database disk image is malformed").</summary>
    private string Why(Exception ex) => ex switch
    {
        StoreFaultException => ex.Message,
        Microsoft.Data.Sqlite.SqliteException s => $"the database {_databasePath} failed: {ProfileStore.Describe(s)}{(s.SqliteErrorCode is 11 or 26 ? "; the file is corrupt: stop the endpoint, restore it from a copy or move it away" : string.Empty)}",
        _ => ex.GetType().Name + ": " + ProfileStore.Describe(ex),
    };

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        long limit = _options.MaxBodyBytes;
        PipeReader reader = context.Request.BodyReader;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Stopping);
        while (true)
        {
            ReadResult read;
            try
            {
                // What has arrived is taken even when stopping: a request whose body is here is finished.
                if (!reader.TryRead(out read))
                {
                    read = await reader.ReadAsync(cancel.Token).ConfigureAwait(false);
                }
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's framing checks: a malformed chunk, a body cut short, a body too slow or too large.
                context.Response.Headers.Connection = "close";
                throw e.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => ApiException.TooLarge(limit),
                    StatusCodes.Status408RequestTimeout => ApiException.RequestTimeout(),
                    _ => ApiException.BadBody(e.Message),
                };
            }
            catch (IOException e)
            {
                // The connection broke (reset by the client) before the body was complete.
                throw new ClientGoneException(e);
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                // Nothing was done for this request yet, so the client may safely send it again elsewhere or later.
                context.Response.Headers.Connection = "close";
                throw ApiException.ShuttingDown();
            }

            if (read.Buffer.Length > limit)
            {
                context.Response.Headers.Connection = "close";
                throw ApiException.TooLarge(limit);
            }

            if (read.IsCompleted)
            {
                var bytes = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static void Drop(HttpContext context) => context.Abort();

    private static Task<bool> WriteErrorAsync(HttpContext context, ApiException e)
    {
        if (context.Response.HasStarted)
        {
            return Task.FromResult(false);
        }

        context.Response.Headers["x-amzn-ErrorType"] = e.ErrorType;

        var body = CodeStarApi.WriteObject(w =>
        {
            w.WriteString("__type", e.ErrorType);
            w.WriteString("message", e.Message);
        });
        return WriteAsync(context, e.StatusCode, body);
    }

    /// <summary>Sends the answer; false when the connection was gone before all of it was taken (the client left, or read too slowly and was cut off).</summary>
    private static async Task<bool> WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = body.Length;
        var flushed = await context.Response.BodyWriter.WriteAsync(body).ConfigureAwait(false);
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }

    private sealed class ClientGoneException(Exception inner) : Exception("The client went away.", inner);
}
