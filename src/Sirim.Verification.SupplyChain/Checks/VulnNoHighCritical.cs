using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.SupplyChain.Checks;

/// <summary>
/// <c>vuln_no_high_critical</c>: no finding of a blocking severity (default CRITICAL, HIGH; seed 000: a HIGH or CRITICAL
/// finding blocks the release) unless it is accepted and the acceptance has not expired. One outcome per blocking
/// finding, so every one is named with its package, installed and fixed version.
/// </summary>
public static class VulnNoHighCritical
{
    public const string Id = "vuln_no_high_critical";

    public static IEnumerable<CheckOutcome> Evaluate(IReadOnlyList<JudgedFinding> findings, IReadOnlyList<string> blocking)
    {
        var expected = $"no {string.Join(" or ", blocking)} vulnerability, or one accepted until a date not yet past";
        var relevant = findings.Where(f => f.Verdict != FindingVerdict.BelowThreshold).ToList();
        if (relevant.Count == 0)
        {
            yield return CheckOutcome.Pass(SupplyChainGate.Name, Id, "all reports", Severity.Critical) with { Actual = $"no {string.Join(" or ", blocking)} finding" };
            yield break;
        }
        foreach (var j in relevant)
        {
            var f = j.Finding;
            var subject = $"{f.AdvisoryId} in {f.Package} {f.InstalledVersion}";
            var actual = $"{f.Severity} {f.AdvisoryId} in {f.Package} {f.InstalledVersion}; " +
                         (f.FixAvailable ? $"fixed in {f.FixedVersion}" : "no fix released") + $"; reported by {string.Join(", ", j.Scanners)}";
            if (j.Verdict == FindingVerdict.Accepted)
            {
                yield return CheckOutcome.Pass(SupplyChainGate.Name, Id, subject, Severity.Critical) with { Actual = $"{actual}; {j.Label}: {j.Acceptance!.Reason}" };
                continue;
            }
            var hint = j.Verdict == FindingVerdict.AcceptanceExpired
                ? $"The acceptance by {j.Acceptance!.Owner} expired on {j.Acceptance.Expires:yyyy-MM-dd}: upgrade the package, or have the owner renew the acceptance with a new date and reason."
                : f.FixAvailable
                    ? $"Upgrade {f.Package} to {f.FixedVersion} (or later) and rebuild, or record an accepted vulnerability with reason, owner and expiry."
                    : $"No fix is released: remove or replace {f.Package}, or record an accepted vulnerability with reason, owner and expiry.";
            yield return CheckOutcome.Fail(SupplyChainGate.Name, Id, subject, Severity.Critical, expected,
                j.Verdict == FindingVerdict.AcceptanceExpired ? $"{actual}; acceptance expired on {j.Acceptance!.Expires:yyyy-MM-dd}" : actual, hint);
        }
    }
}
