using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>api_calls_to_configured_origin</c>: every API call of the page (fetch/XHR) goes to the configured API origin
/// (apiBaseUrl). A frontend whose deployment config points elsewhere (staging, an old host) fails here even when that
/// other API happens to answer.
/// </summary>
public sealed class ApiCallsToConfiguredOrigin : ICheck<FlowObservation>
{
    public string Id => "api_calls_to_configured_origin";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(FlowObservation o)
    {
        var subject = $"flow {o.Flow}";
        var elsewhere = o.ApiCalls.Where(c => c.Origin != o.ApiOrigin && c.Origin != o.FrontendOrigin).ToList();
        if (elsewhere.Count == 0) return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity);
        var origins = elsewhere.Select(c => c.Origin).Distinct().ToList();
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity, $"every API call to {o.ApiOrigin}",
            $"{elsewhere.Count} call(s) to {string.Join(", ", origins)}:" + FlowGuards.Lines(elsewhere.Select(c =>
                $"{c.Method} {c.Url} → {c.Status?.ToString() ?? "no response"}")),
            "The frontend's deployment config (e.g. /config.json apiBaseUrl) names another API than the one this release deployed.");
    }
}
