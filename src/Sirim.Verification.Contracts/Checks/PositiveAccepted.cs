using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>positive_accepted</c>: a request built from the contract (examples, defaults, enums, real ids) is accepted
/// with a 2xx. A 4xx means the contract does not describe what the API really accepts.
/// </summary>
public sealed class PositiveAccepted : ICheck<CaseExchange>
{
    public string Id => "positive_accepted";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        if (response.Status >= 500) return Contract.NotApplicable(this, context, exchange, "a 5xx is judged by not_a_server_error");
        if (response.Status is >= 200 and < 300) return Contract.Pass(this, context, exchange);
        var documented = context.Operation.DocumentedCodes(2).Select(c => c.ToString()).DefaultIfEmpty("2xx");
        return Contract.Fail(this, context, exchange, "a 2xx (" + string.Join(", ", documented) + ")", Contract.StatusLine(response),
            "A request that follows the contract was refused: the document's schemas, examples or enums do not match what the API accepts.");
    }
}
