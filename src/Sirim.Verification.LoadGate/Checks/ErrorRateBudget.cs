using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>error_rate_budget</c>: failed requests (transport errors, timeouts, unexpected statuses) stay under the budget
/// (requirement: error rate &lt; 1 %). The first failed response is shown.
/// </summary>
public sealed class ErrorRateBudget : ICheck<LoadGateResult>
{
    public string Id => "error_rate_budget";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(LoadGateResult run) => BudgetRule.Judge(run, Id, Severity,
        "Requests fail under load that pass one at a time: look for 5xx in the server log around the run, pool or timeout errors, and rate limits.");
}
