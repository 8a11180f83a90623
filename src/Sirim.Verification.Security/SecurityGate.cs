using System.Security.Cryptography;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Checks;
using Sirim.Verification.Security.Tokens;

namespace Sirim.Verification.Security;

/// <summary>A GET route of the contract, with its path parameters filled, and whether it requires a bearer token.</summary>
public sealed record ContractRoute(string Template, string Path, bool RequiresAuth);

/// <summary>What a security probe is for: the test that judges it and the evidence section that shows it.</summary>
public enum SecurityProbeKind
{
    /// <summary>A GET route of the contract: hardening headers and CSP.</summary>
    Api,
    /// <summary>A page of the frontend: hardening headers and a CSP matching the real origins.</summary>
    Frontend,
    /// <summary>A request that must fail cleanly (unknown route, no token, malformed JSON, the frontend's not-found page).</summary>
    Error,
    /// <summary>Plain HTTP that must redirect to HTTPS.</summary>
    Https,
    /// <summary>A preflight from the frontend's origin, which must be allowed.</summary>
    CorsFrontend,
    /// <summary>A simple request or preflight from a foreign origin, which must get no Access-Control-Allow-Origin.</summary>
    CorsForeign,
    /// <summary>A forged token, which must be refused with 401 JSON.</summary>
    Token,
    /// <summary>The same route with the suite's real token (control, not judged).</summary>
    TokenControl,
    /// <summary>A body just under or just over the size limit.</summary>
    Body,
}

/// <summary>One request the gate sent, why (<see cref="Kind"/> and <see cref="Title"/>), and every verdict on it.</summary>
public sealed record SecurityProbe(SecurityProbeKind Kind, string Title, HttpExchange Exchange, IReadOnlyList<CheckOutcome> Outcomes)
{
    public bool IsCors => Kind is SecurityProbeKind.CorsFrontend or SecurityProbeKind.CorsForeign;
}

/// <summary>
/// The security gate's I/O: it sends the probes (every GET route of the contract, the frontend pages, error-provoking
/// requests, CORS probes, forged tokens, the body-size and rate-limit runs) and lets the pure checks judge each answer.
/// Every request goes through the <see cref="ExchangeClient"/> (timeouts, no redirects followed) and every loop is bounded.
/// </summary>
public sealed class SecurityGate(TargetOptions target, SecurityOptions options, ExchangeClient client)
{
    public const string Name = "security";
    public const string EvidenceFile = "security_hardening_report.md";
    public const string NotFoundPath = "/sirim-verification-not-found";

    public SecurityOptions Options => options;

    /// <summary>The header, CSP, cookie and leak checks applied to every probed response.</summary>
    public IReadOnlyList<ICheck<HttpExchange>> HeaderChecks() =>
    [
        new CspPresent(), new CspScriptSrcSafe(), new CspObjectSrcNone(), new CspBaseUri(), new CspFrameAncestors(),
        new CspConnectSrcAllowsApi(options.ApiOrigin), new CspOriginsReal(options.RealOrigins), new HstsPolicy(options.HstsMinMaxAge),
        new NoSniff(), new FrameOptions(), new ReferrerPolicySafe(), new PermissionsPolicyDenies(options.PermissionsDenied),
        new ServerNoVersion(), new NoXPoweredBy(), new CookieFlags(), new ErrorBodyNoLeak(),
    ];

    /// <summary>
    /// GET routes of an OpenAPI document (3.0 or 3.1, JSON or YAML, read by the contracts gate's reader); path parameters
    /// are filled with 1 (headers do not depend on the data). A route requires a token unless the document makes it
    /// public (<c>security: []</c>, or an empty alternative). In the document's order of paths; empty when the text
    /// is not a readable document.
    /// </summary>
    public static IReadOnlyList<ContractRoute> GetRoutes(string openApiText)
    {
        var (model, operations) = ContractLoader.Read(openApiText);
        var order = (model?.Paths.Keys.ToList() ?? []).Select((path, i) => (path, i)).ToDictionary(x => x.path, x => x.i);
        return operations.Where(o => o.Method == "GET").OrderBy(o => order.GetValueOrDefault(o.Path, int.MaxValue))
            .Select(o => new ContractRoute(o.Path, FillParameters(o.Path, "1"), o.Secured)).ToList();
    }

