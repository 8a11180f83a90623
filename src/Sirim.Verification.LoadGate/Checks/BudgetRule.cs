using System.Globalization;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Load;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// The shared judgement of the budget checks: the engine's verdict on the budget's threshold (actual vs limit over the
/// measured period), with each step's own figure so the message names the slow or failing route.
/// </summary>
internal static class BudgetRule
{
    public static CheckOutcome Judge(LoadGateResult run, string checkId, Severity severity, string hint)
    {
        var budget = run.Plan.Budgets.FirstOrDefault(b => b.CheckId == checkId);
        var subject = $"profile {run.Plan.Profile.Name}, all critical routes";
        if (budget is null) return CheckOutcome.NotApplicable(LoadGateNames.Load, checkId, subject, "no such budget in this plan");
        var result = run.Report.Thresholds.FirstOrDefault(t => t.Threshold == budget.Threshold);
        if (result is null) return CheckOutcome.NotApplicable(LoadGateNames.Load, checkId, subject, "the engine did not evaluate the budget");
        if (result.Passed) return CheckOutcome.Pass(LoadGateNames.Load, checkId, $"{subject}: {result.Metric} {result.ActualText} ({budget.Threshold})", severity);

        var perStep = string.Join(", ", run.Report.Steps.Select(s => $"{s.Name} {StepFigure(s, result.Metric)}"));
        var actual = $"{result.Metric} = {result.ActualText}{(perStep.Length > 0 ? $" (per route: {perStep})" : "")}" +
                     (result.Note is null ? "" : $"; {result.Note}");
        var example = checkId == "error_rate_budget" ? run.FirstFailure() : null;
        return CheckOutcome.Fail(LoadGateNames.Load, checkId, subject, severity,
            $"{budget.Threshold} ({budget.Source})", actual, hint, example);
    }

    private static string StepFigure(Load.Stats.StepStats step, string metric) => metric switch
    {
        "error_rate" => (step.ErrorRate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "% of " + step.Count,
        "p99" => LoadUnits.FormatMilliseconds(step.ResponseTime.P99Ms),
        "p95" => LoadUnits.FormatMilliseconds(step.ResponseTime.P95Ms),
        _ => LoadUnits.FormatMilliseconds(step.ResponseTime.MaxMs),
    };
}

/// <summary>Names shared by the load and pool gates (gate names, evidence files).</summary>
public static class LoadGateNames
{
    public const string Load = "load";
    public const string Pool = Sirim.Verification.Pool.Checks.PoolChecks.Gate;
    public const string LoadEvidenceFile = "load_results.md";
    public const string PoolEvidenceFile = "pool_config_evidence.md";
}
