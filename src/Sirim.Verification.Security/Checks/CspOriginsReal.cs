using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>csp_origins_real</c>: "restrictive, matching the real origins": every network source any directive allows is
/// one of the deployment's configured origins (API, frontend, listed extras). <c>*</c>, wildcard hosts and bare
/// network schemes (<c>https:</c>) allow every origin and fail; <c>data:</c> and <c>blob:</c> are not origins.
/// </summary>
public sealed class CspOriginsReal(IReadOnlyList<string> realOrigins) : ICheck<HttpExchange>
{
    private static readonly HashSet<string> LocalSchemes = ["data:", "blob:", "mediastream:", "filesystem:"];

    public string Id => "csp_origins_real";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var policies = ContentSecurityPolicy.Enforced(r);
        if (policies.Count == 0) return Verdict.NotApplicable(this, exchange, "no enforced CSP (see csp_present)");
        var foreign = new List<string>();
        foreach (var policy in policies)
        foreach (var (directive, sources) in policy.Directives)
        foreach (var source in sources)
            if (!IsAllowed(source)) foreign.Add($"{directive} {source}");
        if (foreign.Count == 0) return Verdict.Pass(this, exchange);
        return Verdict.Fail(this, exchange, "only the real origins: " + string.Join(", ", realOrigins),
            "allows " + string.Join(", ", foreign.Distinct()),
            "List the exact origins the page needs; a wildcard or bare scheme lets any site serve content the page trusts.");
    }

    private bool IsAllowed(string raw)
    {
        var s = raw.ToLowerInvariant();
        if (ContentSecurityPolicy.IsKeyword(s)) return true;
        if (ContentSecurityPolicy.IsSchemeSource(s)) return LocalSchemes.Contains(s);
        if (s.Contains('*')) return false;
        // A host source may omit the scheme and carry a path: compare its origin part.
        var candidate = s.Contains("://", StringComparison.Ordinal) ? s : null;
        if (candidate is not null && Uri.TryCreate(candidate, UriKind.Absolute, out var uri))
            return realOrigins.Contains(SecurityOptions.Origin(uri));
        return realOrigins.Any(o => o.EndsWith("://" + s.TrimEnd('/'), StringComparison.Ordinal));
    }
}
