using Sirim.Verification.Core.Checks;
using Sirim.Verification.Load.Stats;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>load_completed</c>: the whole profile ran. A run cut short by cancellation or a safety cap measured only part of
/// the plan, so its budgets prove nothing. (A run stopped early because a budget failed is reported by that budget.)
/// </summary>
public sealed class LoadCompleted : ICheck<LoadGateResult>
{
    public string Id => "load_completed";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(LoadGateResult run)
    {
        var r = run.Report;
        var subject = $"profile {run.Plan.Profile.Name}: {r.Iterations.Started} iterations in {r.Elapsed.TotalSeconds:0.0} s";
        return r.Outcome is LoadOutcome.Completed or LoadOutcome.Aborted
            ? CheckOutcome.Pass(LoadGateNames.Load, Id, subject, Severity)
            : CheckOutcome.Fail(LoadGateNames.Load, Id, subject, Severity,
                $"the whole plan ({r.PlannedDuration.TotalSeconds:0} s)", $"{r.OutcomeText}: {r.OutcomeReason}",
                "The run stopped before the end of its plan; the figures are partial (load_results.md says how far it got).");
    }
}
