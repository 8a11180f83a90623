using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>not_a_server_error</c>: no request the suite sends, valid or not, may end in a 5xx. A 5xx on bad input means
/// an unhandled exception instead of input validation (OWASP ASVS V5; Schemathesis "not_a_server_error").
/// </summary>
public sealed class NotAServerError : ICheck<CaseExchange>
{
    public string Id => "not_a_server_error";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response)
            return Contract.Fail(this, context, exchange, "an HTTP answer", "no response: " + exchange.TransportError,
                "The request never got an answer: the server dropped the connection or did not answer within the timeout.");
        if (response.Status < 500) return Contract.Pass(this, context, exchange);
        return Contract.Fail(this, context, exchange, context.Kind.IsNegative() ? "a 4xx refusal" : "a documented 2xx answer",
            Contract.StatusLine(response),
            context.Kind.IsNegative()
                ? "Invalid input reached code that threw: validate it and answer 400 (problem+json)."
                : "A valid request failed on the server: look up the requestId in the API's logs.");
    }
}
