using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Findings;
using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain.Checks;

/// <summary>
/// <c>accepted_vuln_not_expired</c>: an acceptance that covers a finding of this release still holds today (its
/// <c>expires</c> day included). An expired one says so instead of silently letting the finding through.
/// Acceptances that cover nothing are stale: listed in vuln_report.md, not judged here.
/// </summary>
public static class AcceptedVulnNotExpired
{
    public const string Id = "accepted_vuln_not_expired";

    public static IEnumerable<CheckOutcome> Evaluate(IReadOnlyList<JudgedFinding> findings, DateOnly today)
    {
        foreach (var group in findings.Where(f => f.Acceptance is not null).GroupBy(f => f.Acceptance!))
        {
            var a = group.Key;
            var subject = $"{a.Id} in {a.Package} (owner {a.Owner})";
            if (!a.ExpiredOn(today))
                yield return CheckOutcome.Pass(SupplyChainGate.Name, Id, subject, Severity.High) with { Actual = $"accepted until {a.Expires:yyyy-MM-dd}: {a.Reason}" };
            else
                yield return CheckOutcome.Fail(SupplyChainGate.Name, Id, subject, Severity.High,
                    $"an acceptance valid on {today:yyyy-MM-dd}", $"expired on {a.Expires:yyyy-MM-dd} ({(today.DayNumber - a.Expires.DayNumber)} day(s) ago): {a.Reason}",
                    "The finding blocks the release again: fix it, or have the owner renew the entry with a new expiry date and reason.");
        }
    }

    /// <summary>Acceptances that cover no finding of any report: the vulnerability is gone or the entry is mistyped.</summary>
    public static IReadOnlyList<AcceptedVulnerability> Stale(IReadOnlyList<AcceptedVulnerability> accepted, IEnumerable<VulnerabilityFinding> all)
    {
        var findings = all.ToList();
        return AcceptanceFile.Stale(accepted, a => findings.Any(a.Covers));
    }
}
