using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Sirim.ReferenceTarget.Hosting;

/// <summary>Connection strings of the throwaway cluster's roles. They carry passwords: never print them.</summary>
public sealed record PostgresCredentials(string AppConnectionString, string MonitorConnectionString, string AppUser, string MonitorUser, string Database);

/// <summary>
/// A PostgreSQL 15 cluster created for one run in a temporary folder, listening on 127.0.0.1 only, with password
/// (scram-sha-256) authentication over TCP; removed when disposed. PostgreSQL refuses to run as root, so as root the
/// server commands run as the 'postgres' user.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    public const string Database = "sirim";
    public const string AppUser = "sirim_app";
    public const string MonitorUser = "sirim_monitor";

    private readonly string _bin;
    private bool _running;

    private ThrowawayPostgres(string directory, int port, string bin, PostgresCredentials credentials)
    {
        Directory = directory;
        Port = port;
        _bin = bin;
        Credentials = credentials;
    }

    public string Directory { get; }
    public string DataDirectory => Path.Combine(Directory, "data");
    public string LogFile => Path.Combine(Directory, "server.log");
    public int Port { get; }
    public PostgresCredentials Credentials { get; }

    /// <summary>
    /// The superuser over the cluster's local socket (trust for local connections only, no password), to
    /// <paramref name="database"/>: for tests that create databases, tables and sessions of their own.
    /// </summary>
    public string SuperuserConnectionString(string database = "postgres") =>
        $"Host={Directory};Port={Port};Username=postgres;Database={database};Timeout=10;Command Timeout=30";

    /// <summary>The command lines an operator (or the smoke gate) runs to stop and start this database.</summary>
    public string StopCommandLine => ShellLine(PgCtl, "-D", DataDirectory, "-m", "fast", "-w", "stop");
    public string StartCommandLine => ShellLine(PgCtl, "-D", DataDirectory, "-l", LogFile, "-o", ServerOptions, "-w", "start");

    private string PgCtl => Path.Combine(_bin, "pg_ctl");
    private string ServerOptions => $"-p {Port} -c listen_addresses=127.0.0.1 -k {Directory} -c max_connections=200";

    public static string FindBinaries()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SIRIM_PG_BIN");
        var candidates = fromEnv is not null ? [fromEnv]
            : new[] { "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin" };
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "initdb")))
            ?? throw new HostingException(
                $"PostgreSQL server binaries not found (looked in {string.Join(", ", candidates)}). " +
                "Install them with 'apt-get install -y postgresql' (scripts/bootstrap.sh does) or set SIRIM_PG_BIN.");
    }

    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken ct)
    {
        var bin = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), "sirim-pg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        System.IO.Directory.CreateDirectory(directory);
        var asUser = ProcessRunner.IsRoot ? "postgres" : null;
        if (asUser is not null)
        {
            var chown = await ProcessRunner.RunAsync("chown", ["postgres:postgres", directory], TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            if (chown.ExitCode != 0) throw new HostingException($"could not hand {directory} to the postgres user: {chown.Output.Trim()}");
        }

        var port = FreePort();
        var appPassword = NewSecret();
        var monitorPassword = NewSecret();
        var credentials = new PostgresCredentials(
            $"Host=127.0.0.1;Port={port};Database={Database};Username={AppUser};Password={appPassword}",
            $"Host=127.0.0.1;Port={port};Database={Database};Username={MonitorUser};Password={monitorPassword};Application Name=sirim-verification-monitor;Pooling=false",
            AppUser, MonitorUser, Database);
        var cluster = new ThrowawayPostgres(directory, port, bin, credentials);
        try
        {
            var init = await ProcessRunner.RunAsync(Path.Combine(bin, "initdb"),
                ["-D", cluster.DataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8"],
                TimeSpan.FromSeconds(60), ct, asUser).ConfigureAwait(false);
            if (init.ExitCode != 0) throw new HostingException("initdb failed: " + LastLines(init.Output));
            await cluster.StartServerAsync(ct).ConfigureAwait(false);

            // Roles and database over the local socket (trust for local connections only).
            var admin = cluster.SuperuserConnectionString() + ";Pooling=false";
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync(ct).ConfigureAwait(false);
                foreach (var sql in new[]
                         {
                             $"CREATE ROLE {AppUser} LOGIN PASSWORD '{appPassword}'",
                             $"CREATE ROLE {MonitorUser} LOGIN PASSWORD '{monitorPassword}' IN ROLE pg_monitor",
                             $"CREATE DATABASE {Database} OWNER {AppUser}",
                         })
                {
                    await using var cmd = new NpgsqlCommand(sql, conn);
                    await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StartServerAsync(CancellationToken ct)
    {
        var start = await ProcessRunner.RunAsync(PgCtl, ["-D", DataDirectory, "-l", LogFile, "-o", ServerOptions, "-w", "start"],
            TimeSpan.FromSeconds(60), ct, ProcessRunner.IsRoot ? "postgres" : null).ConfigureAwait(false);
        if (start.ExitCode != 0)
            throw new HostingException($"PostgreSQL did not start on port {Port}: {LastLines(start.Output)} (log: {LogFile})");
        _running = true;
    }

    /// <summary>Stops the server: <c>pg_ctl stop -m fast</c>, or <c>-m immediate</c> (no shutdown checkpoint, clients cut
    /// off at once: what a crashed database looks like to the target).</summary>
    public async Task StopServerAsync(CancellationToken ct, bool immediate = false)
    {
        var stop = await ProcessRunner.RunAsync(PgCtl, ["-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "stop"],
            TimeSpan.FromSeconds(60), ct, ProcessRunner.IsRoot ? "postgres" : null).ConfigureAwait(false);
        if (stop.ExitCode != 0 && !stop.Output.Contains("Is server running?"))
            throw new HostingException("PostgreSQL did not stop: " + LastLines(stop.Output));
        _running = false;
    }

    /// <summary>
    /// Stops the server (pg_ctl stop -m fast, then -m immediate, then SIGKILL to the postmaster: each step bounded, a
    /// cancelled <paramref name="force"/> skips to the next at once) and removes the cluster folder. Returns what it did,
    /// for the line a stopped run prints.
    /// </summary>
    public async Task<string> ShutdownAsync(CancellationToken force)
    {
        // The pid file, not only the flag: a start interrupted by a signal may leave a postmaster running.
        var how = _running || File.Exists(PidFile) ? await StopAnyHowAsync(force).ConfigureAwait(false) : "not running";
        _running = false;
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException ex) { return $"{how}; folder {Directory} not removed: {ex.Message}"; }
        catch (UnauthorizedAccessException ex) { return $"{how}; folder {Directory} not removed: {ex.Message}"; }
        return $"{how}, folder {Directory} removed";
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync(CancellationToken.None).ConfigureAwait(false);

    private string PidFile => Path.Combine(DataDirectory, "postmaster.pid");

    private async Task<string> StopAnyHowAsync(CancellationToken force)
    {
        foreach (var (mode, seconds) in new[] { ("fast", 4), ("immediate", 2) })
        {
            if (force.IsCancellationRequested && mode == "fast") continue;
            try
            {
                var stop = await ProcessRunner.RunAsync(PgCtl, ["-D", DataDirectory, "-m", mode, "-w", "-t", seconds.ToString(), "stop"],
                    TimeSpan.FromSeconds(seconds + 1), mode == "fast" ? force : CancellationToken.None, ProcessRunner.IsRoot ? "postgres" : null).ConfigureAwait(false);
                if (stop.ExitCode == 0) return $"stopped ({mode} shutdown)";
                if (stop.Output.Contains("Is server running?")) return "already stopped";
            }
            catch (HostingException) { /* timed out: next, harsher step */ }
            catch (OperationCanceledException) { /* second signal: next, harsher step */ }
        }
        return KillPostmaster() is { } pid ? $"postmaster {pid} killed" : "not running";
    }

    /// <summary>Last resort: SIGKILL to the postmaster named in the pid file (its backends exit when it is gone).</summary>
    private int? KillPostmaster()
    {
        try
        {
            if (!File.Exists(PidFile) || !int.TryParse(File.ReadLines(PidFile).FirstOrDefault(), out var pid)) return null;
            using var postmaster = System.Diagnostics.Process.GetProcessById(pid);
            postmaster.Kill(entireProcessTree: true);
            return pid;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));

    private static string LastLines(string output) => string.Join(" | ", output.Trim().Split('\n').TakeLast(4).Select(l => l.Trim()));

    private static string ShellLine(params string[] parts)
    {
        var quoted = string.Join(' ', parts.Select(p => "'" + p.Replace("'", "'\\''") + "'"));
        return ProcessRunner.IsRoot ? "runuser -u postgres -- " + quoted : quoted;
    }
}
