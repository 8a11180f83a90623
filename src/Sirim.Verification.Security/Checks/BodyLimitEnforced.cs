using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>body_limit_enforced</c>: a body just over the configured limit is refused with 413 (RFC 9110 §15.5.14) in the
/// standard JSON error shape, before the application reads it (OWASP: limit request size against resource exhaustion).
/// </summary>
public sealed class BodyLimitEnforced(long limitBytes) : ICheck<HttpExchange>
{
    public string Id => "body_limit_enforced";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        var size = exchange.Request.Body?.Length ?? 0;
        if (exchange.Response is not { } r)
            return Verdict.Fail(this, exchange, $"413 with a JSON error for {size} bytes (limit {limitBytes})", "no response: " + exchange.TransportError,
                "The connection was cut instead of answering 413: clients cannot tell why their request failed.");
        if (r.Status == 413 && r.IsJson) return Verdict.Pass(this, exchange);
        var actual = $"{r.Status} {r.Reason}, Content-Type {r.Header("Content-Type") ?? "(none)"}";
        return Verdict.Fail(this, exchange, $"413 with a JSON error for {size} bytes (limit {limitBytes})", actual,
            r.Status == 413
                ? "The limit works but answers in another shape: return application/problem+json like every other error."
                : r.Status < 400
                    ? "No body size limit: set the server/proxy limit (Kestrel MaxRequestBodySize, nginx client_max_body_size) and answer 413 JSON."
                    : "The oversized body was refused, but not with 413: either a size limit answers the wrong status, or there is no limit and only validation refused it (No body size limit?). Answer 413 JSON.")
            // Accepted oversized bodies are the risk; a 400 for a 413 still refuses it.
            .Seen(FindingScale.OfRefusal(r.Status) switch
            {
                FindingKind.Accepted => (FindingKind.Accepted, Severity.High),
                FindingKind.ServerError => (FindingKind.ServerError, Severity.High),
                _ => (FindingKind.WrongRefusal, r.Status == 413 ? Severity.Low : Severity.Medium),
            });
    }
}
