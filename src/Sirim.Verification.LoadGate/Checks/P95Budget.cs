using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>p95_budget</c>: 95 % of the critical routes' requests answer within the latency budget (requirement: "p95 &lt; 300 ms
/// en endpoints críticos"). Latency is measured from the intended start in the open model, so queueing counts.
/// </summary>
public sealed class P95Budget : ICheck<LoadGateResult>
{
    public string Id => "p95_budget";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(LoadGateResult run) => BudgetRule.Judge(run, Id, Severity,
        "The critical routes are slower than the budget under this load: look at the slowest route's queries, the database and the app's CPU; compare with the previous release.");
}
