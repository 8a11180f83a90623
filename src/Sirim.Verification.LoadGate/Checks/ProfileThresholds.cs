using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary><c>profile_thresholds</c>: the profile's own thresholds (e.g. <c>dropped == 0</c>, a per-route budget) hold.</summary>
public sealed class ProfileThresholds : ILoadCheck
{
    public string Id => "profile_thresholds";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(LoadGateResult run)
    {
        var subject = $"profile {run.Plan.Profile.Name}, its own thresholds";
        if (run.Plan.ExtraThresholds.Count == 0) return CheckOutcome.NotApplicable(LoadGateNames.Load, Id, subject, "the profile sets no thresholds of its own");
        var results = run.Report.Thresholds.Where(t => run.Plan.ExtraThresholds.Contains(t.Threshold)).ToList();
        var failed = results.Where(t => !t.Passed).ToList();
        if (failed.Count == 0) return CheckOutcome.Pass(LoadGateNames.Load, Id, subject + ": " + string.Join(", ", results.Select(r => $"{r.Threshold} (actual {r.ActualText})")), Severity);
        return CheckOutcome.Fail(LoadGateNames.Load, Id, subject, Severity,
            string.Join("; ", failed.Select(f => f.Threshold)),
            string.Join("; ", failed.Select(f => $"{f.Scope} {f.Metric} = {f.ActualText}{(f.Note is null ? "" : " (" + f.Note + ")")}")),
            failed.Any(f => f.Metric == "dropped")
                ? "Iterations were due but could not start: the target (or the machine sending the load) could not keep up; their latency is unknown, which hides slowness."
                : "A threshold of the profile failed: see the thresholds table of load_results.md.");
    }
}
