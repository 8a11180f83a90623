using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary><c>profile_thresholds</c>: the profile's own thresholds (e.g. <c>dropped == 0</c>, a per-route budget) hold.</summary>
public sealed class ProfileThresholds : ICheck<LoadGateResult>
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
            string.Join("; ", failed.Select(f => Figure(run, f))),
            failed.Any(f => f.Metric == "dropped")
                ? "Iterations were due but could not start: the target (or the machine sending the load) could not keep up; their latency is unknown, which hides slowness."
                : "A threshold of the profile failed: see the thresholds table of load_results.md.");
    }

    /// <summary>The failed figure; dropped iterations are put against the iterations that were due and the in-flight cap that held them back.</summary>
    private static string Figure(LoadGateResult run, Load.Thresholds.ThresholdResult f)
    {
        var note = f.Note is null ? "" : "; " + f.Note;
        var r = run.Report;
        return f.Metric == "dropped" && r.Model == Load.Simulations.LoadModel.Open
            ? $"{f.Scope} dropped = {f.ActualText} (of {r.Iterations.Started + r.Iterations.Dropped} iterations due, with at most {r.Workers} in flight{note})"
            : $"{f.Scope} {f.Metric} = {f.ActualText}{(note.Length == 0 ? "" : $" ({f.Note})")}";
    }
}
