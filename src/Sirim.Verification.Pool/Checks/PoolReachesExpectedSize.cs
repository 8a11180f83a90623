using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Pool.Checks;

/// <summary>
/// <c>pool_reaches_expected_size</c>: under at least as many concurrent requests as the expected pool size, the API
/// really opens that many database connections (pg_stat_activity, filtered by database, user and application_name when set), not only configures
/// them (requirement: "pool de BD efectivo ≥ 20, no solo configurado").
/// </summary>
public sealed class PoolReachesExpectedSize(int expectedPoolSize) : ICheck<PoolRun>
{
    public string Id => "pool_reaches_expected_size";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(PoolRun run)
    {
        var subject = $"pg_stat_activity during profile {run.Profile}";
        if (run.Pool is not { } pool) return CheckOutcome.NotApplicable(PoolChecks.Gate, Id, subject, "the pool was not sampled");
        var summary = pool.Summary;
        var counted = pool.ApplicationNameFilter is { } filter ? $"; counted with {filter}" : "";
        var expected = $"at least {expectedPoolSize} connections while at least {expectedPoolSize} requests are in flight";
        if (summary.Samples == 0)
            return CheckOutcome.Fail(PoolChecks.Gate, Id, subject, Severity, expected,
                "no samples: " + (pool.Errors.Count > 0 ? string.Join("; ", pool.Errors.Take(3)) : pool.Stop.ToString()),
                "The monitoring connection could not sample pg_stat_activity: check SIRIM_DB_MONITOR_CONNECTION and that its role is a member of pg_monitor.");
        if (run.MaxConcurrentRequests < expectedPoolSize)
            return CheckOutcome.Fail(PoolChecks.Gate, Id, subject, Severity, expected,
                $"the load had at most {run.MaxConcurrentRequests} requests in flight, fewer than the {expectedPoolSize} needed to fill the pool (observed at most {summary.MaxTotal} connections)",
                "Raise the users of the pool profile (poolProfile) to at least twice the expected pool size.");
        if (summary.MaxTotal < expectedPoolSize)
            return CheckOutcome.Fail(PoolChecks.Gate, Id, subject, Severity, expected,
                $"observed at most {summary.MaxTotal} connections, expected {expectedPoolSize} (with up to {run.MaxConcurrentRequests} requests in flight{counted})",
                "The API's effective pool is smaller than configured: check Maximum Pool Size in the connection string the process really uses (or the pooler's pool_size), and that it is not overridden by an environment variable.");
        return CheckOutcome.Pass(PoolChecks.Gate, Id,
            $"{subject}: observed at most {summary.MaxTotal} connections (expected {expectedPoolSize}) with up to {run.MaxConcurrentRequests} requests in flight{counted}", Severity);
    }
}
