using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain;

public enum FindingVerdict { Blocking, Accepted, AcceptanceExpired, BelowThreshold }

/// <summary>
/// One vulnerability of the release (the same advisory in the same installed package reported by several scanners is
/// one finding) with the policy's verdict: blocking, accepted until a date, blocking again because the acceptance
/// expired, or below the blocking severities.
/// </summary>
public sealed record JudgedFinding(VulnerabilityFinding Finding, IReadOnlyList<string> Scanners, FindingVerdict Verdict, AcceptedVulnerability? Acceptance)
{
    public string Label => Verdict switch
    {
        FindingVerdict.Blocking => "BLOCKING",
        FindingVerdict.Accepted => $"ACCEPTED until {Acceptance!.Expires:yyyy-MM-dd} ({Acceptance.Owner})",
        FindingVerdict.AcceptanceExpired => $"BLOCKING: acceptance expired on {Acceptance!.Expires:yyyy-MM-dd} ({Acceptance.Owner})",
        _ => "below threshold",
    };

    public static IReadOnlyList<JudgedFinding> Judge(IEnumerable<VulnerabilityReport> reports, IReadOnlyList<string> blocking,
        IReadOnlyList<AcceptedVulnerability> accepted, DateOnly today) =>
        reports.SelectMany(r => r.Findings)
            .GroupBy(f => (Id: f.AdvisoryId.ToUpperInvariant(), Package: f.Package, f.InstalledVersion))
            .Select(g =>
            {
                // The worst severity any scanner gave, and a fix if any scanner knows one.
                var worst = g.OrderBy(f => IndexOf(f.Severity)).First();
                var finding = worst with { FixedVersion = g.Select(f => f.FixedVersion).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) };
                var scanners = g.Select(f => f.Scanner).Distinct().ToList();
                if (!blocking.Contains(finding.Severity)) return new JudgedFinding(finding, scanners, FindingVerdict.BelowThreshold, null);
                var acceptance = accepted.FirstOrDefault(a => a.Covers(finding));
                var verdict = acceptance is null ? FindingVerdict.Blocking
                    : acceptance.ExpiredOn(today) ? FindingVerdict.AcceptanceExpired : FindingVerdict.Accepted;
                return new JudgedFinding(finding, scanners, verdict, acceptance);
            })
            .OrderBy(j => IndexOf(j.Finding.Severity)).ThenBy(j => j.Finding.AdvisoryId, StringComparer.Ordinal).ThenBy(j => j.Finding.Package, StringComparer.Ordinal)
            .ToList();

    private static int IndexOf(string severity) => Math.Max(0, VulnerabilityFinding.Scale.ToList().IndexOf(severity));
}
