using System.Text.Json;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Smoke.Checks;

/// <summary>
/// <c>health_json</c>: a health endpoint answers a JSON document (application/json or +json) that parses. A page in
/// HTML usually means a proxy, a default site or an error page is answering instead of the API.
/// </summary>
public sealed class HealthJson : ICheck<HttpExchange>
{
    public string Id => "health_json";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } response)
            return CheckOutcome.NotApplicable(SmokeGate.Name, Id, exchange.Subject, "no response");
        if (!response.IsJson)
            return CheckOutcome.Fail(SmokeGate.Name, Id, exchange.Subject, Severity,
                "Content-Type application/json (or any +json type, e.g. application/health+json)", $"Content-Type {response.Header("Content-Type") ?? "(none)"}",
                "Something other than the API answered (a proxy page, a default site) or the endpoint renders HTML.", exchange);
        try
        {
            using var _ = JsonDocument.Parse(response.Body);
            return CheckOutcome.Pass(SmokeGate.Name, Id, exchange.Subject, Severity, exchange);
        }
        catch (JsonException ex)
        {
            return CheckOutcome.Fail(SmokeGate.Name, Id, exchange.Subject, Severity, "a JSON body", "body does not parse: " + ex.Message,
                "The Content-Type says JSON but the body is not.", exchange);
        }
    }
}
