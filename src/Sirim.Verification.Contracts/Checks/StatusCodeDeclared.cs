using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>status_code_declared</c>: the status of an answer to a valid request is one the contract documents for the
/// operation (exact code, its "NXX" range, or "default"). Clients only handle what the contract promises
/// (OpenAPI 3.x Responses Object; Schemathesis "status_code_conformance").
/// </summary>
public sealed class StatusCodeDeclared : ICheck<CaseExchange>
{
    public string Id => "status_code_declared";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        if (response.Status >= 500) return Contract.NotApplicable(this, context, exchange, "a 5xx is judged by not_a_server_error");
        if (context.Operation.ResponseFor(response.Status) is not null) return Contract.Pass(this, context, exchange);
        // A 5xx is not_a_server_error's; what remains is a reasonable answer the document does not declare.
        return Contract.Fail(this, context, exchange, "one of " + string.Join(", ", context.Operation.DocumentedStatuses),
            Contract.StatusLine(response),
            "The API answers a status its contract does not document: document it in openapi.json or fix the handler.")
            .Seen(FindingKind.ContractGap, Severity.Low);
    }
}
