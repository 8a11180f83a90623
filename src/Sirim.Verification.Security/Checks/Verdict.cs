using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>Shorthands every security check uses to build its outcome (gate name, subject from the exchange).</summary>
internal static class Verdict
{
    public static CheckOutcome Pass(ICheck<HttpExchange> check, HttpExchange exchange) =>
        CheckOutcome.Pass(SecurityGate.Name, check.Id, exchange.Subject, check.Severity, exchange);

    public static CheckOutcome Fail(ICheck<HttpExchange> check, HttpExchange exchange, string expected, string actual, string hint) =>
        CheckOutcome.Fail(SecurityGate.Name, check.Id, exchange.Subject, check.Severity, expected, actual, hint, exchange);

    public static CheckOutcome NotApplicable(ICheck<HttpExchange> check, HttpExchange exchange, string reason) =>
        CheckOutcome.NotApplicable(SecurityGate.Name, check.Id, exchange.Subject, reason);

    public static CheckOutcome NoResponse(ICheck<HttpExchange> check, HttpExchange exchange) =>
        NotApplicable(check, exchange, "no response: " + exchange.TransportError);

    public static string Show(string? headerValue) => headerValue is null ? "(absent)" : $"'{headerValue}'";

    public static bool IsHtml(ExchangeResponse response) => response.MediaType is "text/html" or "application/xhtml+xml";
}
