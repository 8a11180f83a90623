using Sirim.Verification.Canary.Statistics;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Canary.Checks;

/// <summary>
/// <c>canary_pN_increase</c>: the canary's latency percentile may exceed the baseline's by at most the rule's percentage
/// (requirements: p95 ≤ +10 %). Noise alone never decides: the rule fails only when the change is larger than the noise
/// floor and a test finds the canary slower at the configured significance, either the Mann-Whitney U test on the whole
/// distribution (as Kayenta's judge) or the tail test above the pooled percentile (a slow path hit by a share of requests).
/// A change that neither test supports is reported as noise and passes.
/// </summary>
public sealed class LatencyIncrease(LatencyRule rule) : ICheck<CanaryEvidence>
{
    public string Id => $"canary_p{rule.Percentile}_increase";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(CanaryEvidence input)
    {
        var (c, rules, subject) = input;
        var p = rule.Percentile;
        var (bs, cs) = (c.Baseline.SuccessLatenciesMs, c.Canary.SuccessLatenciesMs);
        if (bs.Count < rules.MinSamples || cs.Count < rules.MinSamples || c.LatencyTest is null)
            return CheckOutcome.NotApplicable(CanaryGate.Name, Id, subject,
                $"inconclusive: too few successful answers to compare p{p} (baseline {bs.Count}, canary {cs.Count}; need {rules.MinSamples} each)");

        double baseline = c.Baseline.Percentile(p), canary = c.Canary.Percentile(p);
        var change = CanaryComparison.ChangePercent(baseline, canary);
        var mw = c.LatencyTest;
        var tail = TailExceedanceTest.Test(cs, bs, p);
        var statistics = $"Mann-Whitney U = {mw.UX:0.#}, z = {mw.Z:0.00}, one-sided p = {Format.P(mw.PXGreater)}, P(canary slower) = {mw.Effect:0.00}; " +
                         $"above pooled p{p} ({Format.Ms(tail.ThresholdMs)}): canary {tail.XAbove}/{tail.NX}, baseline {tail.YAbove}/{tail.NY}, " +
                         $"one-sided p = {Format.P(tail.PXGreater)} (alpha {rules.Alpha})";
        var actual = $"p{p} {Format.Ms(canary)} vs baseline {Format.Ms(baseline)} ({Format.Change(change)}); {statistics}";
        var limit = baseline * (1 + rule.MaxIncreasePercent / 100.0);
        var significant = mw.PXGreater < rules.Alpha || tail.PXGreater < rules.Alpha;
        if (canary <= limit || canary - baseline <= rules.LatencyFloorMs)
            return CheckOutcome.Pass(CanaryGate.Name, Id, subject, Severity) with { Actual = actual };
        if (!significant)
            return CheckOutcome.Pass(CanaryGate.Name, Id, subject, Severity) with { Actual = actual + "; neither test shows the canary slower: noise" };
        return CheckOutcome.Fail(CanaryGate.Name, Id, subject, Severity,
            $"p{p} at most +{rule.MaxIncreasePercent}% over the baseline (at most {Format.Ms(limit)}; changes under {rules.LatencyFloorMs} ms or not significant are noise)",
            actual,
            "The canary is slower than the baseline beyond noise: roll back and compare the release's changes on the probed routes (queries, remote calls, logging).");
    }
}