    public static string FillParameters(string template, string value) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}/]+\}", value);

    public async Task<IReadOnlyList<SecurityProbe>> ProbeApiRoutesAsync(IReadOnlyList<ContractRoute> routes, AuthResult auth, CancellationToken ct)
    {
        var probes = new List<SecurityProbe>();
        foreach (var route in routes)
        {
            HttpHeader[] headers = route.RequiresAuth && auth.Succeeded ? [auth.Header] : [];
            var exchange = await client.SendAsync(new ExchangeRequest("GET", target.Api(route.Path), headers), ct).ConfigureAwait(false);
            probes.Add(Judge(SecurityProbeKind.Api, $"GET {route.Path}", exchange, HeaderChecks()));
        }
        return probes;
    }

    public async Task<IReadOnlyList<SecurityProbe>> ProbeFrontendAsync(CancellationToken ct)
    {
        if (options.FrontendBaseUrl is not { } frontend) return [];
        var probes = new List<SecurityProbe>();
        foreach (var path in options.FrontendPaths.Append(NotFoundPath))
        {
            var exchange = await client.SendAsync(new ExchangeRequest("GET", TargetOptions.Combine(frontend, path),
                [new HttpHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")]), ct).ConfigureAwait(false);
            probes.Add(Judge(path == NotFoundPath ? SecurityProbeKind.Error : SecurityProbeKind.Frontend, $"frontend GET {path}", exchange, HeaderChecks()));
        }
        return probes;
    }

    /// <summary>Requests that must fail cleanly: unknown route, no token, malformed JSON, a quote in an id.</summary>
    public async Task<IReadOnlyList<SecurityProbe>> ProbeErrorsAsync(IReadOnlyList<ContractRoute> routes, AuthResult auth, CancellationToken ct)
    {
        var requests = new List<(string Title, ExchangeRequest Request)>
        {
            ("unknown route", new("GET", target.Api(options.UnknownRoutePath), auth.Succeeded ? [auth.Header] : [])),
            ("malformed JSON body", new("POST", target.Api(target.Auth.LoginPath), [], target.Auth.LoginBody.Truncated("probe@sirim.invalid"), "application/json")),
        };
        if (routes.FirstOrDefault(r => r.RequiresAuth) is { } secured)
            requests.Add(("no token", new("GET", target.Api(secured.Path), [])));
        if (routes.FirstOrDefault(r => r.Template.Contains('{')) is { } withId)
            requests.Add(("quote in a path parameter", new("GET", target.Api(FillParameters(withId.Template, "1'")), auth.Succeeded ? [auth.Header] : [])));
        var probes = new List<SecurityProbe>();
        foreach (var (title, request) in requests)
        {
            var exchange = await client.SendAsync(request, ct).ConfigureAwait(false);
            probes.Add(Judge(SecurityProbeKind.Error, $"{title}: {request.Method} {request.Url.PathAndQuery}", exchange, HeaderChecks()));
        }
        return probes;
    }

    /// <summary>Plain HTTP must redirect to HTTPS; null when no plain-HTTP URL is configured.</summary>
    public async Task<SecurityProbe?> ProbeHttpsRedirectAsync(CancellationToken ct)
    {
        if (options.ApiHttpUrl is not { } http) return null;
        var path = target.Health.Liveness;
        var exchange = await client.GetAsync(TargetOptions.Combine(http, path), ct).ConfigureAwait(false);
        return Judge(SecurityProbeKind.Https, $"plain HTTP GET {path}", exchange, [new HttpsRedirect(), new ServerNoVersion(), new NoXPoweredBy()]);
    }

    /// <summary>The origins the CORS probes send, each with the check that judges it.</summary>
    public IReadOnlyList<(string Label, string Origin, ICheck<HttpExchange> Check)> ForeignOrigins()
    {
        var allowed = options.RealOrigins;
        var list = new List<(string, string, ICheck<HttpExchange>)>
        {
            ("arbitrary origin", $"https://sirim-probe-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.example", CorsOriginRefused.Reflected(allowed)),
            ("null origin", "null", CorsOriginRefused.Null(allowed)),
        };
        if (options.FrontendBaseUrl is not { } f) return list;
        var foreign = CorsOriginRefused.Foreign(allowed);
        var port = f.IsDefaultPort ? "" : ":" + f.Port;
        list.Add(("frontend host as a suffix", $"{f.Scheme}://evil{f.Host}{port}", foreign));
        list.Add(("frontend host as a prefix", $"{f.Scheme}://{f.Host}.evil.example{port}", foreign));
        list.Add((f.Scheme == "https" ? "http instead of https" : "https instead of http", $"{(f.Scheme == "https" ? "http" : "https")}://{f.Host}{port}", foreign));
        list.Add(("same host, another port", $"{f.Scheme}://{f.Host}:{(f.Port == 65535 ? 1 : f.Port + 1)}", foreign));
        if (f.HostNameType == UriHostNameType.Dns && f.Host.Contains('.'))
        {
            var labels = f.Host.Split('.');
            var sibling = labels.Length > 2 ? "evil." + string.Join('.', labels.Skip(1)) : "evil." + f.Host;
            list.Add(("sibling subdomain", $"{f.Scheme}://{sibling}{port}", foreign));
        }
        return list;
    }

    /// <summary>
    /// The verdict on the frontend preflights when they do not apply: a frontend served from the API's own origin makes
    /// same-origin calls, for which the browser sends no preflight. Null when they apply (or no frontend is configured).
    /// </summary>
    public CheckOutcome? FrontendPreflightNotApplicable() => options.FrontendIsSameOrigin
        ? CheckOutcome.NotApplicable(Name, new CorsPreflightAllowed().Id, $"preflight from the frontend {options.FrontendOrigin}",
            $"not applicable: same origin (the frontend is served from the API's origin {options.ApiOrigin}; the browser sends its calls without a preflight)")
        : null;

    /// <summary>
    /// The CORS probes: the frontend's preflights (<see cref="ProbeCorsFromFrontendAsync"/>), then the foreign origins'
    /// (<see cref="ProbeCorsFromForeignOriginsAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<SecurityProbe>> ProbeCorsAsync(CancellationToken ct) =>
        [.. await ProbeCorsFromFrontendAsync(ct).ConfigureAwait(false), .. await ProbeCorsFromForeignOriginsAsync(ct).ConfigureAwait(false)];

    /// <summary>
    /// A preflight per method from the frontend's origin (<see cref="SecurityProbeKind.CorsFrontend"/>); none when no
    /// frontend is configured or it is same-origin (see <see cref="FrontendPreflightNotApplicable"/>).
    /// </summary>
    public async Task<IReadOnlyList<SecurityProbe>> ProbeCorsFromFrontendAsync(CancellationToken ct)
    {
        var probes = new List<SecurityProbe>();
        if (options.FrontendOrigin is not { } frontend || options.FrontendIsSameOrigin) return probes;
        var url = target.Api(options.CorsPath);
        foreach (var method in options.CorsMethods)
        {
            var exchange = await client.SendAsync(new ExchangeRequest("OPTIONS", url,
            [
                new("Origin", frontend), new("Access-Control-Request-Method", method), new("Access-Control-Request-Headers", CorsRequestHeaders),
            ]), ct).ConfigureAwait(false);
            probes.Add(Judge(SecurityProbeKind.CorsFrontend, $"preflight {method} from the frontend {frontend}", exchange, [new CorsPreflightAllowed(), new CorsNoWildcardWithCredentials()]));
        }
        return probes;
    }

    /// <summary>A simple request and a preflight from each foreign origin (<see cref="SecurityProbeKind.CorsForeign"/>).</summary>
    public async Task<IReadOnlyList<SecurityProbe>> ProbeCorsFromForeignOriginsAsync(CancellationToken ct)
    {
        var url = target.Api(options.CorsPath);
        var probes = new List<SecurityProbe>();
        var wildcard = new CorsNoWildcardWithCredentials();
        foreach (var (label, origin, check) in ForeignOrigins())
        {
            var simple = await client.SendAsync(new ExchangeRequest("GET", url, [new("Origin", origin)]), ct).ConfigureAwait(false);
            probes.Add(Judge(SecurityProbeKind.CorsForeign, $"GET from {label} {origin}", simple, [check, wildcard]));
            var preflight = await client.SendAsync(new ExchangeRequest("OPTIONS", url,
                [new("Origin", origin), new("Access-Control-Request-Method", "DELETE"), new("Access-Control-Request-Headers", CorsRequestHeaders)]), ct).ConfigureAwait(false);
            probes.Add(Judge(SecurityProbeKind.CorsForeign, $"preflight DELETE from {label} {origin}", preflight, [check, wildcard]));
        }
        return probes;
    }

    private string CorsRequestHeaders => string.Join(", ", options.CorsHeaders.Select(h => h.ToLowerInvariant()));

    /// <summary>Every forged token against every protected GET route, after one control request with the real token.</summary>
    public async Task<IReadOnlyList<SecurityProbe>> ProbeTokensAsync(IReadOnlyList<ContractRoute> routes, AuthResult auth, DateTimeOffset now, CancellationToken ct)
    {
        var forged = TokenForge.Forge(auth.Token, options.Tokens, now);
        var probes = new List<SecurityProbe>();
        foreach (var route in routes.Where(r => r.RequiresAuth))
        {
            var url = target.Api(route.Path);
            if (auth.Succeeded)
            {
                var control = await client.SendAsync(new ExchangeRequest("GET", url, [auth.Header]), ct).ConfigureAwait(false);
                probes.Add(new SecurityProbe(SecurityProbeKind.TokenControl, $"GET {route.Path} with the suite's real token (control)", control, []));
            }
            foreach (var token in forged)
            {
                HttpHeader[] headers = token.AuthorizationValue is null ? [] : [new("Authorization", token.AuthorizationValue)];
                var exchange = await client.SendAsync(new ExchangeRequest("GET", url, headers), ct).ConfigureAwait(false);
                probes.Add(Judge(SecurityProbeKind.Token, $"GET {route.Path} — {token.Trick}: {token.Description}", exchange, [new TokenRejected(token.Trick), new ErrorBodyNoLeak()]));
            }
        }
        return probes;
    }

    /// <summary>A JSON body 1 KiB under the limit (accepted) and 1 KiB over it (413 JSON); empty when the probe is off.</summary>
    public async Task<IReadOnlyList<SecurityProbe>> ProbeBodyLimitAsync(CancellationToken ct)
    {
        if (!options.BodyLimit.Enabled) return [];
        var limit = options.BodyLimit.LimitBytes;
        var url = target.Api(options.BodyLimit.Path);
        var probes = new List<SecurityProbe>();
        foreach (var (size, check) in new (long, ICheck<HttpExchange>)[]
                 {
                     (limit - BodyLimitProbeOptions.Margin, new BodyLimitAcceptsUnder(limit)),
                     (limit + BodyLimitProbeOptions.Margin, new BodyLimitEnforced(limit)),
                 })
        {
            // Expect: 100-continue (as curl sends for large bodies) lets the server refuse before the body is sent;
            // without it a server that answers 413 and closes can cut the upload before the client reads the answer.
            var exchange = await client.SendAsync(new ExchangeRequest("POST", url, [new HttpHeader("Expect", "100-continue")], PaddedJson(size), "application/json"), ct).ConfigureAwait(false);
            probes.Add(Judge(SecurityProbeKind.Body, $"POST {options.BodyLimit.Path} with {size} bytes (limit {limit})", exchange, [check, new ErrorBodyNoLeak()]));
        }
        return probes;
    }

    /// <summary>A JSON object of exactly <paramref name="bytes"/> ASCII bytes, without the fields any route needs.</summary>
    public static string PaddedJson(long bytes)
    {
        const string prefix = "{\"sirimVerificationPadding\":\"";
        const string suffix = "\"}";
        return prefix + new string('a', (int)Math.Max(0, bytes - prefix.Length - suffix.Length)) + suffix;
    }

    /// <summary>
    /// The rate-limit run: at most limit + 5 requests, stopping at the first 429; then, when Retry-After is valid and not
    /// longer than the configured maximum, waits that long and sends one more request.
    /// </summary>
    public async Task<RateLimitRun> RunRateLimitAsync(CancellationToken ct)
    {
        var rate = options.RateLimit;
        var url = target.Api(rate.Path);
        var burst = new List<HttpExchange>();
        for (var i = 0; i < rate.MaxRequests; i++)
        {
            var exchange = await client.SendAsync(new ExchangeRequest("POST", url, [], rate.Body, "application/json"), ct).ConfigureAwait(false);
            burst.Add(exchange);
            if (exchange.Status == 429) break;
        }
        var refusal = burst.FirstOrDefault(e => e.Status == 429);
        if (refusal is null) return new RateLimitRun(rate.Path, rate.Limit, rate.MaxRequests, burst, null, null, "no 429 to recover from");
        var retryAfter = RateLimitChecks.ParseRetryAfter(refusal.Response!.Header("Retry-After"), refusal.Response.Header("Date"));
        if (retryAfter is null) return new RateLimitRun(rate.Path, rate.Limit, rate.MaxRequests, burst, null, null, "no valid Retry-After to wait for");
        if (retryAfter > rate.MaxWait)
            return new RateLimitRun(rate.Path, rate.Limit, rate.MaxRequests, burst, null, null,
                $"Retry-After {retryAfter.Value.TotalSeconds:0} s is longer than securityRateLimitMaxWaitSeconds ({rate.MaxWait.TotalSeconds:0} s)");
        // Waiting is the behaviour under test (Retry-After promises recovery); a small margin absorbs clock rounding.
        var wait = retryAfter.Value + TimeSpan.FromMilliseconds(500);
        await Task.Delay(wait, ct).ConfigureAwait(false);
        var after = await client.SendAsync(new ExchangeRequest("POST", url, [], rate.Body, "application/json"), ct).ConfigureAwait(false);
        return new RateLimitRun(rate.Path, rate.Limit, rate.MaxRequests, burst, wait, after);
    }

    private static SecurityProbe Judge(SecurityProbeKind kind, string title, HttpExchange exchange, IReadOnlyList<ICheck<HttpExchange>> checks) =>
        new(kind, title, exchange, checks.Select(c => c.Evaluate(exchange)).ToList());
}
