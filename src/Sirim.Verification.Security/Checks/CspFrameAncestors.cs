using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>csp_frame_ancestors</c>: the CSP says who may frame the page (frame-ancestors, the CSP successor of
/// X-Frame-Options; it does not fall back to default-src): <c>'none'</c>, <c>'self'</c> or explicit origins, never
/// <c>*</c> or a bare scheme.
/// </summary>
public sealed class CspFrameAncestors : ICheck<HttpExchange>
{
    public string Id => "csp_frame_ancestors";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var policies = ContentSecurityPolicy.Enforced(r);
        if (policies.Count == 0) return Verdict.NotApplicable(this, exchange, "no enforced CSP (see csp_present)");
        foreach (var p in policies)
            if (p.Directives.TryGetValue("frame-ancestors", out var s) && s.Count > 0 &&
                !s.Any(x => x == "*" || ContentSecurityPolicy.IsSchemeSource(x) || x.Contains('*')))
                return Verdict.Pass(this, exchange);
        var actual = string.Join("; ", policies.Select(p => p.Directives.TryGetValue("frame-ancestors", out var s)
            ? "frame-ancestors " + string.Join(' ', s) : "no frame-ancestors"));
        return Verdict.Fail(this, exchange, "frame-ancestors 'none', 'self' or explicit origins", actual,
            "Add frame-ancestors 'none' so no other site can frame SIRIM (clickjacking).");
    }
}
