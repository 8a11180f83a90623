using Npgsql;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Checks;

namespace Sirim.Verification.LoadGate;

/// <summary>The checks of the load and pool gates, and the pool sampler's settings from the target options.</summary>
public static class LoadGateChecks
{
    public static IReadOnlyList<ICheck<LoadGateResult>> Load { get; } =
        [new P95Budget(), new P99Budget(), new ErrorRateBudget(), new ProfileThresholds(), new LoadCompleted(), new TestDataCleanedUp(), new TargetStayedUpUnderLoad()];

    /// <summary>The pool library's checks, judging what a load gate run measured of the pool.</summary>
    public static IReadOnlyList<ICheck<LoadGateResult>> Pool(int expectedPoolSize) =>
        PoolChecks.All(expectedPoolSize).Select(ICheck<LoadGateResult> (check) => new PoolCheckOnLoad(check)).ToList();

    /// <summary>
    /// The pool sampler's options: the monitoring connection (a secret, from the environment), counting the sessions of
    /// the monitoring connection's database with the API's application_name (none when dbApplicationName is empty) and the API's user when dbAppUser is set.
    /// NOT RUN with the reason when no monitoring connection is configured; the errors when it or the interval is not valid.
    /// </summary>
    public static OptionsResult<PoolSamplerOptions> SamplerOptions(TargetOptions options, TimeSpan plannedDuration)
    {
        if (!options.Database.IsConfigured)
            return OptionsResult<PoolSamplerOptions>.NotRun($"NOT RUN: {SettingsCatalog.DbMonitorConnection.EnvironmentVariable} is not set, so pg_stat_activity cannot be sampled; " +
                                                           "set it (environment only) to a role that is a member of pg_monitor to prove the pool size.");
        string? database;
        try
        {
            database = new NpgsqlConnectionStringBuilder(options.Database.ConnectionString).Database;
        }
        catch (ArgumentException)
        {
            return OptionsResult<PoolSamplerOptions>.Invalid(
                [$"{SettingsCatalog.DbMonitorConnection.EnvironmentVariable} is not a valid Npgsql connection string (Host=…;Port=…;Database=…;Username=…;Password=…)"]);
        }
        var errors = new List<string>();
        var settings = SettingsReader.For(options, errors, end: "");
        var intervalMs = settings.Int(SettingsCatalog.PoolSampleIntervalMs, 10, 60_000, unit: "milliseconds");
        if (errors.Count > 0) return OptionsResult<PoolSamplerOptions>.Invalid(errors);
        var user = settings.Value(SettingsCatalog.DbAppUser);
        var sampler = new PoolSamplerOptions
        {
            ConnectionString = options.Database.ConnectionString!,
            Database = database,
            User = string.IsNullOrWhiteSpace(user) ? null : user,
            ApplicationName = options.Database.ApplicationName,
            Interval = TimeSpan.FromMilliseconds(intervalMs),
            MaxDuration = plannedDuration + TimeSpan.FromMinutes(2),
        };
        var problems = sampler.Validate();
        return problems.Count > 0 ? OptionsResult<PoolSamplerOptions>.Invalid([string.Join("; ", problems)]) : OptionsResult<PoolSamplerOptions>.Valid(sampler);
    }
}
