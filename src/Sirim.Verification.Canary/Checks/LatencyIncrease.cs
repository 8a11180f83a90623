using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Canary.Checks;

/// <summary>
/// <c>canary_pN_increase</c>: the canary's latency percentile may exceed the baseline's by at most the rule's percentage
/// (requirements: p95 ≤ +10 %). It fails only when the Mann-Whitney test also finds the canary slower at the
/// configured significance and the change is larger than the noise floor; a large change without significance is
/// inconclusive, as in Kayenta's judge.
/// </summary>
public sealed class LatencyIncrease(LatencyRule rule) : ICanaryCheck
{
    public string Id => $"canary_p{rule.Percentile}_increase";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(CanaryComparison c, CanaryRules rules, string subject)
    {
        var p = rule.Percentile;
        int nb = c.Baseline.SuccessLatenciesMs.Count, nc = c.Canary.SuccessLatenciesMs.Count;
        if (nb < rules.MinSamples || nc < rules.MinSamples || c.LatencyTest is null)
            return CheckOutcome.NotApplicable(CanaryGate.Name, Id, subject,
                $"inconclusive: too few successful answers to compare p{p} (baseline {nb}, canary {nc}; need {rules.MinSamples} each)");

        double baseline = c.Baseline.Percentile(p), canary = c.Canary.Percentile(p);
        var change = CanaryComparison.ChangePercent(baseline, canary);
        var test = c.LatencyTest;
        var statistics = $"Mann-Whitney U = {test.UX:0.#}, z = {test.Z:0.00}, one-sided p = {Format.P(test.PXGreater)} (alpha {rules.Alpha}), " +
                         $"P(canary slower) = {test.Effect:0.00}";
        var actual = $"p{p} {Format.Ms(canary)} vs baseline {Format.Ms(baseline)} ({Format.Change(change)}); {statistics}";
        var limit = baseline * (1 + rule.MaxIncreasePercent / 100.0);
        if (canary <= limit || canary - baseline <= rules.LatencyFloorMs)
            return CheckOutcome.Pass(CanaryGate.Name, Id, subject, Severity) with { Actual = actual };

        var expected = $"p{p} at most {rule.Text[(rule.Text.IndexOf('+'))..]} over the baseline (at most {Format.Ms(limit)}; " +
                       $"changes under {rules.LatencyFloorMs} ms are noise)";
        if (test.PXGreater >= rules.Alpha)
            return CheckOutcome.NotApplicable(CanaryGate.Name, Id, subject,
                $"inconclusive: {actual}; the rank test does not show the canary slower, the difference may be noise") with { Expected = expected };
        return CheckOutcome.Fail(CanaryGate.Name, Id, subject, Severity, expected, actual,
            "The canary is slower than the baseline beyond noise: roll back and compare the release's changes on the probed routes (queries, remote calls, logging).");
    }
}
