using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary><c>response_headers_present</c>: every header the contract marks required for the status is present (OpenAPI Header Object "required").</summary>
public sealed class ResponseHeadersPresent : ICheck<CaseExchange>
{
    public string Id => "response_headers_present";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        var required = context.Operation.ResponseFor(response.Status)?.RequiredHeaders ?? [];
        if (required.Count == 0) return Contract.NotApplicable(this, context, exchange, "no required header documented");
        var missing = required.Where(h => response.Header(h) is null).ToList();
        if (missing.Count == 0) return Contract.Pass(this, context, exchange);
        return Contract.Fail(this, context, exchange, "headers " + string.Join(", ", required), "missing " + string.Join(", ", missing),
            "A header the contract promises is not sent.");
    }
}
