using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Authz.Checks;

/// <summary>
/// authz_foreign_read_refused, authz_foreign_write_refused, authz_readonly_write_refused: a request of the second
/// identity that it has no right to make is refused with 401, 403 or 404. Accepted is critical (OWASP API1 broken
/// object level authorization for a foreign empresa's resource, API5 broken function level authorization for a write
/// by a read-only role); refused with another status is a lesser finding (the client cannot rely on it).
/// </summary>
public sealed class ProbeRefused(string checkId, string hint)
{
    public static ProbeRefused ForeignRead { get; } = new(AuthzChecks.ForeignRead,
        "the read route does not check that the caller is mapped to the resource's empresa (object level authorization, OWASP API1); answer 404 as for a missing resource");
    public static ProbeRefused ForeignWrite { get; } = new(AuthzChecks.ForeignWrite,
        "the write route changes a resource without checking that the caller is mapped to its empresa (OWASP API1); look for a missing ownership check or policy on that one endpoint");
    public static ProbeRefused ReadOnlyWrite { get; } = new(AuthzChecks.ReadOnlyWrite,
        "the write route does not enforce the role (function level authorization, OWASP API5): a read-only role must get 403");

    public string Id => checkId;

    public CheckOutcome Evaluate(AuthzProbe probe, DeclaredStatuses? declared = null)
    {
        var subject = $"{probe.Operation} as {probe.Identity} on {probe.Target}";
        if (probe.Exchange is not { } exchange)
            return CheckOutcome.NotApplicable(AuthzChecks.Gate, checkId, subject, "not sent: " + probe.SkipReason);
        var answer = Refusal.Answer(exchange);
        return Refusal.Classify(exchange) switch
        {
            RefusalKind.Refused => Refusal.Undeclared(checkId, subject, probe, exchange, declared)
                                   ?? CheckOutcome.Pass(AuthzChecks.Gate, checkId, subject, Severity.Critical, exchange) with { Actual = answer },
            RefusalKind.Accepted => CheckOutcome.Fail(AuthzChecks.Gate, checkId, subject, Severity.Critical, Refusal.Expected,
                $"{answer}: accepted — the {Verb(probe.Action)} went through", hint, exchange),
            RefusalKind.NoAnswer => CheckOutcome.Fail(AuthzChecks.Gate, checkId, subject, Severity.High, Refusal.Expected, answer,
                "the target did not answer; whether it refuses is unknown", exchange),
            _ => CheckOutcome.Fail(AuthzChecks.Gate, checkId, subject, exchange.Status >= 500 ? Severity.High : Severity.Medium, Refusal.Expected,
                $"{answer}: not accepted, but not refused with a status the client can rely on",
                "refuse with 403 (or 404 to hide the resource) before validating or processing the request", exchange)
                .Seen(Refusal.SeenKind(exchange)),
        };
    }

    internal static string Verb(AuthzAction action) => action switch
    {
        AuthzAction.Read => "read",
        AuthzAction.List => "list",
        AuthzAction.Create => "create",
        AuthzAction.Update => "update",
        _ => "delete",
    };
}
