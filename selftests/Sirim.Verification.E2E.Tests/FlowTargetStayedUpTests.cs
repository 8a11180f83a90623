using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Tests;

/// <summary><c>target_stayed_up</c> of an E2E flow attempt over the page's API calls and the suite's own: pure.</summary>
public sealed class FlowTargetStayedUpTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
    private const string Api = "http://127.0.0.1:5001";

    private static ApiCall Call(string method, string path, int? status, double atSeconds, string? failure = null) =>
        new(method, Api + path, status, "fetch", TimeSpan.FromSeconds(atSeconds), status is null ? null : 20, Failure: failure);

    private static FlowObservation Seen(params ApiCall[] calls) =>
        FlowObservation.Empty("gasto_round_trip", Api, "http://127.0.0.1:5002") with { ApiCalls = calls };

    private static HttpExchange Suite(string method, string path, double atSeconds) =>
        new(new ExchangeRequest(method, new Uri(Api + path), []), null, TimeSpan.FromMilliseconds(1), Start.AddSeconds(atSeconds), "Connection refused (127.0.0.1:5001)");

    [Test]
    public void Api_dying_mid_flow_fails_naming_the_first_failed_call_and_the_last_good_answer()
    {
        var outcome = FlowTargetStayedUp.Evaluate(Seen(
                Call("POST", "/api/auth/login", 200, 1), Call("POST", "/api/gastos", 201, 2), Call("GET", "/api/gastos?empresaId=1", null, 3, "net::ERR_EMPTY_RESPONSE")),
            Start, [Suite("DELETE", "/api/gastos/7", 4), Suite("GET", "/api/gastos/7", 4.5)]);
        Assert.That(FailureRenderer.Render(outcome, Redactor.None), Does.StartWith(
            "[e2e] target_stayed_up: flow gasto_round_trip: the API http://127.0.0.1:5001   (severity critical · broken flow)\n" +
            "Expected: the target answers every request until the gate's last (any status but no answer or 500/502/503/504 at the end)\n" +
            "Actual:   from 07:00:03.000Z on, the last 3 of 5 request(s) got no answer ×3; " +
            "first failed: GET /api/gastos?empresaId=1 → no answer (browser: net::ERR_EMPTY_RESPONSE) at 07:00:03.000Z; " +
            "last good answer: POST /api/gastos → 201 Created at 07:00:01.980Z\n"));
    }

    [Test]
    public void Refusals_and_other_origins_are_no_outage()
    {
        var outcome = FlowTargetStayedUp.Evaluate(Seen(
            Call("POST", "/api/auth/login", 401, 1), Call("GET", "/api/me", 401, 2),
            new ApiCall("GET", "https://cdn.example/x.js", null, "fetch", TimeSpan.FromSeconds(3), null, Failure: "net::ERR_NAME_NOT_RESOLVED"),
            new ApiCall("GET", "https://cdn.example/y.js", null, "fetch", TimeSpan.FromSeconds(4), null, Failure: "net::ERR_NAME_NOT_RESOLVED"),
            new ApiCall("GET", "https://cdn.example/z.js", null, "fetch", TimeSpan.FromSeconds(5), null, Failure: "net::ERR_NAME_NOT_RESOLVED")), Start, []);
        Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed), outcome.Actual);
    }
}
