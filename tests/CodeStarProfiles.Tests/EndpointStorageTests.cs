using System.Diagnostics;
using System.Text;
using CodeStarProfiles.LocalEndpoint;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>Storage faults fail closed and say so (issue 16): a database deleted while running, a bad database at start, SIGTERM mid-upload.</summary>
public sealed class EndpointStorageTests
{
    private static object Profile(string arn) => new { userArn = arn, displayName = "Store Test", emailAddress = "store@example.com" };


    [Fact]
    public async Task A_database_deleted_while_running_refuses_writes_with_a_500_and_an_ERROR_line_and_acknowledges_none()
    {
        var db = TestEndpoint.NewDatabase("deleted");
        var errors = new StringWriter();
        var refused = new List<string>();
        await using (var host = await TestEndpoint.StartAsync(db, errors: errors))
        {
            using var c = new RawClient(host.Url);
            Assert.Equal(200, (await c.Call("CreateUserProfile", Profile(EndpointFixture.NewArn("before")))).Status);
            foreach (var file in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(file);
            }

            for (int i = 0; i < 5; i++)
            {
                var arn = EndpointFixture.NewArn("after");
                var r = await c.Call(i % 2 == 0 ? "CreateUserProfile" : "DeleteUserProfile", Profile(arn));
                Assert.Equal((500, "InternalFailure"), (r.Status, r.Type));
                refused.Add(arn);
            }

            Assert.NotNull(host.Store.Fault);
        }

        var log = errors.ToString();
        Assert.Contains($"the database file {db} was deleted or replaced while the endpoint was running", log);
        Assert.Contains("writes are refused", log);
        Assert.All(log.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Contains(" ERROR ", l));

        // Started again on the path, nothing refused is there (and nothing was acknowledged that is not).
        await using var again = await TestEndpoint.StartAsync(db);
        Assert.Equal(0, again.Store.Count());
    }

    [Fact]
    public async Task A_database_replaced_by_another_file_while_running_refuses_writes()
    {
        var db = TestEndpoint.NewDatabase("replaced");
        var errors = new StringWriter();
        await using var host = await TestEndpoint.StartAsync(db, errors: errors);
        using var c = new RawClient(host.Url);
        Assert.Equal(200, (await c.Call("CreateUserProfile", Profile(EndpointFixture.NewArn("before")))).Status);
        File.Copy(db, db + ".copy");
        File.Move(db + ".copy", db, overwrite: true);
        Assert.Equal(500, (await c.Call("CreateUserProfile", Profile(EndpointFixture.NewArn("after")))).Status);
        Assert.Contains("was deleted or replaced", errors.ToString());
    }

    public static TheoryData<string> BadDatabases() => new() { "garbage", "truncated", "directory", "empty-header" };

    [Theory]
    [MemberData(nameof(BadDatabases))]
    public async Task A_bad_database_at_start_exits_non_zero_with_one_line_naming_the_file_and_no_stack_trace(string kind)
    {
        var db = TestEndpoint.NewDatabase("bad-" + kind);
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        switch (kind)
        {
            case "garbage":
                File.WriteAllBytes(db, Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray());
                break;
            case "truncated":
                await MakeDatabase(db, rows: 2000);
                using (var f = new FileStream(db, FileMode.Open))
                {
                    f.SetLength(f.Length / 2);
                }

                break;
            case "directory":
                Directory.CreateDirectory(db);
                break;
            case "empty-header":
                await MakeDatabase(db, rows: 10);
                using (var f = new FileStream(db, FileMode.Open))
                {
                    f.Write(new byte[100]); // the 100-byte header zeroed: not a database any more
                }

                break;
        }

        using var process = Process.Start(TestEndpoint.EndpointProcessStartInfo(TestEndpoint.EndpointDll, db, null))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(1, process.ExitCode);
        var error = await stderr;
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith($"codestar-local: cannot use the database {db}: ", lines[0]);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain("listening", await stdout);
    }

    [Fact]
    public void A_corrupt_database_is_named_as_such()
    {
        var db = TestEndpoint.NewDatabase("corrupt-message");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        File.WriteAllText(db, "this is not an SQLite file, but it is long enough to have a header........................................");
        var e = Assert.Throws<StoreUnavailableException>(() => ProfileStore.Open(db));
        Assert.Equal($"cannot use the database {db}: file is not a database (SQLite error 26)", e.Message);
        Assert.Equal(db, e.DatabasePath);
    }

