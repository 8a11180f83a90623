using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>no_csp_violations</c>: the deployed Content-Security-Policy blocks nothing the frontend itself needs (W3C CSP
/// Level 3, securitypolicyviolation). A violation on a clean build means the policy and the build disagree.
/// </summary>
public sealed class NoCspViolations : ICheck<FlowObservation>
{
    public string Id => "no_csp_violations";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(FlowObservation o)
    {
        var subject = $"flow {o.Flow}";
        if (o.CspViolations.Count == 0) return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity);
        var distinct = o.CspViolations.DistinctBy(v => (v.Directive, v.BlockedUri)).ToList();
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity, "no Content-Security-Policy violation",
            $"{distinct.Count} violation(s):" + FlowGuards.Lines(distinct.Select(v =>
                $"{v.Directive} blocked {v.BlockedUri}" + (v.SourceFile is null ? "" : $" (from {v.SourceFile})"))),
            "The Content-Security-Policy header of the frontend origin blocks a resource of the build itself: compare the policy with the deployed build (script-src, connect-src).");
    }
}
