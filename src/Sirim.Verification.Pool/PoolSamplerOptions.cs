using Npgsql;

namespace Sirim.Verification.Pool;

/// <summary>
/// How the pool sampler connects and what it counts. The monitoring connection string is a secret (it holds a
/// password): read it from an environment variable; it is never written anywhere (see <see cref="PgActivitySampler.ConnectionDescription"/>).
/// </summary>
public sealed record PoolSamplerOptions
{
    /// <summary>Npgsql connection string of the monitoring connection (a user allowed to read pg_stat_activity of the app's sessions).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Count only sessions of this database (pg_stat_activity.datname), or null for any.</summary>
    public string? Database { get; init; }

    /// <summary>Count only sessions of this user (pg_stat_activity.usename), or null for any.</summary>
    public string? User { get; init; }

    /// <summary>Count only sessions with this application_name (Npgsql "Application Name"), or null for any. SIRIM's API uses "sirim-api".</summary>
    public string? ApplicationName { get; init; } = "sirim-api";

    /// <summary>The application_name filter in words: "application_name = 'sirim-api'" or "no application_name filter".</summary>
    public string ApplicationNameFilter => ApplicationName is null
        ? "no application_name filter"
        : $"application_name = '{ApplicationName.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>Time between two samples.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The sampler stops by itself after this long, even if nobody cancels it.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest a single sample query may take.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest opening the monitoring connection may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>application_name of the monitoring connection itself (it is excluded by pid anyway).</summary>
    public string SamplerApplicationName { get; init; } = "sirim-pool-sampler";

    /// <summary>The sampler gives up after this many failed samples in a row.</summary>
    public int MaxConsecutiveErrors { get; init; } = 5;

    /// <summary>Every problem of these options, each in one sentence.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("pool sampler: the monitoring connection string is empty; set it from an environment variable");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException)
            {
                // The message of this exception may quote the connection string: do not repeat it.
                errors.Add("pool sampler: the monitoring connection string is not a valid Npgsql connection string (e.g. Host=…;Port=5432;Database=…;Username=…;Password=…)");
            }
        }

        if (Interval < TimeSpan.FromMilliseconds(10))
        {
            errors.Add($"pool sampler: interval is {Interval.TotalMilliseconds} ms; it must be at least 10 ms (default 200 ms)");
        }

        if (MaxDuration <= TimeSpan.Zero)
        {
            errors.Add("pool sampler: max duration must be greater than zero");
        }

        if (QueryTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"pool sampler: query timeout is {QueryTimeout.TotalMilliseconds} ms; it must be at least 1 s (PostgreSQL command timeouts are whole seconds)");
        }

        if (ConnectTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"pool sampler: connect timeout is {ConnectTimeout.TotalMilliseconds} ms; it must be at least 1 s");
        }

        if (MaxConsecutiveErrors <= 0)
        {
            errors.Add($"pool sampler: max consecutive errors is {MaxConsecutiveErrors}; it must be greater than zero");
        }

        return errors;
    }
}
