using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>csp_present</c>: the response carries an enforced, parseable Content-Security-Policy (W3C CSP3; Mozilla HTTP
/// Observatory's first test). <c>Content-Security-Policy-Report-Only</c> alone only reports: it does not protect.
/// </summary>
public sealed class CspPresent : ICheck<HttpExchange>
{
    public string Id => "csp_present";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var policies = ContentSecurityPolicy.Enforced(r);
        if (policies.Count == 0)
        {
            var reportOnly = r.Header("Content-Security-Policy-Report-Only");
            return Verdict.Fail(this, exchange, "an enforced Content-Security-Policy header",
                reportOnly is null ? "Content-Security-Policy absent" : $"only Content-Security-Policy-Report-Only: '{reportOnly}'",
                reportOnly is null
                    ? "Send Content-Security-Policy on every response (the API: default-src 'none'; frame-ancestors 'none')."
                    : "Report-Only is for trying a policy out; once it reports nothing, send it as Content-Security-Policy.");
        }
        var problems = policies.SelectMany(p => p.Problems).ToList();
        return problems.Count == 0
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, "a policy every browser parses the same way",
                $"Content-Security-Policy '{string.Join(", ", policies.Select(p => p.Raw))}': {string.Join("; ", problems)}",
                "Browsers skip the broken parts, so the policy is weaker than it reads; fix the syntax (directives separated by ';').");
    }
}
