using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary><c>no_x_powered_by</c>: no X-Powered-By header (OWASP ZAP passive rule 10037): it advertises the framework and often its version.</summary>
public sealed class NoXPoweredBy : ICheck<HttpExchange>
{
    public string Id => "no_x_powered_by";
    public Severity Severity => Severity.Low;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var values = r.HeaderValues("X-Powered-By").ToList();
        return values.Count == 0
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, "no X-Powered-By header", "X-Powered-By: " + string.Join(", ", values),
                "Remove X-Powered-By at the application or the proxy (proxy_hide_header X-Powered-By).");
    }
}
