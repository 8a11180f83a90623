using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>pool_not_exhausted</c>: while the pool is full, no request fails for lack of a connection: no pool timeout errors,
/// no 5xx responses, no "too many clients" from PostgreSQL (requirement: "0 agotamientos").
/// </summary>
public sealed class PoolNotExhausted : ICheck<LoadGateResult>
{
    public string Id => "pool_not_exhausted";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(LoadGateResult run)
    {
        var subject = $"responses during profile {run.Plan.Profile.Name} ({run.Report.Overall.Count} requests)";
        return run.Signals.Any
            ? CheckOutcome.Fail(LoadGateNames.Pool, Id, subject, Severity,
                "no pool timeout errors, no 5xx, no 'too many clients'", run.Signals.Describe(),
                "Requests waited longer than the pool timeout for a connection, or PostgreSQL refused connections: the pool is too small for this concurrency, connections are held too long, or max_connections is too low.",
                run.FirstServerError())
            : CheckOutcome.Pass(LoadGateNames.Pool, Id, subject + ": no exhaustion signals", Severity);
    }
}
