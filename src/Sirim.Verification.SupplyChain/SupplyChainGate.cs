using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.SupplyChain.Checks;
using Sirim.Verification.SupplyChain.Documents;
using Sirim.Verification.SupplyChain.Reproducibility;

namespace Sirim.Verification.SupplyChain;

/// <summary>The files the gate read: the SBOM, the reports and the two frontend builds compared (or why they could not be).</summary>
public sealed record SupplyChainInputs(
    DocumentRead<SbomDocument>? Sbom,
    IReadOnlyList<DocumentRead<VulnerabilityReport>> Reports,
    BuildComparison? Build,
    string? BuildError);

/// <summary>Everything one supply-chain judgement produced.</summary>
public sealed record SupplyChainResult(
    SupplyChainOptions Options,
    SupplyChainInputs Inputs,
    IReadOnlyList<JudgedFinding> Findings,
    IReadOnlyList<AcceptedVulnerability> StaleAcceptances,
    IReadOnlyList<CheckOutcome> Outcomes,
    DateTimeOffset JudgedAt)
{
    public bool Passed => !Outcomes.Any(o => o.Failed);
}

/// <summary>
/// The supply-chain gate (seed 000, release deliverables): the SBOM and the vulnerability reports of the released
/// artifact are read, matched to the artifact and the release time, the findings judged against the blocking severities
/// and the accepted vulnerabilities, and two frontend builds compared for reproducibility. No traffic to the target.
/// </summary>
public sealed class SupplyChainGate(SupplyChainOptions options)
{
    public const string Name = "supplychain";
    public const string VulnReportFile = "vuln_report.md";
    public const string ReproducibilityFile = "build_reproducibility.md";
    public const string SbomCopyFile = "sbom.json";

    /// <summary>The I/O half: reads the configured files.</summary>
    public async Task<SupplyChainInputs> ReadAsync(CancellationToken ct)
    {
        var sbom = options.SbomPath is { } s ? await DocumentRead<SbomDocument>.LoadAsync(s, SbomDocument.Parse, ct).ConfigureAwait(false) : null;
        var reports = new List<DocumentRead<VulnerabilityReport>>();
        foreach (var path in options.ReportPaths)
            reports.Add(await DocumentRead<VulnerabilityReport>.LoadAsync(path, VulnerabilityReport.Parse, ct).ConfigureAwait(false));
        BuildComparison? build = null;
        string? buildError = null;
        if (options.BuildLeft is { } left && options.BuildRight is { } right)
        {
            try { build = BuildComparison.Compare(BuildListing.Load(left), BuildListing.Load(right)); }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException) { buildError = ex.Message; }
        }
        return new SupplyChainInputs(sbom, reports, build, buildError);
    }

    public async Task<SupplyChainResult> RunAsync(DateTimeOffset now, CancellationToken ct) => Judge(options, await ReadAsync(ct).ConfigureAwait(false), now);

    /// <summary>The pure half: judges what was read with the policy (unit-testable without any file).</summary>
    public static SupplyChainResult Judge(SupplyChainOptions options, SupplyChainInputs inputs, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var reports = inputs.Reports.Select(r => r.Document).OfType<VulnerabilityReport>().ToList();
        var findings = JudgedFinding.Judge(reports, options.BlockingSeverities, options.Accepted, today);
        var stale = AcceptedVulnNotExpired.Stale(options.Accepted, reports.SelectMany(r => r.Findings));

        var outcomes = new List<CheckOutcome> { SbomPresentAndParsable.Evaluate(inputs.Sbom) };
        outcomes.AddRange(VulnReportParsable.Evaluate(inputs.Reports));
        if (reports.Count > 0) outcomes.AddRange(VulnNoHighCritical.Evaluate(findings, options.BlockingSeverities));
        outcomes.AddRange(AcceptedVulnNotExpired.Evaluate(findings, today));
        var documents = new List<(string File, ArtifactSubject Subject, DateTimeOffset? Created)>();
        if (inputs.Sbom?.Document is { } sbom) documents.Add((inputs.Sbom.FileName, sbom.Subject, sbom.CreatedAt));
        documents.AddRange(inputs.Reports.Where(r => r.Document is not null).Select(r => (r.FileName, r.Document!.Subject, r.Document.CreatedAt)));
        foreach (var d in documents) outcomes.Add(ReportsMatchArtifact.Evaluate(d.File, d.Subject, options.Artifact));
        foreach (var d in documents) outcomes.Add(ReportsNotOlderThanRelease.Evaluate(d.File, d.Created, options.ReleaseTime, options.MaxReportAge, now));
        outcomes.Add(BuildReproducible.Evaluate(inputs.Build, inputs.BuildError));
        return new SupplyChainResult(options, inputs, findings, stale, outcomes, now);
    }

    /// <summary>The go/no-go row: PASS when every check passed, FAIL otherwise, with the counts by severity as key figures.</summary>
    public static GateSummary Summary(SupplyChainResult r, IReadOnlyList<string> evidenceFiles)
    {
        var blocking = r.Findings.Count(f => f.Verdict is FindingVerdict.Blocking or FindingVerdict.AcceptanceExpired);
        var figures = new List<KeyFigure>
        {
            new("blocking vulnerabilities", blocking.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"0 {string.Join("/", r.Options.BlockingSeverities)} unaccepted", blocking == 0),
            new("accepted vulnerabilities", r.Findings.Count(f => f.Verdict == FindingVerdict.Accepted).ToString(System.Globalization.CultureInfo.InvariantCulture), "", null),
            new("findings by severity", string.Join(", ", VulnerabilityFinding.Scale.Select(s => $"{s} {r.Findings.Count(f => f.Finding.Severity == s)}")), "", null),
        };
        if (r.Inputs.Sbom?.Document is { } sbom) figures.Add(new KeyFigure("SBOM components", $"{sbom.Components.Count} ({sbom.Format}, {sbom.Tool})", "", null));
        if (r.StaleAcceptances.Count > 0) figures.Add(new KeyFigure("stale acceptances", string.Join(", ", r.StaleAcceptances.Select(a => $"{a.Id} in {a.Package}")), "", null));
        if (r.Inputs.Build is { } b) figures.Add(new KeyFigure("frontend build", b.Reproducible ? "reproducible" : $"{b.Files.Count(f => f.Result != FileComparison.Identical)} file(s) differ", "identical", b.Reproducible));
        var failures = r.Outcomes.Where(o => o.Failed).Select(o => FailureRenderer.Render(o, Redactor.None)).ToList();
        return new GateSummary(Name, failures.Count == 0 ? GateStatus.Pass : GateStatus.Fail,
            r.Outcomes.Count(o => o.Status == CheckStatus.Passed), failures.Count, r.Outcomes.Count(o => o.Status == CheckStatus.NotApplicable),
            figures, evidenceFiles, failures);
    }
}
