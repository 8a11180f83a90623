using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security;
using Sirim.Verification.Security.Checks;
using static Sirim.Verification.Security.Tests.Exchanges;

namespace Sirim.Verification.Security.Tests;

/// <summary>CORS, token, limit and leak checks on passing and failing exchanges, pinning the rendered message.</summary>
public sealed class ProbeCheckTests
{
    private static readonly IReadOnlyList<string> Allowed = [Api, Front];

    private static HttpExchange Cors(string method, string origin, int status, params (string, string)[] headers) =>
        Make(new ExchangeRequest(method, new Uri(Api + "/api/me"), method == "OPTIONS"
            ? [new("Origin", origin), new("Access-Control-Request-Method", "PUT"), new("Access-Control-Request-Headers", "authorization, content-type")]
            : [new("Origin", origin)]), status, "", headers);

    [Test]
    public void Cors_preflight_from_the_frontend_needs_origin_method_and_headers()
    {
        var ok = Cors("OPTIONS", Front, 204, ("Access-Control-Allow-Origin", Front), ("Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"),
            ("Access-Control-Allow-Headers", "Authorization,Content-Type,X-Request-Id"));
        Assert.That(new CorsPreflightAllowed().Evaluate(ok).Status, Is.EqualTo(CheckStatus.Passed));
        var refused = Cors("OPTIONS", Front, 204, ("Access-Control-Allow-Methods", "GET,POST"), ("Access-Control-Allow-Headers", "Content-Type"));
        Assert.That(Render(new CorsPreflightAllowed().Evaluate(refused)), Does.StartWith(
            "[security] cors_preflight_allowed: OPTIONS /api/me   (severity critical · broken flow)\n" +
            "Expected: 2xx, Access-Control-Allow-Origin: https://app.sirim.example, method PUT and headers authorization, content-type allowed\n" +
            "Actual:   Access-Control-Allow-Origin (absent); Access-Control-Allow-Methods 'GET,POST' lacks PUT; Access-Control-Allow-Headers 'Content-Type' lacks authorization\n"));
    }

