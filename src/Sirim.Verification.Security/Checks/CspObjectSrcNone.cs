using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>csp_object_src_none</c>: plugins are off: the effective object-src (else default-src) is exactly
/// <c>'none'</c> (Google CSP Evaluator: plugin content can run script and bypasses script-src).
/// </summary>
public sealed class CspObjectSrcNone : ICheck<HttpExchange>
{
    public string Id => "csp_object_src_none";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var policies = ContentSecurityPolicy.Enforced(r);
        if (policies.Count == 0) return Verdict.NotApplicable(this, exchange, "no enforced CSP (see csp_present)");
        if (policies.Any(p => p.Effective("object-src") is { Count: 1 } s && s[0].Equals("'none'", StringComparison.OrdinalIgnoreCase)))
            return Verdict.Pass(this, exchange);
        var actual = string.Join("; ", policies.Select(p => p.Effective("object-src") is { } s
            ? (p.Has("object-src") ? "object-src " : "default-src ") + string.Join(' ', s)
            : "no object-src and no default-src"));
        return Verdict.Fail(this, exchange, "object-src 'none' (or default-src 'none')", actual,
            "Add object-src 'none': nothing in SIRIM needs <object> or <embed>.");
    }
}
