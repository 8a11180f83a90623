using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Pool.Checks;

/// <summary>What the pool checks judge: the load that drove the pool (profile, requests, the most in flight at once), the exhaustion signals its responses carried, and the pg_stat_activity samples when the pool was sampled.</summary>
/// <param name="Profile">Name of the load profile that drove the pool.</param>
/// <param name="Requests">Requests the load sent (measured).</param>
/// <param name="Signals">Pool timeouts, 5xx responses and "too many clients" seen in the answers.</param>
/// <param name="MaxConcurrentRequests">The most requests in flight at once.</param>
/// <param name="Pool">The samples, or null when the pool was not sampled.</param>
/// <param name="FirstServerError">The earliest 5xx exchange kept, shown with a failure.</param>
public sealed record PoolRun(
    string Profile,
    long Requests,
    PoolExhaustionSignals Signals,
    long MaxConcurrentRequests,
    PoolSamplingResult? Pool,
    HttpExchange? FirstServerError);

/// <summary>The pool gate's name and checks.</summary>
public static class PoolChecks
{
    /// <summary>The gate the pool checks report under.</summary>
    public const string Gate = "pool";

    /// <summary>The pool proof: the expected number of connections really opened, and none missing under load.</summary>
    public static IReadOnlyList<ICheck<PoolRun>> All(int expectedPoolSize) =>
        [new PoolReachesExpectedSize(expectedPoolSize), new PoolNotExhausted()];
}
