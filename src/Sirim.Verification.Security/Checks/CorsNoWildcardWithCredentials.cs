using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>cors_no_wildcard_with_credentials</c>: never <c>Access-Control-Allow-Origin: *</c> together with
/// <c>Access-Control-Allow-Credentials: true</c> (forbidden by the Fetch standard; a server that sends it usually
/// "fixes" the browser's refusal by reflecting origins next).
/// </summary>
public sealed class CorsNoWildcardWithCredentials : ICheck<HttpExchange>
{
    public string Id => "cors_no_wildcard_with_credentials";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var acao = r.Header("Access-Control-Allow-Origin")?.Trim();
        var credentials = r.Header("Access-Control-Allow-Credentials")?.Trim();
        return acao == "*" && string.Equals(credentials, "true", StringComparison.OrdinalIgnoreCase)
            ? Verdict.Fail(this, exchange, "not both Access-Control-Allow-Origin: * and Access-Control-Allow-Credentials: true",
                "Access-Control-Allow-Origin: *, Access-Control-Allow-Credentials: true",
                "List the frontend origin explicitly; with credentials a wildcard is invalid.")
            : Verdict.Pass(this, exchange);
    }
}
