// Issue 12: requests with bad signatures are cheap to refuse and never slow down signed clients.
// A signed bulk run (the AWSSDK-based client, 16 in flight, durable creates) is measured alone,
// then with a bounded loopback flood of unsigned, wrongly signed and unknown-key requests on
// keep-alive connections, then alone again; the figure is flooded / mean(alone), in one run.
// The flood comes from a process of its own, as an attacker's would: in the bench's process its
// 256 connection loops shared the thread pool with the signed client and the endpoint, and a trace
// put more time in the flooding client than in the endpoint refusing it. `flood N in-process` keeps
// the old shape for comparison.
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CodeStarProfiles.Engine;
using CodeStarProfiles.LocalEndpoint;

internal static class FloodBench
{
    private const int Rows = 2000;
    private const int Concurrency = 16;
    private static int FloodConnections = 32; // `flood N` sets it
    private const long FloodCap = 400_000; // bounded: the flood stops here even if the signed run is slow

    private static bool InProcess;

    public static async Task Run(string root)
    {
        if (Bench.Extra.Length >= 3 && Bench.Extra[0] == "client")
        {
            await FloodClient(new Uri(Bench.Extra[1]), int.Parse(Bench.Extra[2], CultureInfo.InvariantCulture));
            return;
        }

        if (Bench.Extra.Length > 0)
        {
            FloodConnections = int.Parse(Bench.Extra[0], CultureInfo.InvariantCulture);
        }

        InProcess = Bench.Extra.Contains("in-process");

        var work = Path.Combine(Path.GetTempPath(), "codestar-flood-" + Guid.NewGuid().ToString("N")[..8]);
        await using var ep = await LocalEndpointHost.StartAsync(new EndpointOptions { Urls = "http://127.0.0.1:0", Database = Path.Combine(work, "flood.db"), Log = "none" });
        using var client = CodeStarService.Connect(new ConnectionSettings
        {
            EndpointUrl = ep.Url,
            Region = "us-east-1",
            AccessKey = EndpointOptions.DefaultAccessKeyId,
            SecretKey = EndpointOptions.DefaultSecretKey,
        });

        await SignedRun(client, "warm"); // JIT, connections, SQLite warm-up
        if (!InProcess)
        {
            await StartFloodProcess(ep.Url); // also warms the endpoint's refusal path
        }

        await SignedRun(client, "warm2");
        var alone = new List<double>();
        var flooded = new List<double>();
        long sent = 0, refused = 0, other = 0, floodWrites = 0;
        alone.Add(await SignedRun(client, "alone0"));
        for (int round = 1; round <= 2; round++)
        {
            long before = ep.Store.Count();
            var f = await WithFlood(ep.Url, () => SignedRun(client, "flooded" + round));
            floodWrites += ep.Store.Count() - before - Rows;
            flooded.Add(f.RowsPerSecond);
            (sent, refused, other) = (sent + f.Sent, refused + f.Refused, other + f.Other);
            alone.Add(await SignedRun(client, "alone" + round));
        }

        if (_floodProcess is not null)
        {
            _floodProcess.StandardInput.Close();
            await _floodProcess.WaitForExitAsync();
            _floodProcess.Dispose();
        }

        Console.WriteLine($"{Rows} signed creates a run, {Concurrency} in flight, AWSSDK-based client, durable writes; runs alone and under flood alternate (A F A F A).");
        Console.WriteLine($"  flood: {(InProcess ? "in the bench's process" : "a process of its own")}, {FloodConnections} keep-alive connections, a third each unsigned, wrongly signed (body read and hashed) and an unknown key, back to back, at most {FloodCap} a run");
        Console.WriteLine($"  signed runs alone:        {string.Join(" ", alone.Select(a => a.ToString("F0", CultureInfo.InvariantCulture))),-24} rows/s");
        Console.WriteLine($"  signed runs under flood:  {string.Join(" ", flooded.Select(a => a.ToString("F0", CultureInfo.InvariantCulture))),-24} rows/s");
        Console.WriteLine($"  flood:                    {sent} requests sent, {refused} refused 403, {other} other answers; profiles it wrote: {floodWrites}");
        Console.WriteLine($"  ratio flooded/alone:      {flooded.Average() / alone.Average(),8:F2}   (target >= 0.80, and 0 written)");
    }

    private static async Task<double> SignedRun(CodeStarService client, string tag)
    {
        int next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Rows)
            {
                var row = new ProfileData { UserArn = $"arn:aws:iam::123456789012:user/{tag}/u{i:D6}", DisplayName = $"User {i}", EmailAddress = $"u{i}@example.com" };
                await client.CreateAsync(row, false, null, default);
            }
        }));
        return Rows / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(double RowsPerSecond, long Sent, long Refused, long Other)> WithFlood(string url, Func<Task<double>> signedRun)
    {
        if (InProcess)
        {
            using var stop = new CancellationTokenSource();
            var flood = Flood(new Uri(url), FloodConnections, stop.Token);
            await Task.Delay(200); // the flood is under way before the signed run starts
            double rate = await signedRun();
            stop.Cancel();
            var (sent, refused, other) = await flood;
            return (rate, sent, refused, other);
        }

        _signedRun = signedRun;
        var (floodSent, floodRefused, floodOther) = await FloodProcessRound();
        return (SignedRate, floodSent, floodRefused, floodOther);
    }

    private static Process? _floodProcess;
    private static double SignedRate;
    private static Func<Task<double>>? _signedRun;

    /// <summary>Starts the flood process and floods 3 s unmeasured, so its start-up and JIT are not inside a measured run.</summary>
    private static async Task StartFloodProcess(string url)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(FloodBench).Assembly.Location, "flood", "client", url, FloodConnections.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        _floodProcess = Process.Start(psi)!;
        _signedRun = () => Task.Delay(3000).ContinueWith(_ => 0.0);
        await FloodProcessRound();
    }

    private static async Task<(long Sent, long Refused, long Other)> FloodProcessRound()
    {
        var process = _floodProcess!;
        await process.StandardInput.WriteLineAsync("go");
        await process.StandardInput.FlushAsync();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) != "flooding")
        {
            if (line is null)
            {
                throw new InvalidOperationException("The flood process ended before it started.");
            }
        }

        await Task.Delay(200); // the flood is under way before the signed run starts
        SignedRate = await _signedRun!();
        await process.StandardInput.WriteLineAsync("stop");
        await process.StandardInput.FlushAsync();
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("flooded ", StringComparison.Ordinal))
        {
        }

        var counts = (line ?? throw new InvalidOperationException("The flood process gave no counts.")).Split(' ').Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (counts[0], counts[1], counts[2]);
    }

    /// <summary>
    /// The flood as its own process, started once and warmed up: "go" on standard input starts a flood
    /// (new connections), "stop" ends it and prints its counts; end of input ends the process.
    /// </summary>
    private static async Task FloodClient(Uri uri, int connections)
    {
        string? command;
        while ((command = await Console.In.ReadLineAsync()) is not null)
        {
            if (command != "go")
            {
                continue;
            }

            using var stop = new CancellationTokenSource();
            var flood = Flood(uri, connections, stop.Token);
            Console.WriteLine("flooding");
            while ((command = await Console.In.ReadLineAsync()) is not null && command != "stop")
            {
            }

            stop.Cancel();
            var (sent, refused, other) = await flood;
            Console.WriteLine($"flooded {sent} {refused} {other}");
        }
    }

    private static async Task<(long Sent, long Refused, long Other)> Flood(Uri uri, int connections, CancellationToken stop)
    {
        long sent = 0, refused = 0, other = 0;
        var requests = new[] { Unsigned(uri), WronglySigned(uri), UnknownKey(uri) };
        var flood = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var buffer = new byte[4096];
            Socket? socket = null;
            try
            {
                for (int i = w; !stop.IsCancellationRequested && Interlocked.Increment(ref sent) <= FloodCap; i++)
                {
                    if (socket is null)
                    {
                        socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                        await socket.ConnectAsync(uri.Host, uri.Port);
                    }

                    await socket.SendAsync(requests[i % requests.Length], SocketFlags.None);
                    int status = await ReadResponse(socket, buffer);
                    if (status == 403)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    else
                    {
                        Interlocked.Increment(ref other);
                        socket.Dispose();
                        socket = null;
                    }
                }
            }
            catch (SocketException)
            {
            }
            finally
            {
                socket?.Dispose();
            }
        })).ToArray();

        await Task.WhenAll(flood);
        return (Math.Min(sent, FloodCap), refused, other);
    }

    /// <summary>Reads one response with a Content-Length; its status, or 0 when the server closed.</summary>
    private static async Task<int> ReadResponse(Socket socket, byte[] buffer)
    {
        int have = 0;
        while (true)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None);
            if (n == 0)
            {
                return 0;
            }

            have += n;
            var text = Encoding.ASCII.GetString(buffer, 0, have);
            int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0)
            {
                continue;
            }

            int cl = text.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
            int length = cl < 0 ? 0 : int.Parse(text.AsSpan(cl + 16, text.IndexOf('\r', cl) - cl - 16), CultureInfo.InvariantCulture);
            if (have - split - 4 >= length)
            {
                return int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture);
            }
        }
    }

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"userArn\":\"arn:aws:iam::123456789012:user/flood/intruder\",\"displayName\":\"Intruder\",\"emailAddress\":\"intruder@example.com\"}");

    private static byte[] Unsigned(Uri uri) => Frame(uri, null);

    private static byte[] WronglySigned(Uri uri) => Frame(uri, Authorization(uri, EndpointOptions.DefaultAccessKeyId, "a-guessed-secret-key"));

    private static byte[] UnknownKey(Uri uri) => Frame(uri, Authorization(uri, "AKIAFLOODFLOODFLOOD0", EndpointOptions.DefaultSecretKey));

    // The signature's date is fixed when the flood starts; the run is far shorter than the 15 minutes allowed.
    private static readonly string AmzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Frame(Uri uri, string? authorization)
    {
        var head = new StringBuilder();
        head.Append("POST / HTTP/1.1\r\n").Append($"Host: {uri.Authority}\r\n").Append("Content-Type: application/x-amz-json-1.1\r\n");
        head.Append("X-Amz-Target: CodeStar_20170419.CreateUserProfile\r\n").Append($"X-Amz-Date: {AmzDate}\r\n");
        if (authorization is not null)
        {
            head.Append($"Authorization: {authorization}\r\n");
        }

        head.Append($"Content-Length: {Body.Length}\r\n\r\n");
        return Encoding.ASCII.GetBytes(head.ToString()).Concat(Body).ToArray();
    }

    private static string Authorization(Uri uri, string accessKey, string secret)
    {
        const string SignedHeaders = "content-type;host;x-amz-date;x-amz-target";
        string canonical = $"POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:{uri.Authority}\nx-amz-date:{AmzDate}\nx-amz-target:CodeStar_20170419.CreateUserProfile\n\n{SignedHeaders}\n{Convert.ToHexStringLower(SHA256.HashData(Body))}";
        string scope = $"{AmzDate[..8]}/us-east-1/codestar/aws4_request";
        string toSign = $"AWS4-HMAC-SHA256\n{AmzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { AmzDate[..8], "us-east-1", "codestar", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={SignedHeaders}, Signature={Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)))}";
    }
}