    [Fact]
    public async Task A_corrupt_page_found_while_running_is_a_500_InternalFailure_and_an_ERROR_line_naming_the_file_and_the_cause()
    {
        var db = TestEndpoint.NewDatabase("corrupt-running");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);

        // Large enough (about 5 MB) that the pages a scan reads are not all in SQLite's page cache.
        await MakeDatabase(db, rows: 8000);
        var errors = new StringWriter();
        await using var host = await TestEndpoint.StartAsync(db, errors: errors);
        using var c = new RawClient(host.Url);

        // Pages in the middle of the file overwritten under the running endpoint (the first pages, schema included, stay).
        using (var f = new FileStream(db, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            long pageSize = 4096, pages = f.Length / pageSize;
            var junk = Enumerable.Range(0, (int)pageSize).Select(i => (byte)(i * 37 % 253)).ToArray();
            for (long p = pages / 4; p < pages * 3 / 4; p++)
            {
                f.Position = p * pageSize;
                f.Write(junk);
            }

            f.Flush(flushToDisk: true);
        }

        // A read that scans the table, and writes that walk its b-tree.
        var read = await ListAll(c);
        Assert.Equal((500, "InternalFailure"), (read.Status, read.Type));
        Assert.DoesNotContain("SQLite", read.Raw); // nothing of the internals on the wire
        var writes = new List<RawClient.Response>();
        for (int i = 0; i < 20; i++)
        {
            writes.Add(await c.Call("CreateUserProfile", Profile($"arn:aws:iam::123456789012:user/row{i * 397 % 8000:D5}x")));
        }

        Assert.All(writes, w => Assert.True(w.Status is 500 or 200, $"a write got {w.Status} {w.Type}"));
        Assert.Contains(writes, w => (w.Status, w.Type) == (500, "InternalFailure"));

        var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(" ERROR ", l));
        Assert.Contains(lines, l => l.Contains("ListUserProfiles answered 500: ", StringComparison.Ordinal)
            && l.Contains($"the database {db} failed: ", StringComparison.Ordinal)
            && l.Contains("malformed", StringComparison.Ordinal) && l.Contains("corrupt", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("CreateUserProfile answered 500: ", StringComparison.Ordinal) && l.Contains(db, StringComparison.Ordinal));
    }

