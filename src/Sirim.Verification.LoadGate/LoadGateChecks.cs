using Npgsql;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.Pool;

namespace Sirim.Verification.LoadGate;

/// <summary>The checks of the load and pool gates, and the pool sampler's settings from the target options.</summary>
public static class LoadGateChecks
{
    public static IReadOnlyList<ICheck<LoadGateResult>> Load { get; } =
        [new P95Budget(), new P99Budget(), new ErrorRateBudget(), new ProfileThresholds(), new LoadCompleted(), new TestDataCleanedUp(), new TargetStayedUpUnderLoad()];

    public static IReadOnlyList<ICheck<LoadGateResult>> Pool(int expectedPoolSize) =>
        [new PoolReachesExpectedSize(expectedPoolSize), new PoolNotExhausted()];

    /// <summary>
    /// The pool sampler's options: the monitoring connection (a secret, from the environment), counting the sessions of
    /// the monitoring connection's database with the API's application_name (none when dbApplicationName is empty) and the API's user when dbAppUser is set.
    /// Null with the reason when the pool cannot be sampled.
    /// </summary>
    public static (PoolSamplerOptions? Options, string? Problem) SamplerOptions(TargetOptions options, TimeSpan plannedDuration)
    {
        if (!options.Database.IsConfigured)
            return (null, $"NOT RUN: {SettingsCatalog.DbMonitorConnection.EnvironmentVariable} is not set, so pg_stat_activity cannot be sampled; " +
                          "set it (environment only) to a role that is a member of pg_monitor to prove the pool size.");
        string? database;
        try
        {
            database = new NpgsqlConnectionStringBuilder(options.Database.ConnectionString).Database;
        }
        catch (ArgumentException)
        {
            return (null, $"{SettingsCatalog.DbMonitorConnection.EnvironmentVariable} is not a valid Npgsql connection string (Host=…;Port=…;Database=…;Username=…;Password=…)");
        }
        var intervalText = options.Settings.FirstOrDefault(s => s.Definition == SettingsCatalog.PoolSampleIntervalMs)?.Value ?? SettingsCatalog.PoolSampleIntervalMs.Default;
        if (!int.TryParse(intervalText, out var intervalMs) || intervalMs is < 10 or > 60_000)
            return (null, $"{SettingsCatalog.PoolSampleIntervalMs.Key} ({SettingsCatalog.PoolSampleIntervalMs.EnvironmentVariable}): '{intervalText}' is not a whole number of milliseconds from 10 to 60000");
        var user = options.Settings.FirstOrDefault(s => s.Definition == SettingsCatalog.DbAppUser)?.Value;
        var sampler = new PoolSamplerOptions
        {
            ConnectionString = options.Database.ConnectionString!,
            Database = database,
            User = string.IsNullOrWhiteSpace(user) ? null : user,
            ApplicationName = options.Database.ApplicationName,
            Interval = TimeSpan.FromMilliseconds(intervalMs),
            MaxDuration = plannedDuration + TimeSpan.FromMinutes(2),
        };
        var errors = sampler.Validate();
        return errors.Count > 0 ? (null, string.Join("; ", errors)) : (sampler, null);
    }
}
