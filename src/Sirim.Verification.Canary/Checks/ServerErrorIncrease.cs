using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Canary.Checks;

/// <summary>
/// <c>canary_5xx_increase</c>: the canary answers no more 5xx than the baseline did for the same number of probes,
/// plus the allowed extra (requirements: "0 increase of 5xx vs baseline").
/// </summary>
public sealed class ServerErrorIncrease : ICheck<CanaryEvidence>
{
    public string Id => "canary_5xx_increase";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(CanaryEvidence input)
    {
        var (c, rules, subject) = input;
        var b = c.Baseline;
        var k = c.Canary;
        if (b.Requests == 0 || k.Requests == 0)
            return CheckOutcome.NotApplicable(CanaryGate.Name, Id, subject, $"inconclusive: no probes (baseline {b.Requests}, canary {k.Requests})");
        // Scaled to the canary's probe count: the time bound may stop one side a request earlier.
        var expected = (int)Math.Ceiling(b.ServerErrors * (double)k.Requests / b.Requests) + rules.MaxServerErrorIncrease;
        var actual = $"{k.ServerErrors} 5xx in {k.Requests} canary probes vs {b.ServerErrors} in {b.Requests} baseline probes";
        if (k.ServerErrors <= expected)
            return CheckOutcome.Pass(CanaryGate.Name, Id, subject, Severity) with { Actual = actual };
        return CheckOutcome.Fail(CanaryGate.Name, Id, subject, Severity,
            $"at most {expected} 5xx (the baseline's count + {rules.MaxServerErrorIncrease})", actual,
            "The release answers server errors the current version does not: roll back and read the server log for the failing requests.");
    }
}
