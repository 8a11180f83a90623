using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Smoke.Checks;

/// <summary>
/// <c>health_status_200</c>: a health endpoint answers 200. Orchestrators (Kubernetes probes, load balancers) treat any
/// other status as unhealthy, so a deploy whose probe does not answer 200 is not serving.
/// </summary>
public sealed class HealthStatusOk : ICheck<HttpExchange>
{
    public string Id => "health_status_200";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is null)
            return CheckOutcome.Fail(SmokeGate.Name, Id, exchange.Subject, Severity, "200", "no response: " + exchange.TransportError,
                "The target is not reachable at this URL: check the URL, DNS, firewall, and that the service is up.", exchange);
        return exchange.Response.Status == 200
            ? CheckOutcome.Pass(SmokeGate.Name, Id, exchange.Subject, Severity, exchange)
            : CheckOutcome.Fail(SmokeGate.Name, Id, exchange.Subject, Severity, "200", $"{exchange.Response.Status} {exchange.Response.Reason}",
                "A probe that is not 200 takes the instance out of rotation.", exchange);
    }
}