    [Test]
    public void Foreign_origins_must_get_no_allow_origin()
    {
        const string evil = "https://sirim-probe-1234.example";
        Assert.That(CorsOriginRefused.Reflected(Allowed).Evaluate(Cors("GET", evil, 200)).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(CorsOriginRefused.Foreign(Allowed).Evaluate(Cors("GET", "https://evilapp.sirim.example", 200, ("Access-Control-Allow-Origin", Front))).Status,
            Is.EqualTo(CheckStatus.Passed), "a fixed allowed origin grants nothing to the prober");
        Assert.That(Render(CorsOriginRefused.Reflected(Allowed).Evaluate(Cors("GET", evil, 200, ("Access-Control-Allow-Origin", evil), ("Access-Control-Allow-Credentials", "true")))),
            Does.StartWith("[security] cors_origin_not_reflected: GET /api/me   (severity critical · accepted)\n" +
                           "Expected: no Access-Control-Allow-Origin for Origin: https://sirim-probe-1234.example\n" +
                           "Actual:   Access-Control-Allow-Origin: https://sirim-probe-1234.example, Access-Control-Allow-Credentials: true\n" +
                           "Hint:     The API echoes whatever Origin it is sent"));
        Assert.That(Render(CorsOriginRefused.Null(Allowed).Evaluate(Cors("OPTIONS", "null", 204, ("Access-Control-Allow-Origin", "null")))),
            Does.StartWith("[security] cors_null_origin_refused: OPTIONS /api/me   (severity critical · accepted)\nExpected: no Access-Control-Allow-Origin for Origin: null\nActual:   Access-Control-Allow-Origin: null\n"));
        Assert.That(Render(CorsOriginRefused.Foreign(Allowed).Evaluate(Cors("GET", "https://evilapp.sirim.example", 200, ("Access-Control-Allow-Origin", "*")))),
            Does.Contain("[security] cors_foreign_origin_refused: GET /api/me").And.Contain("Actual:   Access-Control-Allow-Origin: *\n"));
    }

    [Test]
    public void Wildcard_with_credentials_is_never_allowed()
    {
        Assert.That(new CorsNoWildcardWithCredentials().Evaluate(Cors("GET", Front, 200, ("Access-Control-Allow-Origin", "*"))).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new CorsNoWildcardWithCredentials().Evaluate(Cors("GET", Front, 200, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")))),
            Does.Contain("Actual:   Access-Control-Allow-Origin: *, Access-Control-Allow-Credentials: true\n"));
    }

    [Test]
    public void Forged_tokens_must_get_401_json()
    {
        var refused = WithBody(Api + "/api/me", 401, "{\"status\":401}", ("Content-Type", "application/problem+json"));
        Assert.That(new TokenRejected("alg_none").Evaluate(refused).Status, Is.EqualTo(CheckStatus.Passed));
        var accepted = WithBody(Api + "/api/me", 200, "{\"id\":1}", ("Content-Type", "application/json"));
        Assert.That(Render(new TokenRejected("alg_none").Evaluate(accepted)), Does.StartWith(
            "[security] token_alg_none_rejected: GET /api/me   (severity critical · accepted)\nExpected: 401 with a JSON error body\nActual:   200 OK, Content-Type application/json\n" +
            "Hint:     The route accepted a forged token"));
        Assert.That(Render(new TokenRejected("expired").Evaluate(WithBody(Api + "/api/me", 401, "nope", ("Content-Type", "text/plain")))),
            Does.Contain("Actual:   401 Unauthorized, Content-Type text/plain\nHint:     Refused, but not with the JSON error shape"));
    }

    [TestCase(200, FindingKind.Accepted, Severity.Critical, TestName = "token: 200 to a forged token is accepted, critical")]
    [TestCase(403, FindingKind.WrongRefusal, Severity.Medium, TestName = "token: 403 for 401 is a wrong refusal, medium")]
    [TestCase(401, FindingKind.WrongRefusal, Severity.Low, TestName = "token: 401 without JSON is a wrong refusal, low")]
    [TestCase(500, FindingKind.ServerError, Severity.High, TestName = "token: 500 is a server error, high")]
    public void Forged_token_kind_follows_what_was_seen(int status, FindingKind kind, Severity severity)
    {
        var outcome = new TokenRejected("tampered").Evaluate(WithBody(Api + "/api/me", status, "{}", ("Content-Type", status == 401 ? "text/plain" : "application/json")));
        Assert.That((outcome.Failed, outcome.Kind, outcome.Severity), Is.EqualTo((true, kind, severity)));
    }

    [Test]
    public void Forged_tokens_refused_figure_counts_a_403_as_refused()
    {
        SecurityProbe Probe(int status, string type)
        {
            var exchange = WithBody(Api + "/api/me", status, "{}", ("Content-Type", type));
            return new SecurityProbe(SecurityProbeKind.Token, "GET /api/me", exchange, [new TokenRejected("tampered").Evaluate(exchange)]);
        }
        var probes = new[] { Probe(401, "application/problem+json"), Probe(403, "application/problem+json"), Probe(403, "application/problem+json"), Probe(200, "application/json") };
        var figure = SecurityFigures.ForgedTokens(probes);
        Assert.That(figure.Actual, Is.EqualTo("3/4 refused (any 401/403), 1/4 with the exact 401 JSON, **1 accepted**"));
        Assert.That(figure.Ok, Is.False);
        var allForbidden = SecurityFigures.ForgedTokens([Probe(403, "application/problem+json"), Probe(403, "application/problem+json")]);
        Assert.That(allForbidden.Actual, Is.EqualTo("2/2 refused (any 401/403), 0/2 with the exact 401 JSON"));
    }

    [Test]
    public void Body_limit_checks()
    {
        var post = (int size, int status, string type) => Make(new ExchangeRequest("POST", new Uri(Api + "/api/auth/login"), [], new string('a', size), "application/json"),
            status, "{}", ("Content-Type", type));
        Assert.That(new BodyLimitAcceptsUnder(65536).Evaluate(post(64512, 400, "application/problem+json")).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new BodyLimitAcceptsUnder(65536).Evaluate(post(64512, 413, "application/problem+json"))), Does.Contain(
            "Expected: not 413 and not 5xx for 64512 bytes (limit 65536)\nActual:   413 Payload Too Large\n"));
        Assert.That(new BodyLimitEnforced(65536).Evaluate(post(66560, 413, "application/problem+json")).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new BodyLimitEnforced(65536).Evaluate(post(66560, 400, "application/problem+json"))), Does.StartWith(
            "[security] body_limit_enforced: POST /api/auth/login   (severity medium · wrong refusal)\nExpected: 413 with a JSON error for 66560 bytes (limit 65536)\n" +
            "Actual:   400 Status, Content-Type application/problem+json\nHint:     The oversized body was refused, but not with 413"));
        // A 400 still refuses the body (a wrong refusal); accepting it is the risk.
        Assert.That(new BodyLimitEnforced(65536).Evaluate(post(66560, 400, "application/problem+json")).Kind, Is.EqualTo(FindingKind.WrongRefusal));
        var accepted = new BodyLimitEnforced(65536).Evaluate(post(66560, 200, "application/json"));
        Assert.That((accepted.Kind, accepted.Severity), Is.EqualTo((FindingKind.Accepted, Severity.High)));
        Assert.That(accepted.Hint, Does.StartWith("No body size limit"));
        Assert.That(Render(new BodyLimitEnforced(65536).Evaluate(post(66560, 413, "text/html"))), Does.Contain(
            "Actual:   413 Payload Too Large, Content-Type text/html\nHint:     The limit works but answers in another shape"));
    }

    [Test]
    public void Https_redirect_must_go_to_https_with_the_same_path()
    {
        var ok = Response("http://127.0.0.1:5080/healthz", 308, ("Location", "https://127.0.0.1:5443/healthz"));
        Assert.That(new HttpsRedirect().Evaluate(ok).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new HttpsRedirect().Evaluate(Response("http://127.0.0.1:5080/healthz", 200))), Does.Contain(
            "Expected: 301/302/307/308 to https:// with the same path\nActual:   200 OK, Location (absent)\n"));
        Assert.That(new HttpsRedirect().Evaluate(Response("http://127.0.0.1:5080/healthz", 302, ("Location", "https://127.0.0.1:5443/"))).Failed, Is.True);
    }

