using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>csp_connect_src_api</c>: on the frontend's HTML pages the effective connect-src (else default-src) lets the page
/// call the API origin; otherwise the browser blocks every fetch and the application breaks after the deploy.
/// </summary>
public sealed class CspConnectSrcAllowsApi(string apiOrigin) : ICheck<HttpExchange>
{
    public string Id => "csp_connect_src_api";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        if (!Verdict.IsHtml(r)) return Verdict.NotApplicable(this, exchange, "not an HTML page");
        var policies = ContentSecurityPolicy.Enforced(r);
        if (policies.Count == 0) return Verdict.NotApplicable(this, exchange, "no enforced CSP (see csp_present)");
        var pageOrigin = SecurityOptions.Origin(exchange.Request.Url);
        var blocking = policies.Where(p => p.Effective("connect-src") is { } s && !Allows(s, pageOrigin)).ToList();
        if (blocking.Count == 0) return Verdict.Pass(this, exchange);
        return Verdict.Fail(this, exchange, $"connect-src allows the API origin {apiOrigin}",
            string.Join("; ", blocking.Select(p => (p.Has("connect-src") ? "connect-src " : "default-src ") + string.Join(' ', p.Effective("connect-src")!))),
            "Add the API origin to connect-src, or the browser refuses every API call of the page.");
    }

    private bool Allows(IReadOnlyList<string> sources, string pageOrigin)
    {
        foreach (var raw in sources)
        {
            var s = raw.ToLowerInvariant().TrimEnd('/');
            if (s == "*" || s == apiOrigin) return true;
            if (s == "'self'" && pageOrigin == apiOrigin) return true;
            if (ContentSecurityPolicy.IsSchemeSource(s) && apiOrigin.StartsWith(s, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
