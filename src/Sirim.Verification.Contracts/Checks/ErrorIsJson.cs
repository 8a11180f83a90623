using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>error_is_json</c>: every error response (status ≥ 400) is a JSON document, never an HTML or text page; an HTML
/// error usually means a proxy, a default error page or a framework fallback answered instead of the API.
/// </summary>
public sealed class ErrorIsJson : ICheck<CaseExchange>
{
    public string Id => "error_is_json";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        if (response.Status < 400) return Contract.NotApplicable(this, context, exchange, "not an error response");
        var verdict = context.ErrorShape.Judge(response);
        if (verdict.IsJson) return Contract.Pass(this, context, exchange);
        return Contract.Fail(this, context, exchange, $"a JSON error body ({context.ErrorShape.MediaType})",
            $"{Contract.StatusLine(response)}, {verdict.Problem}",
            "The error is rendered as a page: route every error through the API's problem+json writer.");
    }
}
