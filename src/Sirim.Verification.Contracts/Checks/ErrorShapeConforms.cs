using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>error_shape_conforms</c>: every JSON error response has the one standard error shape (default RFC 9457
/// problem details: application/problem+json with type, title, status), so clients parse every error one way.
/// </summary>
public sealed class ErrorShapeConforms : ICheck<CaseExchange>
{
    public string Id => "error_shape_conforms";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        if (response.Status < 400) return Contract.NotApplicable(this, context, exchange, "not an error response");
        var verdict = context.ErrorShape.Judge(response);
        if (!verdict.IsJson) return Contract.NotApplicable(this, context, exchange, "not JSON (judged by error_is_json)");
        if (verdict.ShapeValid) return Contract.Pass(this, context, exchange);
        return Contract.Fail(this, context, exchange, context.ErrorShape.Description, verdict.Problem!,
            "This error has another JSON shape than the standard one: render it through the shared problem details writer.");
    }
}
