using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>negative_rejected</c>: a request the contract forbids (missing required parameter, wrong type, value out of
/// enum/range/length, malformed JSON) is refused with a 4xx, and with a status the contract documents when it
/// documents client errors for the operation.
/// </summary>
public sealed class NegativeRejected : ICheck<CaseExchange>
{
    public string Id => "negative_rejected";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        if (response.Status >= 500) return Contract.NotApplicable(this, context, exchange, "a 5xx is judged by not_a_server_error");
        var documented = context.Operation.DocumentedCodes(4).ToList();
        if (context.ValueInPath && !documented.Contains(404) && documented.Count > 0) documented.Add(404); // the route itself does not match
        if (context.Kind == CaseKind.MalformedJson && documented.Count > 0 && !documented.Contains(400)) documented.Add(400);
        var expected = documented.Count == 0 ? "a 4xx" : "one of " + string.Join(", ", documented.Order());
        if (response.Status is >= 400 and < 500 && (documented.Count == 0 || documented.Contains(response.Status)))
            return Contract.Pass(this, context, exchange);
        var failed = Contract.Fail(this, context, exchange, expected, Contract.StatusLine(response),
            response.Status < 400
                ? "Input the contract forbids was accepted: validate it before acting on it."
                : "The input was refused, with a status the contract does not document for this operation: document it.");
        // Accepted input is the risk; a refusal with an undocumented 4xx is a gap in the document, not in the API.
        return response.Status < 400 ? failed.Seen(FindingKind.Accepted, Severity.High) : failed.Seen(FindingKind.ContractGap, Severity.Low);
    }
}
