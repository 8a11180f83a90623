using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Authz.Checks;

/// <summary>
/// authz_resource_unchanged: after the second identity's refused writes, the verification user reads the resource back
/// exactly as before. A refusal that still changed or deleted the resource (the check ran after the write) is a
/// critical failure; a resource changed by an accepted write is reported by the write check, not twice here.
/// </summary>
public sealed class ResourceUnchanged
{
    public string Id => AuthzChecks.ResourceUnchanged;

    public CheckOutcome Evaluate(ProbedResource resource, IReadOnlyList<AuthzProbe> probes)
    {
        var subject = $"resource {resource.Id} ({resource.Label} empresa {resource.EmpresaId}) read back as {AuthzProber.VerificationUser}";
        var writes = probes.Where(p => p.IsWrite && p.Sent && p.ResourceId == resource.Id).ToList();
        if (writes.Count == 0)
            return CheckOutcome.NotApplicable(AuthzChecks.Gate, Id, subject, "no write was attempted on it");
        if (writes.FirstOrDefault(p => Refusal.Classify(p.Exchange!) == RefusalKind.Accepted) is { } accepted)
            return CheckOutcome.NotApplicable(AuthzChecks.Gate, Id, subject,
                $"changed by an accepted write ({accepted.Operation}), reported by {accepted.CheckId}");
        if (resource.After is not { } after)
            return CheckOutcome.NotApplicable(AuthzChecks.Gate, Id, subject, "not read back");
        const string expected = "the same answer as before the refused writes";
        if (after.Status is not (>= 200 and < 300))
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.Critical, expected,
                $"{Refusal.Answer(after)}: gone after writes that were all refused ({string.Join(", ", writes.Select(w => $"{w.Operation} → {w.Exchange!.Status}"))})",
                "the route refuses after it has already written: check authorization before the change, in the same transaction", after);
        if (!JsonValues.SameJson(resource.Before.Response?.Body, after.Response?.Body))
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.Critical, expected + $": {resource.Before.Response?.Body}",
                $"{after.Response!.Body} after writes that were all refused",
                "the route refuses after it has already written: check authorization before the change, in the same transaction", after);
        return CheckOutcome.Pass(AuthzChecks.Gate, Id, subject, Severity.Critical, after) with { Actual = "unchanged" };
    }
}
