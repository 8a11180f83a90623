using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>no_failed_requests</c>: every request the page made got a response (none refused, blocked or aborted). Requests
/// the Content-Security-Policy blocked are left to <see cref="NoCspViolations"/>, so one defect is reported once.
/// </summary>
public sealed class NoFailedRequests : ICheck<FlowObservation>
{
    public string Id => "no_failed_requests";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(FlowObservation o)
    {
        var subject = $"flow {o.Flow}";
        var failed = o.FailedRequests.Where(r => !IsCspBlock(r.Failure)).ToList();
        if (failed.Count == 0) return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity);
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity, "every request gets a response",
            $"{failed.Count} request(s) without a response:" + FlowGuards.Lines(failed.Select(r =>
                $"{r.Method} {r.Url} ({r.ResourceType}): {r.Failure}")),
            "net::ERR_CONNECTION_REFUSED: wrong host or the service is down; net::ERR_EMPTY_RESPONSE or ERR_CONNECTION_RESET: the server or a proxy closed the connection without answering; " +
            "net::ERR_FAILED on an API call is often CORS; net::ERR_ABORTED: the page navigated away mid-request.");
    }

    public static bool IsCspBlock(string failure) => failure is "csp" || failure.Contains("ERR_BLOCKED_BY_CSP", StringComparison.Ordinal);
}
