using System.Globalization;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.SupplyChain.Documents;
using Sirim.Verification.SupplyChain.Reproducibility;

namespace Sirim.Verification.SupplyChain;

/// <summary>
/// The supply-chain evidence: <c>vuln_report.md</c> (verdict, parameters, counts by severity, every blocking-severity
/// finding with package, installed and fixed version, advisory, fix available, accepted or not; stale acceptances; the
/// SBOM summary; every check) and <c>build_reproducibility.md</c> (two builds compared file by file).
/// </summary>
public static class SupplyChainReport
{
    public static MarkdownDocument RenderVulnReport(SupplyChainResult r, string environment)
    {
        var o = r.Options;
        var doc = new MarkdownDocument($"Vulnerability report — {environment}");
        var blocking = r.Findings.Where(f => f.Verdict is FindingVerdict.Blocking or FindingVerdict.AcceptanceExpired).ToList();
        doc.Paragraph(r.Passed
            ? $"**Verdict: PASS** — no unaccepted {string.Join(" / ", o.BlockingSeverities)} vulnerability; every supply-chain check passed."
            : $"**Verdict: FAIL** — {blocking.Count} blocking finding(s), {r.Outcomes.Count(x => x.Failed)} failing check(s) (listed below).");
        doc.Heading("Parameters").KeyValues([
            ("judged at (UTC)", Iso(r.JudgedAt)),
            ("released artifact", o.Artifact?.ToString() ?? "(not set: not checked)"),
            ("release time", o.ReleaseTime is { } t ? Iso(t) : "(not set: not checked)"),
            ("maximum report age", o.MaxReportAge is { } m ? $"{m.TotalHours:0} h" : "(not set: not checked)"),
            ("blocking severities", string.Join(", ", o.BlockingSeverities)),
            ("accepted vulnerabilities file", o.AcceptedPath ?? "(none)"),
            ("SBOM", o.SbomPath ?? "(none)"),
            ("reports", o.ReportPaths.Count == 0 ? "(none)" : string.Join(", ", o.ReportPaths)),
        ]);

        doc.Heading("Reports read");
        doc.Table(["file", "format", "tool", "made (UTC)", "describes", "findings"],
            r.Inputs.Reports.Select(x => (IReadOnlyList<string>)(x.Document is { } d
                ? [x.FileName, d.Format, d.Tool, d.CreatedAt is { } c ? Iso(c) : "(not stated)", d.Subject.ToString(), d.Findings.Count.ToString(CultureInfo.InvariantCulture)]
                : [x.FileName, "**unreadable**", "", "", x.Error ?? "", ""])));

        doc.Heading("Counts by severity");
        doc.Table(["severity", "findings", "blocking", "accepted"], VulnerabilityFinding.Scale.Select(s => (IReadOnlyList<string>)[
            s, N(r.Findings.Count(f => f.Finding.Severity == s)),
            N(r.Findings.Count(f => f.Finding.Severity == s && f.Verdict is FindingVerdict.Blocking or FindingVerdict.AcceptanceExpired)),
            N(r.Findings.Count(f => f.Finding.Severity == s && f.Verdict == FindingVerdict.Accepted))]));

        var judged = r.Findings.Where(f => f.Verdict != FindingVerdict.BelowThreshold).ToList();
        doc.Heading($"{string.Join(" and ", o.BlockingSeverities)} findings");
        if (judged.Count == 0) doc.Paragraph("None.");
        else
            doc.Table(["severity", "advisory", "package", "installed", "fixed in", "fix available", "scanners", "status"],
                judged.Select(j => (IReadOnlyList<string>)[j.Finding.Severity, j.Finding.AdvisoryId, j.Finding.Package, j.Finding.InstalledVersion,
                    j.Finding.FixedVersion ?? "", j.Finding.FixAvailable ? "yes" : "no", string.Join(", ", j.Scanners),
                    j.Verdict == FindingVerdict.Blocking ? "**BLOCKING**" : j.Verdict == FindingVerdict.AcceptanceExpired ? $"**{j.Label}**" : j.Label]));

        doc.Heading("Accepted vulnerabilities");
        if (o.Accepted.Count == 0) doc.Paragraph("None configured.");
        else
            doc.Table(["advisory", "package", "owner", "expires", "reason", "state"], o.Accepted.Select(a => (IReadOnlyList<string>)[
                a.Id, a.Package, a.Owner, a.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.Reason,
                r.StaleAcceptances.Contains(a) ? "**stale**: matches no finding (remove it or correct the id / package)"
                : a.ExpiredOn(DateOnly.FromDateTime(r.JudgedAt.UtcDateTime)) ? "**expired**: blocks again" : "in force"]));

        doc.Heading("SBOM");
        if (r.Inputs.Sbom is not { } sbomRead) doc.Paragraph("No SBOM configured.");
        else if (sbomRead.Document is not { } sbom) doc.Paragraph($"`{sbomRead.FileName}` could not be read: {sbomRead.Error}.");
        else
        {
            doc.KeyValues([
                ("file", sbomRead.FileName + " (copied to sbom.json in this folder)"),
                ("format", sbom.Format),
                ("made by", sbom.Tool),
                ("made (UTC)", sbom.CreatedAt is { } c ? Iso(c) : "(not stated)"),
                ("describes", sbom.Subject.ToString()),
                ("components", N(sbom.Components.Count)),
                ("components without a stated licence", N(sbom.Components.Count(c => c.Licenses.Count == 0))),
            ]);
            doc.Table(["licence", "components"], sbom.LicenseCounts().Select(l => (IReadOnlyList<string>)[l.License, N(l.Count)]));
        }

        doc.Heading("Checks");
        doc.Table(["check", "subject", "status", "detail"], r.Outcomes.Select(x => (IReadOnlyList<string>)[
            x.CheckId, x.Subject, x.Status switch { CheckStatus.Passed => "PASS", CheckStatus.Failed => "**FAIL**", _ => "n/a" },
            x.Failed ? $"expected {x.Expected}; actual {x.Actual}" : x.Actual ?? ""]));
        return doc;
    }

