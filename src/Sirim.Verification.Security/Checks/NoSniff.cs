using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary><c>nosniff</c>: <c>X-Content-Type-Options: nosniff</c> (OWASP Secure Headers; Fetch standard), so a JSON or text response is never run as script or style.</summary>
public sealed class NoSniff : ICheck<HttpExchange>
{
    public string Id => "nosniff";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var value = r.Header("X-Content-Type-Options");
        return string.Equals(value?.Trim(), "nosniff", StringComparison.OrdinalIgnoreCase)
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, "X-Content-Type-Options: nosniff", "X-Content-Type-Options " + Verdict.Show(value),
                "Send X-Content-Type-Options: nosniff on every response (API and frontend).");
    }
}
