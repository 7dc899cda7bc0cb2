using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>A stored user profile. Timestamps are Unix epoch milliseconds.</summary>
public sealed record StoredProfile(string UserArn, string DisplayName, string EmailAddress, string SshPublicKey, long CreatedMs, long LastModifiedMs);

/// <summary>
/// Profiles in SQLite (WAL, synchronous=FULL). Every write goes through one writer task that
/// commits whatever writes are waiting as one transaction (group commit): a write is acknowledged
/// only after its transaction is durably committed, so an acknowledged write survives kill -9, and
/// concurrent writes share one fsync instead of paying one each. The writer is a thread of its own,
/// not a thread-pool task: it blocks in fsync, and a blocked pool thread would delay the request
/// handling that shares the pool (on two cores, measurably). Reads use pooled read connections and
/// see every acknowledged write.
/// Storage faults fail closed: a database that cannot be opened or fails its integrity check at
/// start is a <see cref="StoreUnavailableException"/> naming the file; a database file deleted or
/// replaced while running (SQLite would go on committing into the unlinked file) is found before
/// any write is acknowledged, and from then on every write is refused.
/// </summary>
public sealed class ProfileStore : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly BlockingCollection<WriteOp> _queue = new(new ConcurrentQueue<WriteOp>());
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteCommand _insert, _select, _update, _delete;
    private readonly SqliteCommand[] _commands; // the four above, for what applies to each
    private readonly Action<string>? _onFault;
    private volatile string? _fault;

    private ProfileStore(string path, Action<string>? onFault)
    {
        Path = path;
        _onFault = onFault;
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true };
        _writer = new SqliteConnection(builder.ToString());
        try
        {
            _writer.Open();
            Exec(_writer, "PRAGMA journal_mode=WAL;");
            Exec(_writer, "PRAGMA synchronous=FULL;");
            Exec(_writer, "PRAGMA busy_timeout=5000;");
            CheckIntegrity(_writer);
            CreateSchema();
            TokenKey = LoadOrCreateTokenKey();
        }
        catch
        {
            _writer.Dispose();
            throw;
        }

        _insert = Prepare("INSERT INTO profiles VALUES ($a, $d, $e, $s, $c, $m) ON CONFLICT(user_arn) DO NOTHING", "$a", "$d", "$e", "$s", "$c", "$m");
        _select = Prepare("SELECT user_arn, display_name, email_address, ssh_public_key, created_ms, modified_ms FROM profiles WHERE user_arn = $a", "$a");
        _update = Prepare("UPDATE profiles SET display_name = $d, email_address = $e, ssh_public_key = $s, modified_ms = $m WHERE user_arn = $a", "$a", "$d", "$e", "$s", "$m");
        _delete = Prepare("DELETE FROM profiles WHERE user_arn = $a", "$a");
        _commands = new[] { _insert, _select, _update, _delete };

        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        new Thread(WriterLoop) { IsBackground = true, Name = "CodeStar store writer" }.Start();
    }

    /// <summary>The key that signs page tokens; kept in the database so tokens outlive a restart.</summary>
    public byte[] TokenKey { get; }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Why writes are refused (the database file was deleted or replaced), or null while all is well.</summary>
    public string? Fault => _fault;

    /// <summary>Opens (or creates) the database; <paramref name="onFault"/> is told, once, when writes start being refused and why.</summary>
    /// <exception cref="StoreUnavailableException">The file cannot be opened, is not a database, is damaged, or its folder cannot be written.</exception>
    public static ProfileStore Open(string path, Action<string>? onFault = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            return new ProfileStore(full, onFault);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            SqliteConnection.ClearAllPools();
            bool cannotWrite = e is UnauthorizedAccessException || e is SqliteException { SqliteErrorCode: 8 or 14 };
            throw new StoreUnavailableException(full, (cannotWrite ? ReadOnlyFolder(full) : null) ?? Describe(e), e);
        }
    }

    /// <summary>When the database's folder cannot be written (SQLite must create the file and its -wal and -shm there), says so; else null.</summary>
    private static string? ReadOnlyFolder(string full)
    {
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            return null;
        }

        try
        {
            using (File.Create(System.IO.Path.Combine(folder, $".codestar-probe-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"its folder {folder} is read-only for this user (SQLite must create the database and its -wal and -shm files there; make the folder writable or pass another --database)";
        }
    }

    /// <summary>What went wrong, in one line and without a stack trace: SQLite's own words and code where it is SQLite.</summary>
    internal static string Describe(Exception e) => e switch
    {
        SqliteException s => $"{SqliteMessage(s)} (SQLite error {s.SqliteErrorCode}{(s.SqliteExtendedErrorCode != s.SqliteErrorCode ? "/" + s.SqliteExtendedErrorCode : string.Empty)})",
        _ => e.Message,
    };

    private static string SqliteMessage(SqliteException s)
    {
        // "SQLite Error 26: 'file is not a database'." -> file is not a database
        var m = s.Message;
        int open = m.IndexOf('\''), close = m.LastIndexOf('\'');
        return open >= 0 && close > open ? m.Substring(open + 1, close - open - 1) : m;
    }

    /// <summary>Creates the profile, or returns null when one with that ARN exists already.</summary>
    public Task<StoredProfile?> CreateAsync(string arn, string displayName, string email, string ssh) =>
        Enqueue<StoredProfile?>(() =>
        {
            long now = NowMs();
            Bind(_insert, arn, displayName, email, ssh, now, now);
            return _insert.ExecuteNonQuery() == 1 ? new StoredProfile(arn, displayName, email, ssh, now, now) : null;
        });

    /// <summary>Changes only the members given (non-null); returns null when there is no such profile.</summary>
    public Task<StoredProfile?> UpdateAsync(string arn, string? displayName, string? email, string? ssh) =>
        Enqueue(() =>
        {
            var current = ReadOne(_select, arn);
            if (current is null)
            {
                return null;
            }

            var updated = current with
            {
                DisplayName = displayName ?? current.DisplayName,
                EmailAddress = email ?? current.EmailAddress,
                SshPublicKey = ssh ?? current.SshPublicKey,
                LastModifiedMs = Math.Max(NowMs(), current.LastModifiedMs + 1),
            };
            Bind(_update, arn, updated.DisplayName, updated.EmailAddress, updated.SshPublicKey, null, updated.LastModifiedMs);
            _update.ExecuteNonQuery();
            return updated;
        });

    public Task<bool> DeleteAsync(string arn) =>
        Enqueue(() =>
        {
            Bind(_delete, arn);
            return _delete.ExecuteNonQuery() == 1;
        });

    public StoredProfile? Get(string arn)
    {
        using var conn = OpenReader();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = _select.CommandText;
        cmd.Parameters.AddWithValue("$a", arn);
        return ReadOne(cmd, arn);
    }

    /// <summary>Profiles in ARN order after <paramref name="afterArn"/> (keyset paging: stable while others change).</summary>
    public (List<StoredProfile> Page, bool More) List(string? afterArn, int limit)
    {
        using var conn = OpenReader();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT user_arn, display_name, email_address, ssh_public_key, created_ms, modified_ms FROM profiles WHERE user_arn > $after ORDER BY user_arn LIMIT $n";
        cmd.Parameters.AddWithValue("$after", afterArn ?? string.Empty);
        cmd.Parameters.AddWithValue("$n", limit + 1);
        var page = new List<StoredProfile>(limit + 1);
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                page.Add(ReadRow(reader));
            }
        }

        bool more = page.Count > limit;
        if (more)
        {
            page.RemoveAt(limit);
        }

        return (page, more);
    }

    public long Count()
    {
        using var conn = OpenReader();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM profiles";
        return (long)cmd.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.CompleteAdding();
        await _writerStopped.Task.ConfigureAwait(false);
        foreach (var cmd in _commands)
        {
            cmd.Dispose();
        }

        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private Task<T> Enqueue<T>(Func<T> work)
    {
        if (_fault is { } fault)
        {
            return Task.FromException<T>(new StoreFaultException(fault));
        }

        var op = new WriteOp<T>(work);
        try
        {
            _queue.Add(op);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(ProfileStore));
        }

        return op.Completion.Task;
    }

    private void WriterLoop()
    {
        try
        {
            WriteBatches();
        }
        finally
        {
            _writerStopped.TrySetResult();
        }
    }

    private void WriteBatches()
    {
        var batch = new List<WriteOp>(MaxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.TryTake(out var op))
            {
                batch.Add(op);
            }

            try
            {
                using var tx = _writer.BeginTransaction();
                foreach (var cmd in _commands)
                {
                    cmd.Transaction = tx;
                }

                foreach (var op in batch)
                {
                    op.Run();
                }

                tx.Commit();

                // A commit into a file that is no longer the one at the path is lost at the next start:
                // never acknowledge it, and refuse every write from now on.
                if (_fault is not null || HasMoved())
                {
                    RefuseWrites($"the database file {Path} was deleted or replaced while the endpoint was running; "
                        + "writes are refused from now on because they could not be durable (restart the endpoint to open or create it again)");
                    foreach (var op in batch)
                    {
                        op.Fail(new StoreFaultException(_fault!));
                    }

                    continue;
                }

                foreach (var op in batch)
                {
                    op.Acknowledge();
                }
            }
            catch (Exception ex)
            {
                // The transaction rolled back: nothing of this batch was written, so none of it is acknowledged.
                foreach (var op in batch)
                {
                    op.Fail(ex);
                }
            }
        }
    }

    private void CreateSchema() => Exec(_writer, """
            CREATE TABLE IF NOT EXISTS profiles (
              user_arn TEXT NOT NULL PRIMARY KEY,
              display_name TEXT NOT NULL,
              email_address TEXT NOT NULL,
              ssh_public_key TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              modified_ms INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS meta (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
            """);

    private void RefuseWrites(string why)
    {
        if (Interlocked.CompareExchange(ref _fault, why, null) is null)
        {
            _onFault?.Invoke(why);
        }
    }

    /// <summary>SQLITE_FCNTL_HAS_MOVED: whether the file at the path is no longer the file opened (unlinked, renamed or replaced).</summary>
    private bool HasMoved()
    {
        if (_writer.Handle is not { } db)
        {
            return false;
        }

        int moved = 0;
        if (!_noFileControl)
        {
            try
            {
                int rc = NativeMethods.sqlite3_file_control(db.DangerousGetHandle(), NativeMethods.MainDatabase, NativeMethods.SqliteFcntlHasMoved, ref moved);
                moved = rc == 0 ? moved : 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A SQLite library not named e_sqlite3 (another SQLitePCLRaw bundle): a deleted file is still found below.
                _noFileControl = true;
            }
        }

        return moved != 0 || !File.Exists(Path);
    }

    private bool _noFileControl;

    /// <summary>A damaged file (a torn copy, a truncated file, garbage) is named at start, not found by the first unlucky request.</summary>
    private static void CheckIntegrity(SqliteConnection conn)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA quick_check(1);";
        var result = cmd.ExecuteScalar() as string;
        if (result != "ok")
        {
            throw new IOException($"the database is damaged: integrity check says '{result}'");
        }
    }

    private SqliteConnection OpenReader()
    {
        var conn = new SqliteConnection(_readConnectionString);
        conn.Open();
        return conn;
    }

    private byte[] LoadOrCreateTokenKey()
    {
        using var get = _writer.CreateCommand();
        get.CommandText = "SELECT value FROM meta WHERE key = 'token-key'";
        if (get.ExecuteScalar() is byte[] existing)
        {
            return existing;
        }

        var key = RandomNumberGenerator.GetBytes(32);
        using var put = _writer.CreateCommand();
        put.CommandText = "INSERT INTO meta VALUES ('token-key', $v)";
        put.Parameters.AddWithValue("$v", key);
        put.ExecuteNonQuery();
        return key;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var cmd = _writer.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        }

        return cmd;
    }

    private static void Bind(SqliteCommand cmd, string arn, string? displayName = null, string? email = null, string? ssh = null, long? created = null, long? modified = null)
    {
        foreach (SqliteParameter p in cmd.Parameters)
        {
            object? value = p.ParameterName switch
            {
                "$a" => arn,
                "$d" => displayName,
                "$e" => email,
                "$s" => ssh,
                "$c" => created,
                "$m" => modified,
                _ => null,
            };
            p.Value = value ?? DBNull.Value;
        }
    }

    private static StoredProfile? ReadOne(SqliteCommand cmd, string arn)
    {
        if (cmd.Parameters.Contains("$a"))
        {
            cmd.Parameters["$a"].Value = arn;
        }

        using var reader = cmd.ExecuteReader();
        return reader.Read() ? ReadRow(reader) : null;
    }

    private static StoredProfile ReadRow(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5));

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static void Exec(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static class NativeMethods
    {
        public const int SqliteFcntlHasMoved = 20;

        public static readonly byte[] MainDatabase = "main\0"u8.ToArray();

        // The SQLite library Microsoft.Data.Sqlite already loaded (SQLitePCLRaw's bundle); its C API has this, the wrapper does not.
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_file_control(IntPtr db, byte[] dbName, int op, ref int arg);
    }

    private abstract class WriteOp
    {
        public abstract void Run();

        public abstract void Acknowledge();

        public abstract void Fail(Exception ex);
    }

    private sealed class WriteOp<T> : WriteOp
    {
        private readonly Func<T> _work;
        private T _result = default!;

        public WriteOp(Func<T> work) => _work = work;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run() => _result = _work();

        public override void Acknowledge() => Completion.TrySetResult(_result);

        public override void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}

/// <summary>The database cannot be used at all (at start): the message names the file and what is wrong with it.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string path, string reason, Exception inner)
        : base($"cannot use the database {path}: {reason}", inner)
    {
        DatabasePath = path;
    }

    public string DatabasePath { get; }
}

/// <summary>A write refused because it could not be made durable; the message says why.</summary>
public sealed class StoreFaultException : Exception
{
    public StoreFaultException(string message)
        : base(message)
    {
    }
}
