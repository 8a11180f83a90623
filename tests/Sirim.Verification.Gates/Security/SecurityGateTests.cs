using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Gates.Infrastructure;
using Sirim.Verification.Security;
using Sirim.Verification.Security.Checks;

namespace Sirim.Verification.Gates.Security;

/// <summary>
/// The security gate: hardening headers and CSP on every GET route of the contract, on error responses and on the
/// frontend's pages; HTTPS redirect and HSTS; CORS from the frontend and from foreign origins; forged tokens; body-size
/// and rate limits. Writes security_hardening_report.md.
/// </summary>
[Gate(SecurityGate.Name), Description("Security hardening"), Order(3)]
public sealed class SecurityGateTests : GateTest
{
    private readonly List<SecurityProbe> _probes = [];
    private readonly List<string> _notRun = [];
    private RateLimitRun? _rateRun;
    private IReadOnlyList<CheckOutcome> _rateOutcomes = [];
    private SecurityOptions? _options;
    private IReadOnlyList<ContractRoute>? _routes;
    private AuthResult? _auth;

    private SecurityOptions Options()
    {
        if (_options is not null) return _options;
        return _options = RequireOptions(SecurityOptions.From(Suite.Options), "the security probes");
    }

    private async Task<(SecurityGate Gate, ExchangeClient Client)> GateAsync()
    {
        var client = Suite.NewClient();
        var gate = new SecurityGate(Suite.Options, Options(), client);
        _auth ??= await Authenticator.AuthenticateAsync(Suite.Options, client, CancellationToken.None);
        if (_routes is null)
        {
            var source = Suite.Options.ContractSource;
            string json;
            if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                var exchange = await client.GetAsync(new Uri(source), CancellationToken.None);
                if (exchange.Status != 200)
                {
                    AssertOutcomes([ContractReadable.Evaluate(source, exchange)]);
                    Assert.Ignore($"NOT RUN: the contract {source} could not be read, so there are no routes to probe.");
                }
                json = exchange.Response!.Body;
            }
            else json = await File.ReadAllTextAsync(Suite.ResolvePath(source));
            _routes = SecurityGate.GetRoutes(json);
        }
        return (gate, client);
    }

    private void Record(IEnumerable<SecurityProbe> probes)
    {
        foreach (var p in probes)
        {
            _probes.Add(p);
            Attach(p.Exchange, $"{p.Title} → {p.Exchange.Status?.ToString() ?? "no response"}");
        }
    }

    private void Figure(string name, IReadOnlyList<SecurityProbe> probes)
    {
        var outcomes = probes.SelectMany(p => p.Outcomes).ToList();
        var failed = outcomes.Count(o => o.Failed);
        Suite.Ledger.AddFigure(SecurityGate.Name, new KeyFigure(name, $"grade {SecurityReport.Grade(outcomes)}, {failed} failed of {outcomes.Count(o => o.Status != CheckStatus.NotApplicable)}", "0 failed", failed == 0));
    }

    [Test, Order(1), Severity("critical")]
    [Description("every GET route of the contract sends the hardening headers and a strict CSP")]
    public async Task Api_routes_send_hardening_headers_and_csp()
    {
        var (gate, client) = await GateAsync();
        using var _ = client;
        var probes = await Allure.StepAsync($"GET {_routes!.Count} routes of the contract", () => gate.ProbeApiRoutesAsync(_routes!, _auth!, CancellationToken.None));
        Record(probes);
        Figure("API headers", probes);
        AssertOutcomes(probes.SelectMany(p => p.Outcomes));
    }

    [Test, Order(2), Severity("critical")]
    [Description("the frontend's pages send the hardening headers and a CSP matching the real origins")]
    public async Task Frontend_pages_send_hardening_headers_and_csp()
    {
        if (Suite.Options.FrontendBaseUrl is null)
            Assert.Ignore("NOT RUN: frontendBaseUrl (SIRIM_FRONTEND_URL) is not set, so the frontend's headers cannot be checked.");
        var (gate, client) = await GateAsync();
        using var _ = client;
        var probes = await Allure.StepAsync("GET the frontend pages", () => gate.ProbeFrontendAsync(CancellationToken.None));
        Record(probes);
        Figure("frontend headers", probes.Where(p => p.Kind == SecurityProbeKind.Frontend).ToList());
        AssertOutcomes(probes.SelectMany(p => p.Outcomes));
    }

    [Test, Order(3), Severity("critical")]
    [Description("error responses are hardened too and leak no stack trace, SQL or path")]
    public async Task Error_responses_are_hardened_and_leak_nothing()
    {
        var (gate, client) = await GateAsync();
        using var _ = client;
        var probes = await Allure.StepAsync("provoke errors", () => gate.ProbeErrorsAsync(_routes!, _auth!, CancellationToken.None));
        Record(probes);
        Figure("error responses", probes);
        AssertOutcomes(probes.SelectMany(p => p.Outcomes));
    }

    [Test, Order(4), Severity("critical")]
    [Description("plain HTTP redirects to HTTPS")]
    public async Task Plain_http_redirects_to_https()
    {
        var (gate, client) = await GateAsync();
        using var _ = client;
        var probe = await Allure.StepAsync("GET over plain HTTP", () => gate.ProbeHttpsRedirectAsync(CancellationToken.None));
        if (probe is null)
        {
            var reason = Suite.Options.ApiBaseUrl.Scheme == Uri.UriSchemeHttps
                ? "NOT RUN: apiHttpUrl (SIRIM_API_HTTP_URL) is not set, so the HTTP→HTTPS redirect is not probed."
                : "NOT RUN: the API is configured over plain HTTP (apiBaseUrl); HSTS and the redirect apply to HTTPS deployments.";
            _notRun.Add(reason);
            Assert.Ignore(reason);
        }
        Record([probe!]);
        AssertOutcomes(probe!.Outcomes);
    }

    [Test, Order(5), Severity("blocker")]
    [Description("a preflight from the frontend origin is allowed with the methods and headers it needs")]
    public async Task Cors_allows_the_frontend()
    {
        if (Suite.Options.FrontendBaseUrl is null)
            Assert.Ignore("NOT RUN: frontendBaseUrl (SIRIM_FRONTEND_URL) is not set: the allowed origin is unknown.");
        var (gate, client) = await GateAsync();
        using var _ = client;
        if (gate.FrontendPreflightNotApplicable() is { } sameOrigin)
        {
            _notRun.Add($"{sameOrigin.CheckId}: {sameOrigin.Actual}");
            Assert.Ignore($"NOT APPLICABLE: {sameOrigin.CheckId}: {sameOrigin.Subject}: {sameOrigin.Actual}.");
        }
        var probes = await Allure.StepAsync("CORS preflights from the frontend", () => gate.ProbeCorsFromFrontendAsync(CancellationToken.None));
        Record(probes);
        Figure("CORS from the frontend", probes);
        AssertOutcomes(probes.SelectMany(p => p.Outcomes));
    }

    [Test, Order(6), Severity("blocker")]
    [Description("foreign origins (arbitrary, null, look-alikes) get no Access-Control-Allow-Origin")]
    public async Task Cors_refuses_foreign_origins()
    {
        var (gate, client) = await GateAsync();
        using var _ = client;
        var probes = await Allure.StepAsync("CORS probes from foreign origins", () => gate.ProbeCorsFromForeignOriginsAsync(CancellationToken.None));
        Record(probes);
        Figure("CORS from foreign origins", probes);
        AssertOutcomes(probes.SelectMany(p => p.Outcomes));
    }

    [Test, Order(7), Severity("blocker")]
    [Description("missing, malformed, alg:none, tampered, expired, wrong-audience/issuer and weak-secret tokens get 401 JSON")]
    public async Task Forged_tokens_are_refused()
    {
        var (gate, client) = await GateAsync();
        using var _ = client;
        if (!_auth!.Succeeded) _notRun.Add($"no real token ({_auth.Problem}): the tampered token is signed with a random key instead");
        var probes = await Allure.StepAsync("forged tokens on every protected GET route", () => gate.ProbeTokensAsync(_routes!, _auth!, DateTimeOffset.UtcNow, CancellationToken.None));
        Record(probes);
        Suite.Ledger.AddFigure(SecurityGate.Name, SecurityFigures.ForgedTokens(probes));
        AssertOutcomes(probes.SelectMany(p => p.Outcomes));
    }

    [Test, Order(8), Severity("critical")]
    [Description("a body just under the limit is accepted, just over gets 413 JSON")]
    public async Task Body_size_limit_is_enforced()
    {
        if (Options().BodyLimit.Enabled is false)
        {
            _notRun.Add("body-size limit: securityBodyLimitBytes is 0");
            Assert.Ignore("NOT RUN: securityBodyLimitBytes (SIRIM_SECURITY_BODY_LIMIT_BYTES) is 0.");
        }
        var (gate, client) = await GateAsync();
        using var _ = client;
        var probes = await Allure.StepAsync($"POST {Options().BodyLimit.Path} under and over {Options().BodyLimit.LimitBytes} bytes", () => gate.ProbeBodyLimitAsync(CancellationToken.None));
        Record(probes);
        Suite.Ledger.AddFigure(SecurityGate.Name, new KeyFigure("body over the limit", probes.Last().Exchange.Status?.ToString() ?? "no response", "413", probes.Last().Exchange.Status == 413));
        AssertOutcomes(probes.SelectMany(p => p.Outcomes));
    }

    [Test, Order(9), Severity("critical")]
    [Description("a bounded burst above the limit gets 429 JSON with Retry-After, and the route recovers")]
    public async Task Rate_limit_refuses_a_burst_and_recovers()
    {
        var rate = Options().RateLimit;
        if (!rate.Enabled)
        {
            _notRun.Add("rate limit: securityRateLimitProbe is false (it locks the suite's address out for the window)");
            Assert.Ignore("NOT RUN: securityRateLimitProbe (SIRIM_SECURITY_RATE_LIMIT_PROBE) is false; set it to true where a short lock-out of this machine is acceptable.");
        }
        var (gate, client) = await GateAsync();
        using var _ = client;
        _rateRun = await Allure.StepAsync($"POST {rate.Path} up to {rate.MaxRequests} times, then wait Retry-After", () => gate.RunRateLimitAsync(CancellationToken.None));
        foreach (var e in _rateRun.Burst.Concat(_rateRun.AfterWait is null ? [] : [_rateRun.AfterWait]))
            Attach(e, $"{e.Subject} → {e.Status?.ToString() ?? "no response"}");
        _rateOutcomes = RateLimitChecks.Evaluate(_rateRun);
        Suite.Ledger.AddFigure(SecurityGate.Name, new KeyFigure("first 429", _rateRun.RefusedAt is { } n ? $"request {n}" : "none", $"by request {rate.Limit + 1}",
            _rateRun.RefusedAt is { } m && m <= rate.Limit + 1));
        AssertOutcomes(_rateOutcomes);
    }

    [OneTimeTearDown]
    public void WriteEvidence()
    {
        if (Suite.Loaded.Options is null || _options is null) return;
        var o = _options;
        var (issuer, audience) = Sirim.Verification.Security.Tokens.TokenForge.Expected(_auth?.Token, o.Tokens);
        var parameters = new List<(string, string)>
        {
            ("API", Suite.Options.ApiBaseUrl.ToString()), ("API over plain HTTP", o.ApiHttpUrl?.ToString() ?? "(not set)"),
            ("frontend", Suite.Options.FrontendBaseUrl?.ToString() ?? "(not set)"), ("real origins", string.Join(", ", o.RealOrigins)),
            ("GET routes of the contract", _routes is null ? "(not read)" : $"{_routes.Count} ({_routes.Count(r => r.RequiresAuth)} protected)"),
            ("HSTS minimum max-age", $"{o.HstsMinMaxAge} s"), ("Permissions-Policy must deny", string.Join(", ", o.PermissionsDenied)),
            ("CORS route / methods / headers", $"{o.CorsPath} / {string.Join(", ", o.CorsMethods)} / {string.Join(", ", o.CorsHeaders)}"),
            ("token issuer / audience", $"{issuer ?? "(unknown)"} / {audience ?? "(unknown)"}"),
            ("token signing secret", o.Tokens.SigningSecret is null ? "not set (expired/wrong-claim tokens signed with a random key)" : "set (environment)"),
            ("weak secrets tried", string.Join(", ", o.Tokens.WeakSecrets)),
            ("body limit", o.BodyLimit.Enabled ? $"{o.BodyLimit.LimitBytes} bytes on POST {o.BodyLimit.Path}" : "not probed"),
            ("rate limit", o.RateLimit.Enabled ? $"{o.RateLimit.Limit} on POST {o.RateLimit.Path}, burst ≤ {o.RateLimit.MaxRequests}" : "not probed (securityRateLimitProbe=false)"),
        };
        var doc = SecurityReport.Render(Suite.Options.Environment, o, parameters, _probes, _rateRun, _rateOutcomes, _notRun, Suite.Redactor);
        Suite.Ledger.AddEvidence(SecurityGate.Name, Suite.Run.WriteMarkdown(SecurityGate.EvidenceFile, doc));
    }
}
