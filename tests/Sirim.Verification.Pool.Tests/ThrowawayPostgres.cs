using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sirim.Verification.Pool.Tests;

/// <summary>
/// A PostgreSQL 15 cluster in a temporary directory on 127.0.0.1, trust authentication, for one test fixture.
/// PostgreSQL refuses to run as root, so as root its tools run through <c>runuser -u postgres</c>.
/// Binaries come from SIRIM_PG_BIN or /usr/lib/postgresql/15/bin.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;
    private readonly string _bin;

    private ThrowawayPostgres(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string of the superuser, database postgres (no password: trust authentication).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=10;Command Timeout=30";

    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken cancellationToken)
    {
        var bin = Environment.GetEnvironmentVariable("SIRIM_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            Assert.Fail($"PostgreSQL server binaries not found in {bin}; install them (apt-get install -y postgresql-15) or set SIRIM_PG_BIN");
        }

        var directory = Path.Combine(Path.GetTempPath(), "sirim-pool-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory], cancellationToken);
        }

        await RunToolAsync(bin, "initdb", ["-D", Path.Combine(directory, "data"), "-A", "trust", "-U", "postgres", "--no-sync"], cancellationToken);

        // Another cluster may take a port between the check and the start: try a few.
        var errors = new List<string>();
        foreach (var port in FreePorts().Take(5))
        {
            try
            {
                await RunToolAsync(bin, "pg_ctl",
                [
                    "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "30",
                    "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {directory} -c max_connections=50 -c fsync=off", "start",
                ], cancellationToken);
                return new ThrowawayPostgres(directory, bin, port);
            }
            catch (InvalidOperationException exception)
            {
                errors.Add(exception.Message);
            }
        }

        Directory.Delete(directory, recursive: true);
        throw new InvalidOperationException("could not start PostgreSQL: " + string.Join(" | ", errors));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await RunToolAsync(_bin, "pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], timeout.Token);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static IEnumerable<int> FreePorts()
    {
        for (var port = 15600; port < 15700; port++)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
            }
            catch (SocketException)
            {
                continue;
            }
            finally
            {
                listener.Stop();
            }

            yield return port;
        }
    }

    private static Task RunToolAsync(string bin, string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments], cancellationToken)
            : RunAsync(Path.Combine(bin, tool), arguments, cancellationToken);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {ToolTimeout.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            var output = (await stderr.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken)).Trim();
            throw new InvalidOperationException($"{Path.GetFileName(arguments.Count > 3 && file == "runuser" ? arguments[3] : file)} exited with {process.ExitCode}: {output}");
        }

        await stdout.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
    }
}
