using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>csp_base_uri</c>: base-uri is set to <c>'none'</c> or <c>'self'</c>. It does not fall back to default-src, so
/// without it an injected &lt;base&gt; tag re-points every relative script URL (Google CSP Evaluator).
/// </summary>
public sealed class CspBaseUri : ICheck<HttpExchange>
{
    public string Id => "csp_base_uri";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var policies = ContentSecurityPolicy.Enforced(r);
        if (policies.Count == 0) return Verdict.NotApplicable(this, exchange, "no enforced CSP (see csp_present)");
        if (policies.Any(p => p.Directives.TryGetValue("base-uri", out var s) && s.Count == 1 &&
                              s[0].ToLowerInvariant() is "'none'" or "'self'"))
            return Verdict.Pass(this, exchange);
        var actual = string.Join("; ", policies.Select(p => p.Directives.TryGetValue("base-uri", out var s) ? "base-uri " + string.Join(' ', s) : "no base-uri"));
        return Verdict.Fail(this, exchange, "base-uri 'none' or 'self'", actual,
            "Add base-uri 'self' (or 'none'): base-uri does not inherit from default-src.");
    }
}
