using System.Globalization;
using System.Text.Json.Nodes;
using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Authz.Checks;

/// <summary>
/// authz_mass_assignment_ignored: a create or update whose body carries fields only the server sets (the contract's
/// readOnly properties and authzServerFields: id, owner, timestamps, role) is refused, or accepted with those fields
/// ignored: the resource read back by its owner never holds a slipped-in value (OWASP API3 broken object property level
/// authorization, "mass assignment").
/// </summary>
public sealed class MassAssignmentIgnored
{
    public string Id => AuthzChecks.MassAssignment;

    public CheckOutcome Evaluate(MassAssignmentProbe probe)
    {
        var names = string.Join(", ", probe.Fields.Select(f => f.Name));
        var subject = $"{probe.Operation} as {AuthzProber.VerificationUser} with server-controlled fields ({names})";
        var expected = "refused, or accepted with every server-controlled field ignored in the resource read back";
        var write = probe.Write;
        if (write.Status is null)
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, expected, Refusal.Answer(write), "the target did not answer; whether it binds the fields is unknown", write);
        if (write.Status is >= 400 and < 500)
            return CheckOutcome.Pass(AuthzChecks.Gate, Id, subject, Severity.High, write) with { Actual = $"{Refusal.Answer(write)}: refused" };
        if (write.Status >= 500)
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.Medium, expected, $"{Refusal.Answer(write)}: the server failed on fields it should ignore or refuse",
                "an unknown or read-only field must be ignored or refused with 400/422, never crash the route", write);
        if (probe.ReadBack is not { } read)
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, expected, $"{Refusal.Answer(write)}, but the answer names no resource to read back",
                "the answer must carry the resource's id (authzIdPointer)", write);
        if (read.Status is not (>= 200 and < 300))
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, expected,
                $"{Refusal.Answer(write)}, then the resource read back answered {Refusal.Answer(read)}: it left its id (the body's id was bound?)",
                "never take a resource's id from the body: bind the route's id and ignore the body's", read);
        var item = Core.Http.JsonPointers.Find(JsonValues.Parse(read.Response!.Body), probe.ItemPointer);
        var stored = probe.Fields.Where(f => Same(Core.Http.JsonPointers.Find(item, "/" + f.Name), f.Injected)).ToList();
        if (stored.Count > 0)
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, expected,
                $"{Refusal.Answer(write)}, and the resource read back holds the slipped-in " + string.Join(", ", stored.Select(f => $"{f.Name} = {f.Injected.ToJsonString()} ({f.Source})")),
                "the route binds the request body onto the stored entity: bind an input model with the client's fields only (an allow-list), and let the server set ids, owners, timestamps and roles (OWASP API3)",
                read);
        return CheckOutcome.Pass(AuthzChecks.Gate, Id, subject, Severity.High, read) with { Actual = $"{Refusal.Answer(write)}, every server-controlled field ignored" };
    }

    /// <summary>Whether the stored value is the injected one: the same instant for timestamps, the same number, or the same text.</summary>
    private static bool Same(JsonNode? stored, JsonNode injected)
    {
        if (stored is not JsonValue value) return false;
        var a = value.ToString();
        var b = injected.ToString();
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return x == y;
        if (DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) &&
            DateTimeOffset.TryParse(b, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return s == t;
        return string.Equals(a, b, StringComparison.Ordinal);
    }
}
