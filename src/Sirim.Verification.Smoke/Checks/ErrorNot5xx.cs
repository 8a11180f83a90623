using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Smoke.Checks;

/// <summary>
/// <c>error_not_5xx</c>: bad input is the client's fault and gets a 4xx JSON error; a 5xx means the server did not
/// validate its input (OWASP ASVS V5: input validation) and an unhandled exception reached the client.
/// </summary>
public sealed class ErrorNot5xx : ICheck<HttpExchange>
{
    public string Id => "error_not_5xx";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } response)
            return CheckOutcome.NotApplicable(SmokeGate.Name, Id, exchange.Subject, "no response");
        if (response.Status is >= 400 and < 500 && response.IsJson)
            return CheckOutcome.Pass(SmokeGate.Name, Id, exchange.Subject, Severity, exchange);
        var hint = response.Status >= 500
            ? "Invalid input reached code that threw: validate the parameter and answer 400 problem+json."
            : "Invalid input must be refused with a 4xx JSON error.";
        return CheckOutcome.Fail(SmokeGate.Name, Id, exchange.Subject, Severity, "a 4xx JSON error",
            $"{response.Status} {response.Reason}, Content-Type {response.Header("Content-Type") ?? "(none)"}", hint, exchange);
    }
}
