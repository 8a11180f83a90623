using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>csp_script_src_safe</c>: scripts are restricted (Google CSP Evaluator's script-src rules): the effective
/// script-src (else default-src) has no <c>'unsafe-eval'</c>, no <c>'unsafe-inline'</c> unless a nonce or hash
/// neutralises it, and no <c>*</c>, <c>http:</c>, <c>https:</c> or <c>data:</c> source.
/// </summary>
public sealed class CspScriptSrcSafe : ICheck<HttpExchange>
{
    private static readonly string[] UnsafeSchemes = ["http:", "https:", "data:", "blob:", "filesystem:"];

    public string Id => "csp_script_src_safe";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var policies = ContentSecurityPolicy.Enforced(r);
        if (policies.Count == 0) return Verdict.NotApplicable(this, exchange, "no enforced CSP (see csp_present)");
        // Policies are enforced together: one safe policy restricts scripts whatever the others allow.
        var findings = new List<string>();
        foreach (var policy in policies)
        {
            var sources = policy.Effective("script-src");
            if (sources is null) { findings.Add("no script-src and no default-src: scripts from anywhere"); continue; }
            var bad = Problems(sources).ToList();
            if (bad.Count == 0) return Verdict.Pass(this, exchange);
            findings.Add($"script-src {string.Join(' ', sources)}: {string.Join(", ", bad)}");
        }
        return Verdict.Fail(this, exchange, "script-src without 'unsafe-inline', 'unsafe-eval', *, http:, https: or data:",
            string.Join("; ", findings),
            "Inline and eval'd scripts are what XSS injects: move inline code to files (or use nonces/hashes) and list only the real origins.");
    }

    private static IEnumerable<string> Problems(IReadOnlyList<string> sources)
    {
        var lower = sources.Select(s => s.ToLowerInvariant()).ToList();
        var neutralised = lower.Any(ContentSecurityPolicy.IsNonceOrHash);
        if (lower.Contains("'unsafe-inline'") && !neutralised) yield return "'unsafe-inline' allows injected inline scripts";
        if (lower.Contains("'unsafe-eval'")) yield return "'unsafe-eval' allows eval()";
        if (lower.Contains("*")) yield return "'*' allows scripts from any host";
        foreach (var scheme in UnsafeSchemes.Where(lower.Contains)) yield return $"'{scheme}' allows scripts from any {scheme} URL";
    }
}