    private static async Task<RawClient.Response> ListAll(RawClient c)
    {
        string? token = null;
        while (true)
        {
            var r = await c.Call("ListUserProfiles", token is null ? new { maxResults = 100 } : new { maxResults = 100, nextToken = token });
            if (r.Status != 200 || !r.Body.TryGetProperty("nextToken", out var next) || next.GetString() is not { } t)
            {
                return r;
            }

            token = t;
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_database_in_a_read_only_folder_at_start_exits_non_zero_with_one_line_naming_the_file()
    {
        // Root ignores file permissions, so as root the endpoint runs as the unprivileged user 'nobody'
        // (setpriv from util-linux), for whom a folder of mode 555 is really read-only.
        var folder = Path.Combine(Path.GetTempPath(), "codestar-ro-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = Path.Combine(folder, "s.db");
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        bool asNobody = Environment.UserName == "root" || geteuid() == 0;
        string? copy = asNobody ? EndpointCopyNobodyCanRead() : null;
        try
        {
            var psi = TestEndpoint.EndpointProcessStartInfo(copy != null ? Path.Combine(copy, Path.GetFileName(TestEndpoint.EndpointDll)) : TestEndpoint.EndpointDll, db, null);
            if (asNobody)
            {
                Assert.True(File.Exists("/usr/bin/setpriv"), "root ignores permissions: this test needs setpriv (util-linux) to run the endpoint as 'nobody'");
                psi.ArgumentList.Insert(0, psi.FileName);
                foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups" }.Reverse())
                {
                    psi.ArgumentList.Insert(0, a);
                }

                psi.FileName = "/usr/bin/setpriv";
                psi.Environment["DOTNET_CLI_HOME"] = folder; // nothing for the host to write in root's home
                psi.WorkingDirectory = "/";
            }

            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            var error = await stderr;
            Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}: {error}");
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith($"codestar-local: cannot use the database {db}: ", lines[0]);
            Assert.Contains("readonly", lines[0].Replace("-", string.Empty).Replace(" ", string.Empty), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("   at ", error);
            Assert.DoesNotContain("Exception", error);
            Assert.DoesNotContain("listening", await stdout);
            Assert.False(File.Exists(db));
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(folder, true);
            if (copy != null)
            {
                Directory.Delete(copy, true);
            }
        }
    }

    /// <summary>
    /// The endpoint's files (its assemblies and this platform's SQLite library) copied to a folder of the
    /// temp directory: 'nobody' cannot reach the build output of a clone under a folder only root may enter
    /// (mktemp -d makes its folders 700).
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes: run only as root on Linux
    private static string EndpointCopyNobodyCanRead()
    {
        string from = Path.GetDirectoryName(TestEndpoint.EndpointDll)!;
        string to = Path.Combine(Path.GetTempPath(), "codestar-ro-bin-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(to);
        foreach (var pattern in new[] { "CodeStarProfiles.LocalEndpoint.*", "Microsoft.Data.Sqlite.dll", "SQLitePCLRaw.*.dll" })
        {
            foreach (var file in Directory.GetFiles(from, pattern))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }

        string native = Path.Combine("runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native");
        Directory.CreateDirectory(Path.Combine(to, native));
        foreach (var file in Directory.GetFiles(Path.Combine(from, native)))
        {
            File.Copy(file, Path.Combine(to, native, Path.GetFileName(file)));
        }

        foreach (var dir in new[] { to, Path.Combine(to, "runtimes"), Path.Combine(to, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier), Path.Combine(to, native) })
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101); // 755, whatever the umask
        }

        return to;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    [Fact]
    public async Task SIGTERM_with_a_half_sent_body_stops_within_seconds_and_finishes_the_write_in_flight()
    {
        var db = TestEndpoint.NewDatabase("term-half");
        var arn = EndpointFixture.NewArn("inflight");
        using (var process = TestEndpoint.StartEndpointProcess(TestEndpoint.EndpointDll, db, out var url, out _, "--latency-ms", "1500"))
        {
            using var c = new RawClient(url);

            // A client that sends half its body and then nothing.
            var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Profile(EndpointFixture.NewArn("half"))));
            var half = RawClient.Exchange(url, EndpointHostileInputTests.Frame(c.SignedHeaders("CodeStar_20170419.CreateUserProfile", body), $"Content-Length: {body.Length}\r\n", body[..(body.Length / 2)]), TimeSpan.FromSeconds(60));

            // A write in flight (held 1.5 s by --latency-ms) when the signal comes.
            var inFlight = c.Call("CreateUserProfile", Profile(arn));
            await Task.Delay(500);
            var clock = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", new[] { "-TERM", process.Id.ToString() }))
            {
                kill.WaitForExit();
            }

            Assert.True(process.WaitForExit(20_000), "the endpoint did not stop on SIGTERM");
            var stopped = clock.Elapsed;
            Assert.True(stopped < TimeSpan.FromSeconds(7), $"took {stopped.TotalSeconds:F1} s to stop");
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(200, (await inFlight).Status);
            var cut = await half;
            Assert.True(cut.Status is 0 or 503, $"the half-sent request got {cut.Status}");
        }

        using (var process = TestEndpoint.StartEndpointProcess(TestEndpoint.EndpointDll, db, out var url, out _))
        {
            using var c = new RawClient(url);
            Assert.Equal(200, (await c.Call("DescribeUserProfile", new { userArn = arn })).Status);
            var list = await c.Call("ListUserProfiles", new { });
            Assert.Single(list.Body.GetProperty("userProfiles").EnumerateArray());
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task MakeDatabase(string path, int rows)
    {
        var store = ProfileStore.Open(path);
        await Task.WhenAll(Enumerable.Range(0, rows).Select(i => store.CreateAsync($"arn:aws:iam::123456789012:user/row{i:D5}", new string('n', 60), "row@example.com", new string('k', 400))));
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
