using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Tests;

public sealed class FailureRendererTests
{
    private static HttpExchange Exchange(int status, string body, string contentType = "application/problem+json") => new(
        new ExchangeRequest("GET", new Uri("https://api.example/api/gastos/42"), [new HttpHeader("Authorization", "Bearer secret-token-value")]),
        new ExchangeResponse(status, "Internal Server Error", "1.1", [new HttpHeader("Content-Type", contentType)], body, body.Length),
        TimeSpan.FromMilliseconds(312), DateTimeOffset.UnixEpoch);

    [Test]
    public void Failure_has_the_standard_shape_with_a_curl_line_and_no_secret()
    {
        var outcome = CheckOutcome.Fail("contracts", "not_a_server_error", "GET /api/gastos/42", Severity.Critical,
            "one of 200, 404", "500", "The server threw.", Exchange(500, "{\"type\":\"about:blank\"}"));
        var text = FailureRenderer.Render(outcome, new Redactor(["secret-token-value"]));
        Assert.That(text, Is.EqualTo(
            "[contracts] not_a_server_error: GET /api/gastos/42   (severity critical · server error)\n" +
            "Expected: one of 200, 404\n" +
            "Actual:   500\n" +
            "Hint:     The server threw.\n" +
            "→ GET https://api.example/api/gastos/42\n" +
            "← 500 Internal Server Error (312 ms)  Content-Type: application/problem+json\n" +
            "  {\"type\":\"about:blank\"}\n" +
            "Reproduce: curl -i -X GET 'https://api.example/api/gastos/42' -H 'Authorization: Bearer [redacted]'\n"));
    }

    [Test]
    public void Transport_failures_render_the_reason()
    {
        var ex = new HttpExchange(ExchangeRequest.Get(new Uri("http://127.0.0.1:9/healthz")), null, TimeSpan.FromMilliseconds(3), DateTimeOffset.UnixEpoch, "Connection refused (127.0.0.1:9)");
        var text = FailureRenderer.Render(CheckOutcome.Fail("smoke", "health_status_200", ex.Subject, Severity.Critical, "200", "no response"), Redactor.None)
                   + FailureRenderer.Render(CheckOutcome.Fail("smoke", "x", ex.Subject, Severity.Low, "200", "no response", exchange: ex), Redactor.None);
        Assert.That(text, Does.Contain("← no response: Connection refused (127.0.0.1:9) (3 ms)"));
    }

    [Test]
    public void Passing_outcomes_render_nothing_and_several_failures_are_counted()
    {
        var pass = CheckOutcome.Pass("smoke", "a", "GET /", Severity.Low);
        var fail = CheckOutcome.Fail("smoke", "b", "GET /", Severity.Low, "x", "y");
        Assert.Multiple(() =>
        {
            Assert.That(FailureRenderer.RenderAll([pass], Redactor.None), Is.Empty);
            Assert.That(FailureRenderer.RenderAll([pass, fail, fail], Redactor.None), Does.StartWith("2 checks failed:\n\n[smoke] b: GET /"));
        });
    }

    [Test]
    public void Long_bodies_are_cut_at_2_KB_in_the_message()
    {
        var body = "{\"x\":\"" + new string('a', 5000) + "\"}";
        var text = FailureRenderer.Render(CheckOutcome.Fail("g", "c", "s", Severity.Low, "e", "a", exchange: Exchange(500, body)), Redactor.None);
        Assert.That(text.Length, Is.LessThan(2600));
        Assert.That(text, Does.Contain(" …"));
    }
}
