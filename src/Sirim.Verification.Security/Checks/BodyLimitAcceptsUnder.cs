using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>body_limit_accepts_under</c>: a body just under the configured limit is not refused for its size (no 413) and
/// does not break the server (no 5xx); the route may still refuse its content with another 4xx.
/// </summary>
public sealed class BodyLimitAcceptsUnder(long limitBytes) : ICheck<HttpExchange>
{
    public string Id => "body_limit_accepts_under";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r)
            return Verdict.Fail(this, exchange, $"an answer to a {exchange.Request.Body?.Length ?? 0}-byte body", "no response: " + exchange.TransportError,
                "The server dropped the connection on a body under its limit.");
        return r.Status != 413 && r.Status < 500
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, $"not 413 and not 5xx for {exchange.Request.Body?.Length ?? 0} bytes (limit {limitBytes})",
                $"{r.Status} {r.Reason}",
                r.Status == 413 ? "The limit is smaller than configured: legitimate requests near the limit are refused." : "A large but allowed body makes the server fail.");
    }
}
