using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Canary.Checks;

/// <summary>
/// <c>canary_error_rate_increase</c>: the canary's error rate (transport failures and statuses ≥ 400) may exceed the
/// baseline's by at most the rule's percentage (requirements: error rate ≤ +50 %). A baseline that itself fails half of
/// the probes is no reference: the result is inconclusive.
/// </summary>
public sealed class ErrorRateIncrease : ICheck<CanaryEvidence>
{
    public string Id => "canary_error_rate_increase";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(CanaryEvidence input)
    {
        var (c, rules, subject) = input;
        var b = c.Baseline;
        var k = c.Canary;
        if (b.Requests < rules.MinSamples || k.Requests < rules.MinSamples)
            return CheckOutcome.NotApplicable(CanaryGate.Name, Id, subject,
                $"inconclusive: too few probes (baseline {b.Requests}, canary {k.Requests}; need {rules.MinSamples} each)");
        var actual = $"error rate {Format.Rate(k.ErrorRate)} ({k.Errors}/{k.Requests}) vs baseline {Format.Rate(b.ErrorRate)} ({b.Errors}/{b.Requests})";
        if (b.ErrorRate >= 0.5)
            return CheckOutcome.NotApplicable(CanaryGate.Name, Id, subject, $"inconclusive: the baseline itself fails; {actual}");
        var allowed = b.ErrorRate * (1 + rules.MaxErrorRateIncreasePercent / 100.0);
        if (k.ErrorRate <= allowed)
            return CheckOutcome.Pass(CanaryGate.Name, Id, subject, Severity) with { Actual = actual };
        return CheckOutcome.Fail(CanaryGate.Name, Id, subject, Severity,
            $"error rate at most +{rules.MaxErrorRateIncreasePercent}% over the baseline (at most {Format.Rate(allowed)})",
            actual, "The canary fails requests the baseline answers: roll back; the attached failing exchange shows the first error.");
    }
}
