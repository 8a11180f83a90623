using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>p99_budget</c>: the slowest 1 % stays within the tail budget. In the open model a server that stalls every few
/// seconds shows up here (requests due during the stall wait), while a closed-model run would hide it (coordinated omission).
/// </summary>
public sealed class P99Budget : ICheck<LoadGateResult>
{
    public string Id => "p99_budget";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(LoadGateResult run) => BudgetRule.Judge(run, Id, Severity,
        "Some requests wait far longer than the rest: periodic stalls (garbage collection, a blocking lock, a cron job, connection pool waits). Look at the latency-per-second chart for regular spikes.");
}
