using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Pool.Checks;

/// <summary>
/// <c>pool_not_exhausted</c>: while the pool is full, no request fails for lack of a connection: no pool timeout errors,
/// no 5xx responses, no "too many clients" from PostgreSQL (requirement: "0 agotamientos").
/// </summary>
public sealed class PoolNotExhausted : ICheck<PoolRun>
{
    public string Id => "pool_not_exhausted";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(PoolRun run)
    {
        var subject = $"responses during profile {run.Profile} ({run.Requests} requests)";
        return run.Signals.Any
            ? CheckOutcome.Fail(PoolChecks.Gate, Id, subject, Severity,
                "no pool timeout errors, no 5xx, no 'too many clients'", run.Signals.Describe(),
                "Requests waited longer than the pool timeout for a connection, or PostgreSQL refused connections: the pool is too small for this concurrency, connections are held too long, or max_connections is too low.",
                run.FirstServerError)
            : CheckOutcome.Pass(PoolChecks.Gate, Id, subject + ": no exhaustion signals", Severity);
    }
}
