using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Tests;

/// <summary>Each guard: passes on a clean observation, fails with a pinned message on a bad one.</summary>
public sealed class GuardTests
{
    private const string Api = "http://127.0.0.1:5080";
    private const string Front = "http://127.0.0.1:5081";
    private static readonly TimeSpan T = TimeSpan.FromSeconds(1);

    private static FlowObservation Clean => new("login_valid", [new ConsoleEntry("log", "ready", null, T)], [], [], [],
        [new ApiCall("POST", Api + "/api/auth/login", 200, "fetch", T, 12), new ApiCall("GET", Front + "/config.json", 200, "fetch", T, 2),
         new ApiCall("GET", Front + "/app.js", 200, "script", T, 3)], Api, Front);

    private static string Render(CheckOutcome o) => FailureRenderer.Render(o, Redactor.None);

    [Test]
    public void Every_guard_passes_a_clean_flow() =>
        Assert.That(FlowGuards.Evaluate(Clean).Where(o => o.Failed).Select(Render), Is.Empty);

    [Test]
    public void Console_error_fails_but_network_echoes_and_csp_reports_are_left_to_other_guards()
    {
        var o = Clean with { Console = [
            new ConsoleEntry("error", "Failed to load resource: the server responded with a status of 401 (Unauthorized)", Api + "/api/auth/login", T),
            new ConsoleEntry("error", "Refused to load the script 'x' because it violates the following Content Security Policy directive: \"script-src 'none'\".", null, T),
            new ConsoleEntry("error", "TypeError: x is undefined", Front + "/app.js:10:5", T)] };
        var outcome = new NoConsoleErrors().Evaluate(o);
        Assert.That(Render(outcome), Is.EqualTo(
            "[e2e] no_console_errors: flow login_valid   (severity high · broken flow)\n" +
            "Expected: no console errors\n" +
            "Actual:   1 console error(s):\n  TypeError: x is undefined  (http://127.0.0.1:5081/app.js:10:5)\n" +
            "Hint:     The frontend logged an error while the flow ran: open the attached console log and trace.\n"));
    }

    [Test]
    public void Page_error_fails_with_message_and_first_stack_frame()
    {
        var o = Clean with { PageErrors = [new PageErrorEntry("TypeError: Cannot read properties of undefined (reading 'render')",
            "TypeError: Cannot read properties of undefined (reading 'render')\n    at http://127.0.0.1:5081/app.js:420:51", T)] };
        Assert.That(Render(new NoPageErrors().Evaluate(o)), Does.StartWith(
            "[e2e] no_page_errors: flow login_valid   (severity high · broken flow)\nExpected: no uncaught page errors\n" +
            "Actual:   1 uncaught error(s):\n  TypeError: Cannot read properties of undefined (reading 'render')  at http://127.0.0.1:5081/app.js:420:51\n"));
    }

    [Test]
    public void Csp_violation_fails_naming_directive_and_blocked_resource()
    {
        var o = Clean with { CspViolations = [new CspViolation("script-src-elem", Front + "/app.js", Front + "/", T), new CspViolation("script-src-elem", Front + "/app.js", null, T)] };
        Assert.That(Render(new NoCspViolations().Evaluate(o)), Does.StartWith(
            "[e2e] no_csp_violations: flow login_valid   (severity critical · broken flow)\nExpected: no Content-Security-Policy violation\n" +
            "Actual:   1 violation(s):\n  script-src-elem blocked http://127.0.0.1:5081/app.js (from http://127.0.0.1:5081/)\n"));
    }

    [Test]
    public void Request_without_response_fails()
    {
        var o = Clean with { FailedRequests = [new FailedRequest("GET", "http://127.0.0.1:9/api/me", "fetch", "net::ERR_CONNECTION_REFUSED", T)] };
        Assert.That(Render(new NoFailedRequests().Evaluate(o)), Does.Contain(
            "Actual:   1 request(s) without a response:\n  GET http://127.0.0.1:9/api/me (fetch): net::ERR_CONNECTION_REFUSED\n"));
    }

