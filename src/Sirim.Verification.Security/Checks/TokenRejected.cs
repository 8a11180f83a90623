using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>token_&lt;trick&gt;_rejected</c>: a protected route answers 401 with a JSON error to a request whose bearer token
/// is missing, malformed, unsigned (<c>alg: none</c>), tampered, expired, for another audience or issuer, or signed with
/// a publicly known weak secret (RFC 8725, JWT Best Current Practices; OWASP JWT Cheat Sheet). One rule; the trick names
/// the id so a report says which forgery got through.
/// </summary>
public sealed class TokenRejected(string trick) : ICheck<HttpExchange>
{
    public string Id => $"token_{trick}_rejected";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        if (r.Status == 401 && r.IsJson) return Verdict.Pass(this, exchange);
        var actual = $"{r.Status} {r.Reason}, Content-Type {r.Header("Content-Type") ?? "(none)"}";
        var hint = r.Status is >= 200 and < 300
            ? "The route accepted a forged token: validate signature (fixed algorithm list, never 'none'), expiry, issuer and audience on every route."
            : r.Status == 401
                ? "Refused, but not with the JSON error shape: answer 401 application/problem+json."
                : "A bad token must be answered 401 (not 403, 404 or 5xx) so clients know to log in again.";
        return Verdict.Fail(this, exchange, "401 with a JSON error body", actual, hint).Seen(Seen(r.Status));
    }

    /// <summary>A forged token let through is critical; a 5xx is a server error; any other refusal is a wrong refusal.</summary>
    internal static (FindingKind, Severity) Seen(int status) => FindingScale.OfRefusal(status) switch
    {
        FindingKind.Accepted => (FindingKind.Accepted, Severity.Critical),
        FindingKind.ServerError => (FindingKind.ServerError, Severity.High),
        _ => (FindingKind.WrongRefusal, status == 401 ? Severity.Low : Severity.Medium),
    };

    /// <summary>Whether the token was refused at all (any 401 or 403), whatever the exact status and shape.</summary>
    public static bool Refused(HttpExchange exchange) => exchange.Status is 401 or 403;
}
