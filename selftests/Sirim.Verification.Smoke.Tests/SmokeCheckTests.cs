using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Smoke.Checks;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>Each smoke check on a passing and a failing exchange, pinning the rendered message.</summary>
public sealed class SmokeCheckTests
{
    private static HttpExchange Exchange(string path, int? status, string contentType = "application/json", string body = "{\"status\":\"ok\"}") => new(
        ExchangeRequest.Get(new Uri("http://127.0.0.1:5080" + path)),
        status is null ? null : new ExchangeResponse(status.Value, status == 200 ? "OK" : "Error", "1.1", [new HttpHeader("Content-Type", contentType)], body, body.Length),
        TimeSpan.FromMilliseconds(4), DateTimeOffset.UnixEpoch, status is null ? "Connection refused (127.0.0.1:5080)" : null);

    private static string Render(CheckOutcome o) => FailureRenderer.Render(o, Redactor.None);

    [Test]
    public void Health_status_200_passes_on_200_and_explains_other_statuses()
    {
        Assert.That(new HealthStatusOk().Evaluate(Exchange("/healthz", 200)).Status, Is.EqualTo(CheckStatus.Passed));
        var failed = new HealthStatusOk().Evaluate(Exchange("/healthz", 502, "text/html", "<h1>Bad gateway</h1>"));
        Assert.That(Render(failed), Does.StartWith(
            "[smoke] health_status_200: GET /healthz   (severity critical · broken flow)\nExpected: 200\nActual:   502 Error\n"));
        Assert.That(Render(new HealthStatusOk().Evaluate(Exchange("/healthz", null))), Does.Contain("Actual:   no response: Connection refused (127.0.0.1:5080)"));
    }

