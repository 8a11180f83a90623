using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Canary;

/// <summary>The canary verdict, also the exit status of <c>sirim-verify canary</c>.</summary>
public enum CanaryVerdict
{
    /// <summary>Every rule passed: promote the canary. Exit 0.</summary>
    Promote = 0,
    /// <summary>A rule failed beyond noise: roll the canary back. Exit 1.</summary>
    Rollback = 1,
    /// <summary>No rule failed but the data cannot decide (too few samples, change not significant, baseline failing). Exit 3.</summary>
    Inconclusive = 3,
}

/// <summary>The verdict with one reason per rule, in the words of the checks.</summary>
public sealed record CanaryDecision(CanaryVerdict Verdict, IReadOnlyList<string> Reasons)
{
    public int ExitCode => (int)Verdict;

    public string Label => Verdict.ToString().ToUpperInvariant();

    /// <summary>ROLLBACK when any rule failed; else INCONCLUSIVE when any could not decide; else PROMOTE.</summary>
    public static CanaryDecision From(IReadOnlyList<CheckOutcome> outcomes)
    {
        var failed = outcomes.Where(o => o.Failed).ToList();
        if (failed.Count > 0)
            return new(CanaryVerdict.Rollback, failed.Select(o => $"{o.CheckId}: {o.Actual} (expected {o.Expected})").ToList());
        var undecided = outcomes.Where(o => o.Status == CheckStatus.NotApplicable).ToList();
        if (undecided.Count > 0)
            return new(CanaryVerdict.Inconclusive, undecided.Select(o => $"{o.CheckId}: {o.Actual}").ToList());
        return new(CanaryVerdict.Promote, outcomes.Select(o => $"{o.CheckId}: {o.Actual}").ToList());
    }
}
