using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>api_calls_answer_expected_status</c>: every API call of the page answers 2xx/3xx, or exactly the status its step
/// expects (a wrong password expects 401). A 5xx on a route the UI needs is a broken release even if the UI hides it.
/// </summary>
public sealed class ApiCallsAnswerExpectedStatus : ICheck<FlowObservation>
{
    public string Id => "api_calls_answer_expected_status";
    public Severity Severity => Severity.Critical;

    public static bool IsAcceptable(ApiCall call) => call.Status is { } s &&
        (call.ExpectedStatuses is { Count: > 0 } expected ? expected.Contains(s) : s is >= 200 and < 400);

    public CheckOutcome Evaluate(FlowObservation o)
    {
        var subject = $"flow {o.Flow}";
        // Calls without a response are judged by no_failed_requests.
        var bad = o.ApiCalls.Where(c => c.Status is not null && !IsAcceptable(c)).ToList();
        if (bad.Count == 0) return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity);
        var first = bad[0];
        return CheckOutcome.Fail(E2EGate.Name, Id, $"flow {o.Flow}: {first.Subject}", Severity,
            first.ExpectedStatuses is { Count: > 0 } e ? string.Join(" or ", e) : "2xx/3xx",
            $"{bad.Count} call(s) with another status:" + FlowGuards.Lines(bad.Select(c =>
                $"{c.Method} {c.Url} → {c.Status}" + (c.ExpectedStatuses is { Count: > 0 } x ? $" (step expects {string.Join(" or ", x)})" : ""))),
            first.Status >= 500
                ? "An API route the UI needs fails on the server: see the API logs for this request (X-Request-Id in the trace's network tab)."
                : "The UI sent a request the API refused: the frontend and the API disagree on the contract or the session.");
    }
}