    [Test]
    public void Request_blocked_by_the_csp_is_left_to_the_csp_guard()
    {
        var o = Clean with { FailedRequests = [new FailedRequest("GET", Front + "/app.js", "script", "csp", T)] };
        Assert.That(new NoFailedRequests().Evaluate(o).Failed, Is.False);
    }

    [Test]
    public void Api_call_to_another_origin_fails_even_when_it_succeeded()
    {
        var o = Clean with { ApiCalls = [.. Clean.ApiCalls, new ApiCall("GET", "http://localhost:5080/api/me", 200, "fetch", T, 5)] };
        Assert.That(Render(new ApiCallsToConfiguredOrigin().Evaluate(o)), Is.EqualTo(
            "[e2e] api_calls_to_configured_origin: flow login_valid   (severity critical · broken flow)\n" +
            "Expected: every API call to http://127.0.0.1:5080\n" +
            "Actual:   1 call(s) to http://localhost:5080:\n  GET http://localhost:5080/api/me → 200\n" +
            "Hint:     The frontend's deployment config (e.g. /config.json apiBaseUrl) names another API than the one this release deployed.\n"));
    }

    [Test]
    public void Api_5xx_fails_naming_the_route_and_expected_statuses()
    {
        var o = Clean with { ApiCalls = [.. Clean.ApiCalls, new ApiCall("PUT", Api + "/api/gastos/7", 500, "fetch", T, 5)] };
        Assert.That(Render(new ApiCallsAnswerExpectedStatus().Evaluate(o)), Does.StartWith(
            "[e2e] api_calls_answer_expected_status: flow login_valid: PUT /api/gastos/7   (severity critical · broken flow)\n" +
            "Expected: 2xx/3xx\nActual:   1 call(s) with another status:\n  PUT http://127.0.0.1:5080/api/gastos/7 → 500\n" +
            "Hint:     An API route the UI needs fails on the server"));
    }

    [Test]
    public void Expected_401_passes_and_a_200_where_401_is_expected_fails()
    {
        var ok = Clean with { ApiCalls = [new ApiCall("POST", Api + "/api/auth/login", 401, "fetch", T, 5, [401])] };
        var wrong = Clean with { ApiCalls = [new ApiCall("POST", Api + "/api/auth/login", 200, "fetch", T, 5, [401])] };
        Assert.Multiple(() =>
        {
            Assert.That(new ApiCallsAnswerExpectedStatus().Evaluate(ok).Failed, Is.False);
            Assert.That(Render(new ApiCallsAnswerExpectedStatus().Evaluate(wrong)), Does.Contain("Expected: 401\n").And.Contain("→ 200 (step expects 401)"));
        });
    }

    [TestCase("Refused to load the script 'http://127.0.0.1:5081/app.js' because it violates the following Content Security Policy directive: \"script-src 'none'\". Note that 'script-src-elem' was not explicitly set.",
        "script-src 'none'", "http://127.0.0.1:5081/app.js", TestName = "blocked script")]
    [TestCase("Refused to connect to 'http://evil.example/x' because it violates the following Content Security Policy directive: \"connect-src 'self'\".",
        "connect-src 'self'", "http://evil.example/x", TestName = "blocked connect")]
    public void Csp_report_on_the_console_is_parsed(string text, string directive, string blocked)
    {
        var v = FlowRecorder.FromConsole(new ConsoleEntry("error", text, null, T));
        Assert.That((v?.Directive, v?.BlockedUri), Is.EqualTo((directive, blocked)));
    }

    [Test]
    public void Ordinary_console_error_is_not_a_csp_report() =>
        Assert.That(FlowRecorder.FromConsole(new ConsoleEntry("error", "TypeError: 'x' is undefined", null, T)), Is.Null);
}
