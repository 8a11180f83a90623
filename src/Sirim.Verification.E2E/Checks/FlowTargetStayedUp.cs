using System.Net;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>target_stayed_up</c> for one E2E flow attempt: the Core rule (<see cref="TargetStayedUp"/>) over every API call of
/// the attempt, the page's (fetch/XHR to the configured API origin, as the browser saw them) and the suite's own (the
/// round-trip reads, the inventory, the cleanup) in the order they started. An attempt whose calls end in a streak with no
/// answer or 500/502/503/504 saw the API go down mid-flow: the failure names the first failed call and the last good
/// answer; the flow's other failures after that moment are its consequences. Pure.
/// </summary>
public static class FlowTargetStayedUp
{
    public static CheckOutcome Evaluate(FlowObservation observation, DateTimeOffset recorderStartedAt, IEnumerable<HttpExchange> suiteCalls)
    {
        var page = observation.ApiCalls
            .Where(c => c.ResourceType is "fetch" or "xhr" && string.Equals(c.Origin, observation.ApiOrigin, StringComparison.OrdinalIgnoreCase))
            .Select(c => AsExchange(c, recorderStartedAt));
        return TargetStayedUp.Judge(E2EGate.Name, $"flow {observation.Flow}: the API {observation.ApiOrigin}", page.Concat(suiteCalls));
    }

    /// <summary>A call of the page as an exchange: method, URL and status (no headers or body: the browser kept them); it started its duration before it was recorded.</summary>
    public static HttpExchange AsExchange(ApiCall call, DateTimeOffset recorderStartedAt)
    {
        var elapsed = TimeSpan.FromMilliseconds(call.DurationMs ?? 0);
        var response = call.Status is { } status
            ? new ExchangeResponse(status, Reason(status), "1.1", [], "", 0)
            : null;
        return new HttpExchange(new ExchangeRequest(call.Method, new Uri(call.Url), []), response, elapsed,
            recorderStartedAt + call.At - elapsed, call.Status is null ? "browser: " + (call.Failure ?? "failed") : null);
    }

    private static string Reason(int status) => Enum.IsDefined(typeof(HttpStatusCode), status)
        ? System.Text.RegularExpressions.Regex.Replace(((HttpStatusCode)status).ToString(), "(?<=[a-z])(?=[A-Z])", " ")
        : "";
}
