using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Sirim.Verification.Pool;

/// <summary>
/// Samples <c>pg_stat_activity</c> through its own monitoring connection at a fixed interval while a load runs, to prove
/// how many connections the app's pool really opens (the requirement: at least 20 under at least 20 concurrent requests,
/// and no exhaustion). Runs as a background task bounded by a cancellation token and a maximum duration.
/// </summary>
public sealed partial class PgActivitySampler
{
    private const int MaxErrorMessages = 20;

    private readonly PoolSamplerOptions _options;
    private readonly string _connectionString;

    /// <summary>Creates a sampler; throws <see cref="ArgumentException"/> listing every invalid option.</summary>
    public PgActivitySampler(PoolSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            ApplicationName = options.SamplerApplicationName,
            Pooling = false,
            Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds)),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.QueryTimeout.TotalSeconds)),
        };
        _connectionString = builder.ConnectionString;
        ConnectionDescription = Describe(builder);
    }

    /// <summary>The SQL run for every sample (for the evidence).</summary>
    public static string SqlText => PgActivityQuery.Sql;

    /// <summary>Monitoring connection parameters without the password, e.g. "host=db port=5432 database=sirim user=monitor application_name=sirim-pool-sampler (password redacted)".</summary>
    public string ConnectionDescription { get; }

    /// <summary>Which sessions are counted, in words.</summary>
    public string Filter =>
        $"client backends with datname = {Show(_options.Database)}, usename = {Show(_options.User)}, application_name = {Show(_options.ApplicationName)}; "
        + "the sampler's own session is excluded (pid <> pg_backend_pid())";

    /// <summary>Starts sampling in the background; stop it with <see cref="PoolSamplingSession.StopAsync"/>.</summary>
    public PoolSamplingSession Start(IProgress<PoolSample>? onSample = null, CancellationToken cancellationToken = default) =>
        new(this, onSample, cancellationToken);

    /// <summary>
    /// Samples until <paramref name="cancellationToken"/> is cancelled (the normal stop), the maximum duration is reached,
    /// or too many samples fail in a row. Never throws for database errors: they are listed in the result.
    /// </summary>
    public async Task<PoolSamplingResult> RunAsync(IProgress<PoolSample>? onSample = null, CancellationToken cancellationToken = default)
    {
        var samples = new List<PoolSample>();
        var errors = new List<string>();
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var maxDuration = new CancellationTokenSource(_options.MaxDuration);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, maxDuration.Token);
        var token = linked.Token;
        var stop = PoolSamplingStop.Stopped;

        PoolSamplingResult Result() => new()
        {
            ConnectionDescription = ConnectionDescription,
            Filter = Filter,
            ApplicationNameFilter = _options.ApplicationNameFilter,
            Sql = PgActivityQuery.Sql,
            SqlParameters = PgActivityQuery.DescribeParameters(_options),
            Interval = _options.Interval,
            StartedAt = startedAt,
            Duration = clock.Elapsed,
            Stop = maxDuration.IsCancellationRequested && !cancellationToken.IsCancellationRequested && stop == PoolSamplingStop.Stopped
                ? PoolSamplingStop.MaxDuration
                : stop,
            Samples = samples,
            Errors = errors,
        };

        await using var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return Result();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            errors.Add("could not open the monitoring connection (" + ConnectionDescription + "): " + Redact(exception.Message));
            stop = PoolSamplingStop.ConnectionFailed;
            return Result();
        }

        await using var command = CreateCommand(connection);
        using var timer = new PeriodicTimer(_options.Interval);
        var consecutiveErrors = 0;
        try
        {
            do
            {
                try
                {
                    var sample = await SampleOnceAsync(command, startedAt, clock.Elapsed, token).ConfigureAwait(false);
                    samples.Add(sample);
                    onSample?.Report(sample);
                    consecutiveErrors = 0;
                }
                catch (Exception exception) when (!token.IsCancellationRequested
                                                  && exception is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
                {
                    consecutiveErrors++;
                    if (errors.Count < MaxErrorMessages)
                    {
                        errors.Add($"sample at {clock.Elapsed.TotalSeconds:0.0}s failed: {Redact(exception.Message)}");
                    }

                    if (consecutiveErrors >= _options.MaxConsecutiveErrors)
                    {
                        stop = PoolSamplingStop.TooManyErrors;
                        break;
                    }

                    await ReopenIfBrokenAsync(connection, token).ConfigureAwait(false);
                }
            }
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Normal stop, or the maximum duration.
        }

        return Result();
    }

    private NpgsqlCommand CreateCommand(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(PgActivityQuery.Sql, connection);
        command.Parameters.Add(Text("database", _options.Database));
        command.Parameters.Add(Text("user_name", _options.User));
        command.Parameters.Add(Text("application_name", _options.ApplicationName));
        return command;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static async Task<PoolSample> SampleOnceAsync(NpgsqlCommand command, DateTimeOffset startedAt, TimeSpan elapsed, CancellationToken token)
    {
        await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
        if (!await reader.ReadAsync(token).ConfigureAwait(false))
        {
            throw new InvalidOperationException("pg_stat_activity query returned no row");
        }

        return new PoolSample(
            startedAt + elapsed,
            elapsed,
            (int)reader.GetInt64(0),
            (int)reader.GetInt64(1),
            (int)reader.GetInt64(2),
            (int)reader.GetInt64(3),
            (int)reader.GetInt64(4));
    }

    private static async Task ReopenIfBrokenAsync(NpgsqlConnection connection, CancellationToken token)
    {
        if (connection.FullState.HasFlag(System.Data.ConnectionState.Open) && !connection.FullState.HasFlag(System.Data.ConnectionState.Broken))
        {
            return;
        }

        try
        {
            await connection.CloseAsync().ConfigureAwait(false);
            await connection.OpenAsync(token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The next sample fails and is counted; the loop stays bounded by MaxConsecutiveErrors.
        }
    }

    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"host={builder.Host} port={builder.Port} database={builder.Database ?? "(default)"} user={builder.Username ?? "(default)"} "
        + $"application_name={builder.ApplicationName}{(string.IsNullOrEmpty(builder.Password) ? string.Empty : " (password redacted)")}";

    private static string Show(string? value) => value is null ? "any" : "'" + value + "'";

    /// <summary>Removes anything that looks like a password assignment from a message.</summary>
    internal static string Redact(string message) => PasswordPattern().Replace(message, "$1=[redacted]");

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*[^;\s]*")]
    private static partial Regex PasswordPattern();
}

/// <summary>A sampling run in the background; <see cref="StopAsync"/> ends it and returns the result.</summary>
public sealed class PoolSamplingSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<PoolSamplingResult> _run;

    internal PoolSamplingSession(PgActivitySampler sampler, IProgress<PoolSample>? onSample, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _run = Task.Run(() => sampler.RunAsync(onSample, _stop.Token), CancellationToken.None);
    }

    /// <summary>Completes when sampling stops by itself (maximum duration, connection failure) or after <see cref="StopAsync"/>.</summary>
    public Task<PoolSamplingResult> Completion => _run;

    /// <summary>Stops sampling and returns everything sampled.</summary>
    public async Task<PoolSamplingResult> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        return await _run.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
