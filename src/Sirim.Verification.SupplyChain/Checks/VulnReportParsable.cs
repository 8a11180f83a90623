using Sirim.Verification.Core.Checks;
using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain.Checks;

/// <summary>
/// <c>vuln_report_parsable</c>: the release has a vulnerability scan (seed 000: Trivy or equivalent) and each configured
/// report reads as Trivy or Grype JSON. A missing scan is not a clean scan.
/// </summary>
public static class VulnReportParsable
{
    public const string Id = "vuln_report_parsable";

    public static IEnumerable<CheckOutcome> Evaluate(IReadOnlyList<DocumentRead<VulnerabilityReport>> reports)
    {
        const string expected = "a Trivy JSON or Grype JSON report of the released artifact";
        if (reports.Count == 0)
        {
            yield return CheckOutcome.Fail(SupplyChainGate.Name, Id, "(no report configured)", Severity.High, expected,
                "no vulnerability report: supplyChainVulnReports (SIRIM_VULN_REPORTS) is unset",
                "Scan the released artifact (trivy image --format json, or grype -o json) and list the reports in SIRIM_VULN_REPORTS.");
            yield break;
        }
        foreach (var r in reports)
            yield return r.Document is { } doc
                ? CheckOutcome.Pass(SupplyChainGate.Name, Id, r.FileName, Severity.High) with { Actual = $"{doc.Format} by {doc.Tool}, {doc.Findings.Count} finding(s)" }
                : CheckOutcome.Fail(SupplyChainGate.Name, Id, r.FileName, Severity.High, expected, $"{r.Path}: {r.Error}",
                    "Keep the scanner's JSON output as it wrote it (trivy --format json / grype -o json); table or SARIF output is not read.");
    }
}
