using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Observability.Checks;

/// <summary>
/// <c>request_id_present</c>: every answer carries the request-id header, errors included, so a caller can quote it
/// (seed 000 step 5: structured logging with request-id).
/// </summary>
public static class RequestIdPresent
{
    public const string Id = "request_id_present";

    public static CheckOutcome Evaluate(RequestIdExchange x, string header)
    {
        var subject = $"GET {x.Path}";
        if (x.Exchange.Response is not { } r)
            return CheckOutcome.Fail(ObservabilityGate.Name, Id, subject, Severity.Medium, $"an answer with {header}", $"no answer: {x.Exchange.TransportError}", null, x.Exchange);
        if (r.Header(header) is { Length: > 0 } value)
            return CheckOutcome.Pass(ObservabilityGate.Name, Id, subject, Severity.Medium, x.Exchange) with { Actual = $"{r.Status} with {header}: {value}" };
        return CheckOutcome.Fail(ObservabilityGate.Name, Id, subject, Severity.Medium, $"a non-empty {header} header", $"{r.Status} without {header}",
            "Without the id on every answer (errors included) a failure reported by a user cannot be found in the logs.", x.Exchange);
    }
}

/// <summary><c>request_id_echoed</c>: a request id the client sends comes back unchanged, so one id follows the request across services.</summary>
public static class RequestIdEchoed
{
    public const string Id = "request_id_echoed";

    public static CheckOutcome Evaluate(RequestIdExchange x, string header)
    {
        var subject = $"GET {x.Path}";
        if (x.Exchange.Response is not { } r)
            return CheckOutcome.Fail(ObservabilityGate.Name, Id, subject, Severity.Medium, $"{header}: {x.SentId}", $"no answer: {x.Exchange.TransportError}", null, x.Exchange);
        var got = r.Header(header);
        if (got == x.SentId)
            return CheckOutcome.Pass(ObservabilityGate.Name, Id, subject, Severity.Medium, x.Exchange) with { Actual = $"{header}: {got}" };
        return CheckOutcome.Fail(ObservabilityGate.Name, Id, subject, Severity.Medium, $"{header}: {x.SentId} (the id sent)",
            got is null ? $"{r.Status} without {header}" : $"{header}: {got}",
            "The API (or a proxy in front of it) replaces the caller's id: keep a well-formed incoming id and log it.", x.Exchange);
    }
}
