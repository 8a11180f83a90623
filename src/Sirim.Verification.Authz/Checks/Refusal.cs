using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Checks;

/// <summary>How the target answered a request it must refuse.</summary>
public enum RefusalKind { Refused, RefusedOtherStatus, Accepted, NoAnswer }

/// <summary>
/// Classifies an answer to a forbidden request: 401, 403 or 404 is a refusal (404 hides whether the resource exists,
/// OWASP API1); any other 3xx-5xx refuses with a status the client cannot rely on (a lesser finding); 2xx means the
/// request was accepted (critical).
/// </summary>
public static class Refusal
{
    public static readonly IReadOnlyList<int> RefusedStatuses = [401, 403, 404];

    public static string Expected => "refused: " + string.Join(", ", RefusedStatuses);

    /// <summary>The finding kind of a refusal with a status the client cannot rely on: a 5xx is a server error, the rest a wrong refusal.</summary>
    public static (FindingKind, Severity) SeenKind(HttpExchange exchange) =>
        exchange.Status >= 500 ? (FindingKind.ServerError, Severity.High) : (FindingKind.WrongRefusal, Severity.Medium);

    public static RefusalKind Classify(HttpExchange exchange) => exchange.Status switch
    {
        null => RefusalKind.NoAnswer,
        >= 200 and < 300 => RefusalKind.Accepted,
        { } s when RefusedStatuses.Contains(s) => RefusalKind.Refused,
        _ => RefusalKind.RefusedOtherStatus,
    };

    /// <summary>
    /// A refusal whose status the contract does not declare for the operation: refused, so not critical, but a client
    /// (and the contracts gate) cannot rely on it. Null when the status is declared or the contract is not known.
    /// </summary>
    public static CheckOutcome? Undeclared(string checkId, string subject, AuthzProbe probe, HttpExchange exchange, DeclaredStatuses? declared)
    {
        var key = DeclaredStatuses.KeyOf(probe.Operation);
        if (declared?.Declares(key, exchange.Status!.Value) is not false) return null;
        return CheckOutcome.Fail(AuthzChecks.Gate, checkId, subject, Severity.Medium,
            $"refused with a status the contract declares for {key} ({declared.Describe(key)})",
            $"{Answer(exchange)}: refused, but the contract does not declare {exchange.Status} for {key}",
            "declare the refusal in the contract, or refuse with the status it declares (clients rely on it)", exchange)
            .Seen(FindingKind.ContractGap, Severity.Medium);
    }

    public static string Answer(HttpExchange exchange) => exchange.Response is { } r
        ? $"{r.Status} {r.Reason}".TrimEnd()
        : $"no response ({exchange.TransportError})";
}