    public static MarkdownDocument RenderReproducibility(SupplyChainResult r, string environment)
    {
        var doc = new MarkdownDocument($"Build reproducibility — {environment}");
        if (r.Inputs.BuildError is { } error)
            return doc.Paragraph($"**Verdict: FAIL** — the builds could not be read: {error}.");
        if (r.Inputs.Build is not { } b)
            return doc.Paragraph("**Not checked** — set frontendBuildLeft (SIRIM_FRONTEND_BUILD_LEFT) and frontendBuildRight (SIRIM_FRONTEND_BUILD_RIGHT) " +
                                 "to two builds of the frontend from the same commit (folders, or manifests from `sirim-verify frontend-manifest`).");
        doc.Paragraph(b.Reproducible && b.Files.Count > 0
            ? $"**Verdict: REPRODUCIBLE** — all {b.Files.Count} files identical (SHA-256)."
            : $"**Verdict: NOT REPRODUCIBLE** — {b.Files.Count(f => f.Result != FileComparison.Identical)} of {b.Files.Count} files differ.");
        doc.KeyValues([("first build", b.Left.Source), ("second build", b.Right.Source), ("compared (UTC)", Iso(r.JudgedAt)),
            ("identical", N(b.Count(FileComparison.Identical))), ("changed", N(b.Count(FileComparison.Changed))),
            ("only in the first", N(b.Count(FileComparison.OnlyLeft))), ("only in the second", N(b.Count(FileComparison.OnlyRight)))]);
        doc.Heading("Files");
        doc.Table(["file", "result", "first sha256", "second sha256", "sizes"], b.Files.Select(f => (IReadOnlyList<string>)[
            f.Path, f.Result switch { FileComparison.Identical => "identical", FileComparison.Changed => "**changed**", FileComparison.OnlyLeft => "**only in the first**", _ => "**only in the second**" },
            f.Left?.Sha256 ?? "", f.Right?.Sha256 ?? "", $"{(f.Left is null ? "-" : N(f.Left.Size))} / {(f.Right is null ? "-" : N(f.Right.Size))}"]));
        return doc;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