    [Test]
    public void Health_json_fails_on_html_and_on_a_body_that_does_not_parse()
    {
        Assert.That(new HealthJson().Evaluate(Exchange("/healthz", 200)).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new HealthJson().Evaluate(Exchange("/healthz", 200, "text/html", "<html>OK</html>"))), Does.StartWith(
            "[smoke] health_json: GET /healthz   (severity high · broken flow)\nExpected: Content-Type application/json (or any +json type, e.g. application/health+json)\nActual:   Content-Type text/html\n"));
        Assert.That(Render(new HealthJson().Evaluate(Exchange("/healthz", 200, "application/json", "OK"))), Does.Contain("Actual:   body does not parse:"));
    }

    [TestCase("application/json", TestName = "health_json passes: application/json")]
    [TestCase("application/json; charset=utf-8", TestName = "health_json passes: with charset")]
    [TestCase("application/health+json", TestName = "health_json passes: application/health+json")]
    [TestCase("application/vnd.spring-boot.actuator.v3+json", TestName = "health_json passes: vendor +json")]
    public void Health_json_accepts_any_json_media_type(string contentType)
    {
        Assert.That(new HealthJson().Evaluate(Exchange("/health", 200, contentType, "{\"status\":\"pass\"}")).Status, Is.EqualTo(CheckStatus.Passed));
    }

    [TestCase("{\"status\":\"ok\"}", TestName = "status word: ok")]
    [TestCase("{\"status\":\"ready\",\"checks\":{}}", TestName = "status word: ready")]
    [TestCase("{\"status\":\"pass\"}", TestName = "status word: pass (health+json)")]
    [TestCase("{\"status\":\"UP\"}", TestName = "status word: UP (Spring Boot)")]
    [TestCase("{\"status\":\"up\"}", TestName = "status word: up")]
    [TestCase("{\"Status\":\"Healthy\"}", TestName = "status word: Healthy (ASP.NET Core), any case of the field")]
    [TestCase("{\"checks\":{\"db\":\"ok\"}}", TestName = "status word: no status field is not judged")]
    [TestCase("[\"ok\"]", TestName = "status word: not an object is not judged")]
    public void Health_status_word_accepts_the_usual_healthy_words(string body)
    {
        Assert.That(new HealthStatusWord().Evaluate(Exchange("/health", 200, "application/health+json", body)).Failed, Is.False);
    }

    [Test]
    public void Health_status_word_fails_a_200_that_reports_trouble_and_leaves_other_answers_to_the_other_checks()
    {
        Assert.That(Render(new HealthStatusWord().Evaluate(Exchange("/healthz", 200, "application/json", "{\"status\":\"degraded\"}"))), Does.StartWith(
            "[smoke] health_status_word: GET /healthz   (severity high · broken flow)\nExpected: status one of ok, pass, up, healthy, ready (any case)\nActual:   status \"degraded\"\n" +
            "Hint:     The probe answers 200 while its body reports the service unhealthy: fix the dependency it names, or make the status code and the body agree.\n"));
        Assert.That(Render(new HealthStatusWord().Evaluate(Exchange("/health", 200, "application/health+json", "{\"status\":false}"))), Does.Contain("Actual:   status false\n"));
        Assert.Multiple(() =>
        {
            Assert.That(new HealthStatusWord().Evaluate(Exchange("/healthz", 503, "application/json", "{\"status\":\"degraded\"}")).Status, Is.EqualTo(CheckStatus.NotApplicable));
            Assert.That(new HealthStatusWord().Evaluate(Exchange("/healthz", 200, "text/html", "<html>OK</html>")).Status, Is.EqualTo(CheckStatus.NotApplicable));
            Assert.That(new HealthStatusWord().Evaluate(Exchange("/healthz", 200, "application/json", "OK")).Status, Is.EqualTo(CheckStatus.NotApplicable));
            Assert.That(new HealthStatusWord().Evaluate(Exchange("/healthz", null)).Status, Is.EqualTo(CheckStatus.NotApplicable));
        });
    }

    [Test]
    public void Error_not_5xx_wants_a_4xx_json_answer_to_bad_input()
    {
        Assert.That(new ErrorNot5xx().Evaluate(Exchange("/api/gastos?empresaId=x", 400, "application/problem+json", "{}")).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new ErrorNot5xx().Evaluate(Exchange("/api/gastos?empresaId=x", 500, "application/problem+json", "{}"))), Does.StartWith(
            "[smoke] error_not_5xx: GET /api/gastos?empresaId=x   (severity high · server error)\nExpected: a 4xx JSON error\nActual:   500 Error, Content-Type application/problem+json\n" +
            "Hint:     Invalid input reached code that threw: validate the parameter and answer 400 problem+json.\n"));
        Assert.That(new ErrorNot5xx().Evaluate(Exchange("/api/gastos?empresaId=x", 400, "text/html", "<p>bad</p>")).Failed, Is.True);
    }

    [Test]
    public void Readiness_must_turn_503_json_while_the_database_is_down_and_recover()
    {
        var good = new ReadinessObservation(Exchange("/readyz", 200), Exchange("/readyz", 503, "application/problem+json", "{}"),
            Exchange("/healthz", 200), Exchange("/readyz", 200), Exchange("/healthz", 200), TimeSpan.FromMilliseconds(300));
        Assert.That(ReadinessDependsOnDatabase.Evaluate(good).Single().Status, Is.EqualTo(CheckStatus.Passed));

        var ignoresDb = good with { ReadyWhileDown = Exchange("/readyz", 200) };
        Assert.That(Render(ReadinessDependsOnDatabase.Evaluate(ignoresDb).Single()), Does.StartWith(
            "[smoke] readiness_depends_on_database: GET /readyz (database stopped)   (severity critical · broken flow)\n" +
            "Expected: 503 with a JSON body while the database is down\nActual:   200 OK, Content-Type application/json\n" +
            "Hint:     Readiness answers ready without touching the database: run a real query (SELECT 1) with a short timeout.\n"));

        var livenessDependsOnDb = good with { HealthWhileDown = Exchange("/healthz", 503, "application/problem+json", "{}") };
        Assert.That(Render(ReadinessDependsOnDatabase.Evaluate(livenessDependsOnDb).Single()), Does.Contain("Expected: 200: liveness does not depend on the database"));

        var noRecovery = good with { ReadyAfterRestart = Exchange("/readyz", 503, "application/problem+json", "{}"), RecoveryTime = null };
        Assert.That(Render(ReadinessDependsOnDatabase.Evaluate(noRecovery).Single()), Does.Contain("Expected: 200 once the database is back"));
    }

    [Test]
    public void Readiness_outcomes_name_the_configured_readiness_route()
    {
        var good = new ReadinessObservation(Exchange("/health/ready", 200), Exchange("/health/ready", 503, "application/problem+json", "{}"),
            Exchange("/health", 200), Exchange("/health/ready", 200), Exchange("/health", 200), TimeSpan.FromMilliseconds(300));
        Assert.That(ReadinessDependsOnDatabase.Evaluate(good).Single().Subject, Is.EqualTo("GET /health/ready"));
        var noRecovery = good with { ReadyAfterRestart = Exchange("/health/ready", 503, "application/problem+json", "{}"), RecoveryTime = null };
        Assert.That(Render(ReadinessDependsOnDatabase.Evaluate(noRecovery).Single()), Does.StartWith(
            "[smoke] readiness_depends_on_database: GET /health/ready (database started again)   (severity critical · broken flow)\n"));
    }
}
