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

    public static RefusalKind Classify(HttpExchange exchange) => exchange.Status switch
    {
        null => RefusalKind.NoAnswer,
        >= 200 and < 300 => RefusalKind.Accepted,
        { } s when RefusedStatuses.Contains(s) => RefusalKind.Refused,
        _ => RefusalKind.RefusedOtherStatus,
    };

    public static string Answer(HttpExchange exchange) => exchange.Response is { } r
        ? $"{r.Status} {r.Reason}".TrimEnd()
        : $"no response ({exchange.TransportError})";
}