    [TestCase("{\"detail\":\"System.Text.Json.JsonException: bad\\n   at Sirim.Api.Login(HttpContext http) in /src/Api/Auth.cs:line 42\"}",
        "a .NET stack trace: \"at Sirim.Api.Login(HttpContext http) in /src/Api/Auth.cs:line 42")]
    [TestCase("{\"detail\":\"42601: syntax error at or near \\\"FROM\\\"\"}", "SQL or a database error: \"syntax error at or near\"")]
    [TestCase("{\"detail\":\"could not open /var/app/config/appsettings.json\"}", "a server file path: \"/var/app/config/appsettings.json")]
    [TestCase("<pre>Traceback (most recent call last):</pre>", "a stack trace: \"Traceback (most recent call last)\"")]
    public void Error_bodies_leak_nothing(string body, string found)
    {
        var exchange = WithBody(Api + "/api/auth/login", 500, body, ("Content-Type", "application/problem+json"));
        Assert.That(Render(new ErrorBodyNoLeak().Evaluate(exchange)), Does.StartWith(
            "[security] error_no_leak: GET /api/auth/login   (severity high · missing hardening)\nExpected: an error body without stack traces, SQL or file paths\nActual:   500 body contains ").And.Contain(found));
    }

    [Test]
    public void A_clean_problem_body_passes_and_successes_are_not_judged()
    {
        var problem = "{\"type\":\"https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1\",\"title\":\"Bad Request\",\"status\":400," +
                      "\"detail\":\"The request body is not valid JSON (line 1, byte 40).\",\"instance\":\"/api/auth/login\",\"requestId\":\"0HN\"}";
        Assert.That(new ErrorBodyNoLeak().Evaluate(WithBody(Api + "/api/auth/login", 400, problem, ("Content-Type", "application/problem+json"))).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(new ErrorBodyNoLeak().Evaluate(WithBody(Api + "/api/me", 200, "at Foo.Bar()")).Status, Is.EqualTo(CheckStatus.NotApplicable));
    }

    [Test]
    public void Rate_limit_run_is_judged_in_three_rules()
    {
        HttpExchange Post(int status, params (string, string)[] headers) =>
            Make(new ExchangeRequest("POST", new Uri(Api + "/api/auth/login"), [], "{}", "application/json"), status, "{}", headers);
        var failures = Enumerable.Range(0, 3).Select(_ => Post(401, ("Content-Type", "application/problem+json"))).ToList();
        var refusal = Post(429, ("Content-Type", "application/problem+json"), ("Retry-After", "2"));
        var good = new RateLimitRun("/api/auth/login", 3, 8, [.. failures, refusal], TimeSpan.FromSeconds(2.5), Post(401, ("Content-Type", "application/problem+json")));
        Assert.That(RateLimitChecks.Evaluate(good).Select(o => (o.CheckId, o.Status)), Is.EqualTo(new[]
            { (RateLimitChecks.Enforced, CheckStatus.Passed), (RateLimitChecks.Response, CheckStatus.Passed), (RateLimitChecks.Recovers, CheckStatus.Passed) }));

        var none = new RateLimitRun("/api/auth/login", 3, 5, Enumerable.Range(0, 5).Select(_ => Post(401)).ToList(), null, null, "no 429 to recover from");
        Assert.That(Render(RateLimitChecks.Evaluate(none).Single()), Does.StartWith(
            "[security] rate_limit_enforced: POST /api/auth/login × 5   (severity high · accepted)\nExpected: 429 by request 4 (limit 3)\nActual:   no 429 in 5 requests; statuses: 401 401 401 401 401\n"));

        var htmlNoRetry = good with { Burst = [.. failures, Post(429, ("Content-Type", "text/html"))], AfterWait = null, Waited = null, WaitSkippedReason = "no valid Retry-After to wait for" };
        var outcomes = RateLimitChecks.Evaluate(htmlNoRetry);
        Assert.That(Render(outcomes[1]), Does.Contain("Expected: 429 application/problem+json with Retry-After (seconds or HTTP date)\nActual:   Content-Type text/html; Retry-After (absent)\n"));
        Assert.That(outcomes[2].Status, Is.EqualTo(CheckStatus.NotApplicable));

        var stuck = good with { AfterWait = Post(429, ("Retry-After", "2")) };
        Assert.That(Render(RateLimitChecks.Evaluate(stuck)[2]), Does.Contain("Expected: the route answers again (not 429, not 5xx) once Retry-After has passed\nActual:   429 Too Many Requests, Retry-After '2'\n"));
    }

    [TestCase("120", 120)]
    [TestCase("Wed, 21 Oct 2015 07:28:30 GMT", 30)]
    [TestCase("soon", null)]
    public void Retry_after_parses_seconds_and_dates(string value, int? seconds) =>
        Assert.That(RateLimitChecks.ParseRetryAfter(value, "Wed, 21 Oct 2015 07:28:00 GMT")?.TotalSeconds, Is.EqualTo(seconds));
}
