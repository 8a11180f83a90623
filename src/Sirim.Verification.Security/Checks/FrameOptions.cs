using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>frame_options</c>: framing is controlled (clickjacking, OWASP): <c>X-Frame-Options</c> DENY or SAMEORIGIN, or an
/// enforced CSP frame-ancestors directive (which supersedes it in current browsers).
/// </summary>
public sealed class FrameOptions : ICheck<HttpExchange>
{
    public string Id => "frame_options";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var xfo = r.Header("X-Frame-Options")?.Trim();
        if (xfo is not null && (xfo.Equals("DENY", StringComparison.OrdinalIgnoreCase) || xfo.Equals("SAMEORIGIN", StringComparison.OrdinalIgnoreCase)))
            return Verdict.Pass(this, exchange);
        if (ContentSecurityPolicy.Enforced(r).Any(p => p.Has("frame-ancestors")))
            return Verdict.Pass(this, exchange);
        return Verdict.Fail(this, exchange, "X-Frame-Options: DENY (or SAMEORIGIN), or CSP frame-ancestors",
            "X-Frame-Options " + Verdict.Show(xfo) + " and no CSP frame-ancestors",
            "Any site can frame this response (clickjacking): send X-Frame-Options: DENY and frame-ancestors 'none'.");
    }
}
