using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Smoke.Checks;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>The smoke gate's evidence (health_readiness.md) and its login verdict, rendered by the library from what the gate saw.</summary>
public sealed class HealthReadinessReportTests
{
    private static TargetOptions Options(Dictionary<string, string> env)
    {
        env.TryAdd("SIRIM_API_URL", "http://127.0.0.1:5080");
        env.TryAdd("SIRIM_ENVIRONMENT", "staging");
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.IsValid, Is.True, loaded.ErrorReport);
        return loaded.Options!;
    }

    private static HttpExchange Exchange(string path, int? status, double ms = 4, string body = "{\"status\":\"ok\"}") => new(
        ExchangeRequest.Get(new Uri("http://127.0.0.1:5080" + path)),
        status is null ? null : new ExchangeResponse(status.Value, status == 200 ? "OK" : "Service Unavailable", "1.1", [new HttpHeader("Content-Type", "application/json")], body, body.Length),
        TimeSpan.FromMilliseconds(ms), DateTimeOffset.UnixEpoch, status is null ? "Connection refused (127.0.0.1:5080)" : null);

    [Test]
    public void Evidence_lists_parameters_latency_of_each_probe_and_raw_exchanges_in_order()
    {
        var o = Options(new() { ["SIRIM_READINESS_PATH"] = "/api/version" });
        var text = HealthReadinessReport.Render(o,
            [new("GET /healthz #1", Exchange("/healthz", 200, 3.25)), new("bad query string", Exchange("/api/gastos?empresaId=abc", null, 12))],
            [], "NOT RUN", Redactor.None).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("# Observability and readiness — staging\n\n" +
                "Health (`/healthz`, liveness) and readiness (`/api/version`, real database check) of the API, probed by the smoke gate. " +
                "Raw exchanges below are exactly what the target answered (secrets redacted).\n\n## Parameters\n\n| parameter | value |\n| --- | --- |\n" +
                "| API | http://127.0.0.1:5080/ |\n| liveness | /healthz |\n| readiness | /api/version |\n"));
            Assert.That(text, Does.Contain("| database control | not configured (outage test NOT RUN) |\n| readiness depends on database | NOT RUN |\n\n"));
            Assert.That(text, Does.Contain("## Latency of each probe\n\n| request | status | content type | ms |\n| --- | --- | --- | --- |\n" +
                "| GET /healthz #1 | 200 | application/json | 3.3 |\n| bad query string | no response |  | 12.0 |\n\n## Raw exchanges\n\n### GET /healthz #1\n\n```http\n> GET http://127.0.0.1:5080/healthz\n"));
            Assert.That(text, Does.Contain("### bad query string\n\n```http\n> GET http://127.0.0.1:5080/api/gastos?empresaId=abc\n").And.Contain("< (no response: Connection refused (127.0.0.1:5080), after 12 ms)"));
            Assert.That(text, Does.Not.Contain("Database outage"), "no outage section when the outage test did not run");
        });
    }

    [Test]
    public void Outage_shows_the_commands_with_their_output_and_the_probes_that_were_sent()
    {
        var o = Options(new() { ["SIRIM_DB_STOP_COMMAND"] = "pg_ctl stop", ["SIRIM_DB_START_COMMAND"] = "pg_ctl start" });
        var observation = new ReadinessObservation(Exchange("/readyz", 200), Exchange("/readyz", 503), Exchange("/healthz", 200), Exchange("/readyz", 200), null, TimeSpan.FromSeconds(1));
        var probes = HealthReadinessReport.OutageProbes(observation, o.Health);
        var transcript = HealthReadinessReport.OutageTranscript(o.DatabaseControl,
            [new ShellCommand.Result(0, "server stopped\n", TimeSpan.FromMilliseconds(120)), new ShellCommand.Result(0, "server started\n", TimeSpan.FromMilliseconds(340))]);
        var text = HealthReadinessReport.Render(o, probes, transcript, "PASS", Redactor.None).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(probes.Select(p => p.Title), Is.EqualTo(new[]
            {
                "/readyz before the outage", "/readyz while the database is stopped", "/healthz while the database is stopped", "/readyz after the database restarted",
            }), "the liveness probe after the restart was not sent, so it is not shown");
            Assert.That(text, Does.Contain("| database control | configured (outage test runs) |\n| readiness depends on database | PASS |"));
            Assert.That(text, Does.Contain("## Database outage: commands and raw output\n\n```console\n$ pg_ctl stop\n(exit 0, 120 ms)\nserver stopped\n$ pg_ctl start\n(exit 0, 340 ms)\nserver started\n```\n\n## Raw exchanges"));
            Assert.That(text, Does.Contain("| /readyz while the database is stopped | 503 | application/json | 4.0 |"));
        });
    }

    [Test]
    public void Login_that_finds_no_token_fails_in_the_standard_shape_with_the_pointer_and_a_curl_line()
    {
        var o = Options(new() { ["SIRIM_LOGIN_TOKEN_POINTER"] = "/data/token" });
        var exchange = new HttpExchange(new ExchangeRequest("POST", new Uri("http://127.0.0.1:5080/api/auth/login"), [], "{\"email\":\"a@b.c\",\"password\":\"hunter22\"}", "application/json"),
            new ExchangeResponse(200, "OK", "1.1", [new HttpHeader("Content-Type", "application/json")], "{\"accessToken\":\"x\"}", 19), TimeSpan.FromMilliseconds(8), DateTimeOffset.UnixEpoch, null);
        var failed = LoginSucceeds.Evaluate(o, new AuthResult(null, "login answered 200 but no token string at /data/token", exchange));
        var text = FailureRenderer.Render(failed, new Redactor(["hunter22"]));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("[smoke] login_succeeds: POST /api/auth/login   (severity critical · ")
                .And.Contain("\nExpected: 200 with a token at /data/token\nActual:   login answered 200 but no token string at /data/token\nHint:     ")
                .And.Contain("\nReproduce: curl "));
            Assert.That(text, Does.Not.Contain("hunter22"), "the password is redacted");
            Assert.That(LoginSucceeds.Evaluate(o, new AuthResult("token", null, exchange)).Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(LoginSucceeds.Evaluate(Options([]), new AuthResult(null, "401", exchange)).Expected, Is.EqualTo("200 with an access token"));
        });
    }
}
