using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Authz.Checks;

/// <summary>
/// authz_foreign_list_refused: the list of an empresa the second identity is not mapped to is refused (401, 403, 404)
/// or empty — never that empresa's data (OWASP API1 broken object level authorization: the empresaId filter is an
/// object reference the server must check, not trust).
/// </summary>
public sealed class ForeignListRefused(string idPointer)
{
    public string Id => AuthzChecks.ForeignList;

    public CheckOutcome Evaluate(AuthzProbe probe, DeclaredStatuses? declared = null)
    {
        var subject = $"{probe.Operation} as {probe.Identity} on {probe.Target}";
        if (probe.Exchange is not { } exchange)
            return CheckOutcome.NotApplicable(AuthzChecks.Gate, Id, subject, "not sent: " + probe.SkipReason);
        var answer = Refusal.Answer(exchange);
        const string expected = "refused (401, 403, 404) or an empty list";
        switch (Refusal.Classify(exchange))
        {
            case RefusalKind.Refused:
                return Refusal.Undeclared(Id, subject, probe, exchange, declared)
                       ?? CheckOutcome.Pass(AuthzChecks.Gate, Id, subject, Severity.Critical, exchange) with { Actual = answer };
            case RefusalKind.Accepted:
                var items = JsonValues.Items(JsonValues.Parse(exchange.Response!.Body));
                if (items is { Count: 0 })
                    return CheckOutcome.Pass(AuthzChecks.Gate, Id, subject, Severity.Critical, exchange) with { Actual = answer + ", empty list" };
                return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.Critical, expected,
                    items is null ? $"{answer} with a body that holds no list: accepted, content unknown" : $"{answer} with {items.Count} item(s) of the foreign empresa{Own(items, probe.ResourceId)}",
                    "the list trusts the empresa filter of the query: check that the caller is mapped to that empresa before listing (OWASP API1)", exchange);
            case RefusalKind.NoAnswer:
                return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, expected, answer, "the target did not answer; whether it refuses is unknown", exchange);
            default:
                return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, exchange.Status >= 500 ? Severity.High : Severity.Medium, expected,
                    $"{answer}: not accepted, but not refused with a status the client can rely on",
                    "refuse with 403 (or 404 to hide the empresa) before reading", exchange).Seen(Refusal.SeenKind(exchange));
        }
    }

    /// <summary>Whether the list holds the resource this run created in the foreign empresa (the proof it is not a coincidence).</summary>
    private string Own(System.Text.Json.Nodes.JsonArray items, string? resourceId) =>
        resourceId is not null && items.Any(i => JsonValues.At(i, idPointer) == resourceId) ? $", including this run's resource {resourceId}" : "";
}
