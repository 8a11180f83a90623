using System.Text.RegularExpressions;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Security.Tests;

/// <summary>
/// The security gate against the reference target (HTTPS endpoint on): the real suite clean (every check passes, the
/// report is written, no secret leaks), each seeded defect of the gate (in-process: exactly the named checks fail, with
/// a message naming route, expected and actual), and one defect through the real suite.
/// The tests run in an order that keeps the target's restarts few (extra target settings, another HTTPS setting, and a
/// defect its start-up wiring reads each restart it; any other defect is switched in place): the plain-HTTP suite runs
/// first, then the HTTPS suite run, then the in-process cases, those that need no restart before those that do.
/// </summary>
[NonParallelizable]
public sealed partial class SecurityGateAgainstReferenceTests : AgainstReferenceTarget
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(3);
    // A short login-failure window keeps the rate-limit recovery wait at about two seconds.
    private static readonly Dictionary<string, string> ShortWindow = new() { ["SIRIM_REF_LOGIN_FAILURE_WINDOW_SECONDS"] = "2" };

    [Test, Order(3)]
    public async Task Clean_target_passes_every_security_check_and_writes_the_report_without_secrets()
    {
        await Reference.UseDefectAsync(null, https: true, extra: ShortWindow);
        var run = await SuiteRunner.RunAsync(Reference.Environment, "Category=Security", SuiteTimeout);
        var report = run.ReadEvidenceIfWritten("security_hardening_report.md");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
            Assert.That(run.Results.Select(r => r.Name), Is.EquivalentTo(new[]
            {
                "Api_routes_send_hardening_headers_and_csp", "Frontend_pages_send_hardening_headers_and_csp", "Error_responses_are_hardened_and_leak_nothing",
                "Plain_http_redirects_to_https", "Cors_allows_the_frontend", "Cors_refuses_foreign_origins", "Forged_tokens_are_refused",
                "Body_size_limit_is_enforced", "Rate_limit_refuses_a_burst_and_recovers",
            }));
            Assert.That(run.Results.Select(r => r.Status), Is.All.EqualTo("passed"), run.Describe());
            Assert.That(run.Results.All(r => r.Labels.Contains("epic=security") && r.AttachmentCount > 0), Is.True);
            Assert.That(run.GoNoGo, Does.Contain("| security | PASS | yes |"));
            Assert.That(report, Does.Contain("| Content-Security-Policy | A |").And.Contain("| CORS | A |").And.Contain("| Tokens | A |")
                .And.Contain("| HTTPS and HSTS | A |").And.Contain("| Rate limiting | A |").And.Contain("| Body size limit | A |"));
            Assert.That(report, Does.Contain("### GET /api/me → 200").And.Contain("Strict-Transport-Security: max-age=31536000; includeSubDomains")
                .And.Contain("HTTP/1.1 308 Permanent Redirect").And.Contain("## CORS probes").And.Contain("null origin")
                .And.Contain("| #11 | 429 |").And.Contain("| after wait | 401 |").And.Contain("HTTP/1.1 413 Payload Too Large"));
        });
        var env = Reference.Environment;
        foreach (var secret in new[] { env["SIRIM_PASSWORD"], env["JWT_SECRET"] })
            Assert.That(SuiteRunner.FilesContaining(run.RunDirectory, secret), Is.Empty, "a secret value was written to the reports");
        var jwtShaped = Directory.EnumerateFiles(run.RunDirectory, "*", SearchOption.AllDirectories).Where(f => JwtPattern().IsMatch(File.ReadAllText(f))).ToList();
        Assert.That(jwtShaped, Is.Empty, "a token (real or forged) was written to the reports");
    }

    // Every defect of the gate is switched in place (a switch also clears the login throttle); the rate-limit ones come
    // last, so a lock-out they leave meets no other case.
    [Order(6)]
    [TestCase("header_missing_csp", new[] { "csp_present" }, "GET /api/me", "Expected: an enforced Content-Security-Policy header")]
    [TestCase("header_missing_nosniff", new[] { "nosniff" }, "GET /api/me", "Actual:   X-Content-Type-Options (absent)")]
    [TestCase("header_missing_frame_options", new[] { "csp_frame_ancestors", "frame_options" }, "GET /api/me", "Actual:   X-Frame-Options (absent) and no CSP frame-ancestors")]
    [TestCase("header_missing_referrer_policy", new[] { "referrer_policy_safe" }, "GET /api/me", "Actual:   Referrer-Policy (absent)")]
    [TestCase("header_missing_permissions_policy", new[] { "permissions_policy" }, "GET /api/me", "Actual:   Permissions-Policy absent")]
    [TestCase("header_missing_hsts", new[] { "hsts_policy" }, "GET /api/me", "Actual:   Strict-Transport-Security absent")]
    [TestCase("hsts_short_max_age", new[] { "hsts_policy" }, "GET /api/me", "Actual:   'max-age=300': max-age 300 < 31536000")]
    [TestCase("csp_unsafe_inline", new[] { "csp_script_src_safe" }, "GET /", "'unsafe-inline' allows injected inline scripts")]
    [TestCase("csp_wildcard", new[] { "csp_origins_real" }, "GET /", "Actual:   allows default-src *")]
    [TestCase("x_powered_by", new[] { "no_x_powered_by" }, "GET /api/me", "Actual:   X-Powered-By: ASP.NET")]
    [TestCase("body_limit_413_html", new[] { "body_limit_enforced" }, "POST /api/auth/login", "Actual:   413 Payload Too Large, Content-Type text/html")]
    [TestCase("jwt_alg_none_accepted", new[] { "token_alg_none_rejected" }, "GET /api/me", "Actual:   200 OK, Content-Type application/json")]
    [TestCase("stack_trace_in_500", new[] { "error_no_leak" }, "POST /api/auth/login", "Actual:   500 body contains a .NET stack trace")]
    [TestCase("csp_no_base_uri", new[] { "csp_base_uri" }, "GET /api/me", "Actual:   no base-uri")]
    [TestCase("csp_no_object_src", new[] { "csp_object_src_none" }, "GET /", "Actual:   default-src 'self'")]
    [TestCase("csp_connect_src_missing_api", new[] { "csp_connect_src_api" }, "GET /", "Actual:   connect-src 'self'")]
    [TestCase("server_version", new[] { "server_no_version" }, "GET /api/me", "Actual:   Server: Kestrel/10.0.0")]
    [TestCase("cookie_without_flags", new[] { "cookie_flags" }, "GET /api/me", "Actual:   sirim_pref without Secure, HttpOnly, SameSite")]
    [TestCase("jwt_signature_not_checked", new[] { "token_alg_none_rejected", "token_expired_rejected", "token_tampered_rejected", "token_weak_secret_rejected", "token_wrong_audience_rejected", "token_wrong_issuer_rejected" }, "GET /api/me", "Actual:   200 OK, Content-Type application/json")]
    [TestCase("jwt_expired_forbidden", new[] { "token_expired_rejected" }, "GET /api/me", "Actual:   403 Forbidden, Content-Type application/problem+json")]
    [TestCase("rate_limit_missing", new[] { "rate_limit_enforced" }, "POST /api/auth/login × 15", "Actual:   no 429 in 15 requests; statuses: 401 401")]
    [TestCase("rate_limit_no_retry_after", new[] { "rate_limit_response" }, "POST /api/auth/login", "Actual:   Retry-After (absent)")]
    [TestCase("rate_limit_retry_after_too_short", new[] { "rate_limit_recovers" }, "POST /api/auth/login after 1.5 s", "Actual:   429 Too Many Requests, Retry-After '1'")]
    [TestCase("cors_allow_null", new[] { "cors_null_origin_refused" }, "GET /api/me", "Actual:   Access-Control-Allow-Origin: null")]
    [TestCase("cors_suffix_match", new[] { "cors_foreign_origin_refused" }, "GET /api/me", "Actual:   Access-Control-Allow-Origin: http://evil127.0.0.1:")]
    [TestCase("cors_preflight_missing_delete", new[] { "cors_preflight_allowed" }, "OPTIONS /api/me", "Actual:   Access-Control-Allow-Methods 'GET,POST,PUT' lacks DELETE")]
    [TestCase("cors_wildcard_with_credentials", new[] { "cors_foreign_origin_refused", "cors_no_wildcard_with_credentials", "cors_null_origin_refused", "cors_origin_not_reflected" }, "GET /api/me", "Actual:   Access-Control-Allow-Origin: *, Access-Control-Allow-Credentials: true")]
    [TestCase("http_no_redirect", new[] { "https_redirect" }, "GET /healthz", "Actual:   200 OK, Location (absent)")]
    [TestCase("body_limit_missing", new[] { "body_limit_enforced" }, "POST /api/auth/login", "Actual:   400 Bad Request, Content-Type application/problem+json")]
    [TestCase("body_limit_too_small", new[] { "body_limit_accepts_under" }, "POST /api/auth/login", "Actual:   413 Payload Too Large")]
    [TestCase("jwt_audience_not_checked", new[] { "token_wrong_audience_rejected" }, "GET /api/me", "Actual:   200 OK, Content-Type application/json")]
    [TestCase("jwt_issuer_not_checked", new[] { "token_wrong_issuer_rejected" }, "GET /api/me", "Actual:   200 OK, Content-Type application/json")]
    [TestCase("cors_reflect_any_origin", new[] { "cors_foreign_origin_refused", "cors_null_origin_refused", "cors_origin_not_reflected" }, "GET /api/me", "Actual:   Access-Control-Allow-Origin: https://sirim-probe-")]
    [TestCase("jwt_lifetime_not_checked", new[] { "token_expired_rejected" }, "GET /api/me", "Actual:   200 OK, Content-Type application/json")]
    public async Task Each_seeded_defect_fails_exactly_its_checks(string defect, string[] failingChecks, string subject, string actual)
    {
        var outcomes = await GateOutcomesAsync(defect, rateLimit: defect.StartsWith("rate_limit", StringComparison.Ordinal));
        var failed = outcomes.Where(o => o.Failed).ToList();
        var caughtBy = SeededDefects.Get(defect).CaughtBy;
        var first = failed.FirstOrDefault(o => o.CheckId == caughtBy && o.Subject == subject) ?? failed.FirstOrDefault(o => o.CheckId == caughtBy);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Select(o => o.CheckId).Distinct().Order(), Is.EqualTo(failingChecks), string.Join("\n", failed.Select(o => FailureRenderer.Render(o, Redactor.None))));
            Assert.That(failingChecks, Does.Contain(caughtBy), "defects.json names a check that fails");
            Assert.That(first is null ? "" : FailureRenderer.Render(first, Redactor.None), Does.StartWith($"[security] {caughtBy}: {subject}")
                .And.Contain("Expected: ").And.Contain(actual).And.Contain("Reproduce: curl"));
        });
    }

    [Order(7)]
    [TestCase("jwt_expired_forbidden", FindingKind.WrongRefusal, Severity.Medium, false)]
    [TestCase("jwt_lifetime_not_checked", FindingKind.Accepted, Severity.Critical, true)]
    public async Task Blocking_severities_critical_high_let_a_wrong_refusal_through_but_never_an_accepted_token(string defect, FindingKind kind, Severity severity, bool blocks)
    {
        // The gate's run of the case above with the same defect, when it ran (it is not run twice).
        var outcomes = await GateOutcomesAsync(defect, rateLimit: false);
        var errors = new List<string>();
        var policy = new Core.Findings.FindingPolicy(Core.Findings.BlockingSeverities.Parse("critical,high", "blockingSeverities", errors), [], DateOnly.FromDateTime(DateTime.UtcNow));
        var findings = outcomes.Where(o => o.Failed).Select(o => policy.Judge(o, s => s)).ToList();
        var strict = outcomes.Where(o => o.Failed).Select(o => Core.Findings.FindingPolicy.Strict.Judge(o, s => s)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(findings.Select(f => f.CheckId).Distinct(), Is.EqualTo(new[] { "token_expired_rejected" }));
            // Each exchange is judged by what it saw: with the lifetime unchecked, a route the token's role may not use still answers 403.
            Assert.That(findings.Select(f => (f.Kind, f.Severity)), Does.Contain((kind, severity)));
            Assert.That(findings.Any(f => f.Blocks), Is.EqualTo(blocks), "with critical,high only the accepted token blocks");
            Assert.That(strict.All(f => f.Blocks), Is.True, "with the default every finding blocks: the seeded defect still fails its gate");
        });
    }

    [Test]
    public void Every_security_defect_of_the_catalogue_has_a_case_above()
    {
        var cases = CaseArguments(nameof(Each_seeded_defect_fails_exactly_its_checks)).Select(a => (string)a[0]!).ToList();
        Assert.That(SeededDefects.OfGate("security").Select(d => d.Id), Is.EquivalentTo(cases));
    }

    [Test, Order(2)]
    public async Task A_defect_fails_the_real_suite_with_the_standard_failure_shape()
    {
        // The short login-failure window: the rate-limit probe of this full gate run waits about two seconds, not the default window.
        await Reference.UseDefectAsync("jwt_alg_none_accepted", https: false, extra: ShortWindow);
        var run = await SuiteRunner.RunAsync(Reference.Environment, "Category=Security", SuiteTimeout);
        var failed = run.Failed.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(failed.Select(f => f.Name), Is.EqualTo(new[] { "Forged_tokens_are_refused" }), run.Describe());
            Assert.That(failed.Single().Message, Does.Contain("[security] token_alg_none_rejected: GET /api/me   (severity critical · accepted)\nExpected: 401 with a JSON error body\nActual:   200 OK")
                .And.Contain("Reproduce: curl").And.Contain("Authorization: Bearer [redacted]"));
            Assert.That(run.GoNoGo, Does.Contain("| security | FAIL | yes |").And.Contain("NO-GO"));
            // The release manager reads the top: the accepted forged token is listed first, with its kind and what to do.
            Assert.That(run.GoNoGo, Does.Contain("## Act on these first (critical and high findings)\n\n- **CRITICAL** [security] accepted — `token_alg_none_rejected`: GET /api/me"));
            Assert.That(File.ReadAllText(Path.Combine(run.RunDirectory, "findings.json")), Does.Contain("\"checkId\": \"token_alg_none_rejected\"").And.Contain("\"kind\": \"accepted\""));
            Assert.That(run.ReadEvidence("security_hardening_report.md"), Does.Contain("| Tokens | F |"));
        });
    }

    [Test, Order(1)]
    public async Task With_blocking_severities_critical_high_a_wrong_refusal_passes_the_gate_and_is_shown()
    {
        // One suite run proves the NUnit layer: the medium finding does not fail the test, go_no_go.md shows it, and an
        // accepted deviation that matched nothing is listed as stale.
        await Reference.UseDefectAsync("jwt_expired_forbidden", https: false);
        var deviations = Path.Combine(Path.GetTempPath(), $"sirim-deviations-{Guid.NewGuid():N}.json");
        File.WriteAllText(deviations, """
            {"deviations": [{"check": "nosniff", "subject": "GET /nowhere*", "reason": "kept after the fix", "owner": "web-team", "expires": "2099-12-31"}]}
            """);
        try
        {
            var environment = new Dictionary<string, string>(Reference.Environment)
            {
                ["SIRIM_BLOCKING_SEVERITIES"] = "critical,high",
                ["SIRIM_ACCEPTED_DEVIATIONS_FILE"] = deviations,
            };
            var run = await SuiteRunner.RunAsync(environment, "Category=Security&Name=Forged_tokens_are_refused", SuiteTimeout);
            Assert.Multiple(() =>
            {
                Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
                Assert.That(run.Results.Single().Status, Is.EqualTo("passed"), run.Describe());
                Assert.That(run.GoNoGo, Does.Match(@"\| security \| PASS \(with [0-9]+ medium findings?\) \|"));
                Assert.That(run.GoNoGo, Does.Contain("**MEDIUM** [security] wrong refusal — `token_expired_rejected`: GET /api/me").And.Contain("(not blocking)"));
                Assert.That(run.GoNoGo, Does.Contain("Stale entries").And.Contain("nosniff on 'GET /nowhere*', owner web-team, expires 2099-12-31"));
                // Every forged token was refused (403 counts as refused); fewer used the exact 401 JSON.
                Assert.That(run.GoNoGo, Does.Match(@"forged tokens refused = ([0-9]+)/\1 refused \(any 401/403\), ([0-9]+)/\1 with the exact 401 JSON \(limit"));
                Assert.That(run.GoNoGo, Does.Not.Match(@"forged tokens refused = ([0-9]+)/\1 refused \(any 401/403\), \1/\1 with the exact"));
            });
        }
        finally { File.Delete(deviations); }
    }

    [Order(4)]
    [TestCase(null, new string[0])]
    [TestCase("cors_reflect_any_origin", new[] { "cors_foreign_origin_refused", "cors_null_origin_refused", "cors_origin_not_reflected" })]
    public async Task A_frontend_on_the_api_origin_skips_the_frontend_preflights_and_still_probes_foreign_origins(string? defect, string[] failingChecks)
    {
        await Reference.UseDefectAsync(defect, https: true);
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_FRONTEND_URL"] = Reference.Environment["SIRIM_API_URL"] };
        var (target, options) = Configure(env);
        using var client = new ExchangeClient(TimeSpan.FromSeconds(10), target.TlsSkipVerify);
        var gate = new SecurityGate(target, options, client);
        var probes = await gate.ProbeCorsAsync(CancellationToken.None);
        var outcomes = probes.SelectMany(p => p.Outcomes).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(probes.Where(p => p.Kind == SecurityProbeKind.CorsFrontend), Is.Empty, "no preflight from the frontend is sent");
            Assert.That(gate.FrontendPreflightNotApplicable()?.Actual, Does.StartWith("not applicable: same origin"));
            Assert.That(probes.Select(p => p.Title), Has.Some.StartsWith("GET from arbitrary origin").And.Some.StartsWith("preflight DELETE from null origin"));
            Assert.That(outcomes.Where(o => o.Failed).Select(o => o.CheckId).Distinct().Order(), Is.EqualTo(failingChecks),
                string.Join("\n", outcomes.Where(o => o.Failed).Select(o => FailureRenderer.Render(o, Redactor.None))));
        });
    }

    // After the case above with the same defect: no restart between them.
    [Order(5)]
    [TestCase("cors_reflect_any_origin", new string[0], new[] { "cors_foreign_origin_refused", "cors_null_origin_refused", "cors_origin_not_reflected" })]
    [TestCase(null, new string[0], new[] { "cors_foreign_origin_refused", "cors_null_origin_refused", "cors_origin_not_reflected" })]
    public async Task Frontend_and_foreign_origin_cors_probes_are_separate_typed_sets_each_judged_by_its_own_checks(string? defect, string[] frontendFailing, string[] foreignChecks)
    {
        await Reference.UseDefectAsync(defect, https: true);
        var (target, options) = Configure(Reference.Environment);
        using var client = new ExchangeClient(TimeSpan.FromSeconds(10), target.TlsSkipVerify);
        var gate = new SecurityGate(target, options, client);
        var frontend = await gate.ProbeCorsFromFrontendAsync(CancellationToken.None);
        var foreign = await gate.ProbeCorsFromForeignOriginsAsync(CancellationToken.None);
        var foreignFailed = foreign.SelectMany(p => p.Outcomes).Where(o => o.Failed).Select(o => o.CheckId).Distinct().Order().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(frontend.Select(p => p.Kind), Is.Not.Empty.And.All.EqualTo(SecurityProbeKind.CorsFrontend));
            Assert.That(frontend.Select(p => p.Title), Is.EqualTo(options.CorsMethods.Select(m => $"preflight {m} from the frontend {options.FrontendOrigin}")));
            Assert.That(foreign.Select(p => p.Kind), Is.All.EqualTo(SecurityProbeKind.CorsForeign));
            Assert.That(foreign, Has.Count.EqualTo(2 * gate.ForeignOrigins().Count), "a simple request and a preflight per foreign origin, each sent once");
            Assert.That(frontend.SelectMany(p => p.Outcomes).Where(o => o.Failed).Select(o => o.CheckId), Is.EqualTo(frontendFailing));
            Assert.That(foreignFailed, defect is null ? Is.Empty : Is.SubsetOf(foreignChecks).And.Not.Empty,
                string.Join("\n", foreign.SelectMany(p => p.Outcomes).Where(o => o.Failed).Select(o => FailureRenderer.Render(o, Redactor.None))));
        });
    }

    private static (TargetOptions Target, SecurityOptions Options) Configure(IReadOnlyDictionary<string, string> env)
    {
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        var (options, errors) = SecurityOptions.From(loaded.Options!);
        Assert.That(errors, Is.Empty);
        return (loaded.Options!, options!);
    }

    /// <summary>
    /// The gate's outcomes in process against the HTTPS target with <paramref name="defect"/> on: run once per defect
    /// and kept for this fixture's later tests that assert on the same run.
    /// </summary>
    private async Task<IReadOnlyList<CheckOutcome>> GateOutcomesAsync(string defect, bool rateLimit)
    {
        if (_gateRuns.TryGetValue((defect, rateLimit), out var kept)) return kept;
        await Reference.UseDefectAsync(defect, https: true);
        var outcomes = await RunGateInProcessAsync(rateLimit);
        _gateRuns[(defect, rateLimit)] = outcomes;
        return outcomes;
    }

    private readonly Dictionary<(string Defect, bool RateLimit), IReadOnlyList<CheckOutcome>> _gateRuns = [];

    private async Task<IReadOnlyList<CheckOutcome>> RunGateInProcessAsync(bool rateLimit)
    {
        var env = Reference.Environment;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        var target = loaded.Options!;
        var (options, errors) = SecurityOptions.From(target);
        Assert.That(errors, Is.Empty);
        using var client = new ExchangeClient(TimeSpan.FromSeconds(10), target.TlsSkipVerify);
        var gate = new SecurityGate(target, options!, client);
        var ct = CancellationToken.None;
        var auth = await Authenticator.AuthenticateAsync(target, client, ct);
        Assert.That(auth.Succeeded, Is.True, auth.Problem);
        var routes = SecurityGate.GetRoutes(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "contracts", "openapi.json")));
        var probes = new List<SecurityProbe>();
        probes.AddRange(await gate.ProbeApiRoutesAsync(routes, auth, ct));
        probes.AddRange(await gate.ProbeFrontendAsync(ct));
        probes.AddRange(await gate.ProbeErrorsAsync(routes, auth, ct));
        if (await gate.ProbeHttpsRedirectAsync(ct) is { } redirect) probes.Add(redirect);
        probes.AddRange(await gate.ProbeCorsAsync(ct));
        probes.AddRange(await gate.ProbeTokensAsync(routes, auth, DateTimeOffset.UtcNow, ct));
        probes.AddRange(await gate.ProbeBodyLimitAsync(ct));
        var outcomes = probes.SelectMany(p => p.Outcomes).ToList();
        // The rate-limit run waits for Retry-After after a 429: only where the defect is about it.
        if (rateLimit) outcomes.AddRange(Checks.RateLimitChecks.Evaluate(await gate.RunRateLimitAsync(ct)));
        return outcomes;
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.")]
    private static partial Regex JwtPattern();
}
