namespace Sirim.Verification.Core.Evidence;

/// <summary>
/// <c>post_deploy_validation.md</c> (seed 000, step 6): the post-deploy validations in one document — the black-box E2E
/// flows (and the frontend integrity), the OpenAPI contract with its JSON errors, the light load — each with its
/// parameters, verdict, key figures and links to the raw evidence. Assembled from the gate summaries recorded in the run
/// folder: it sends no traffic of its own.
/// </summary>
public static class PostDeployValidationReport
{
    public const string FileName = "post_deploy_validation.md";

    /// <summary>A section of the document: a title and the gates whose results it gathers.</summary>
    public sealed record Section(string Title, IReadOnlyList<string> Gates);

    public static readonly IReadOnlyList<Section> Sections =
    [
        new("E2E black-box (frontend ↔ API)", ["e2e", "integrity"]),
        new("OpenAPI contract and JSON errors", ["contracts"]),
        new("Light load", ["load"]),
    ];

    /// <summary>A setting of the run as shown in the document: the gate it belongs to ("all" for general ones), its name, its display value.</summary>
    public sealed record Parameter(string Gate, string Key, string Value);

    public static MarkdownDocument Render(EvidenceRun run, IReadOnlyList<GateSummary> gates, IReadOnlyList<Parameter> parameters)
    {
        var doc = new MarkdownDocument($"Post-deploy validation — {run.Environment} — run {run.RunId}");
        var verdicts = Sections.Select(s => (Section: s, Status: Status(s, gates))).ToList();
        doc.Paragraph(verdicts.All(v => v.Status == GateStatus.Pass)
            ? "**Verdict: PASS** — the E2E flows, the contract and JSON errors and the light load all passed."
            : "**Verdict: NOT PASSED** — " + string.Join("; ", verdicts.Where(v => v.Status != GateStatus.Pass)
                .Select(v => $"{v.Section.Title}: {Label(v.Status)}")) + ".");
        doc.Paragraph("Assembled from the gate results recorded in this run (no traffic of its own); the raw outputs are the linked files.");
        doc.Table(["validation", "status", "gates"], verdicts.Select(v => (IReadOnlyList<string>)[v.Section.Title, Label(v.Status), string.Join(", ", v.Section.Gates)]));
        doc.Heading("Target").KeyValues(parameters.Where(p => p.Gate == "all").Select(p => (p.Key, p.Value)));

        foreach (var (section, status) in verdicts)
        {
            doc.Heading($"{section.Title} — {Label(status)}");
            foreach (var name in section.Gates)
            {
                var gate = gates.FirstOrDefault(g => g.Gate == name);
                doc.Heading($"{name}: {(gate is null ? "NOT RUN" : Label(gate.Status))}", 3);
                if (gate is null)
                {
                    doc.Paragraph("No result recorded in this run.");
                    continue;
                }
                doc.Paragraph($"{gate.Passed} passed, {gate.Failed} failed, {gate.Skipped} skipped." + (gate.Reason is { } r ? $" {r}" : ""));
                var own = parameters.Where(p => p.Gate == name).ToList();
                if (own.Count > 0) doc.Paragraph("Parameters:").KeyValues(own.Select(p => (p.Key, p.Value)));
                if (gate.Figures.Count > 0)
                    doc.Table(["figure", "actual", "limit", "within"], gate.Figures.Select(f => (IReadOnlyList<string>)[f.Name, f.Actual, f.Threshold,
                        f.Ok switch { true => "yes", false => "**no**", _ => "" }]));
                if (gate.Failures.Count > 0) doc.Paragraph("Failures:").Bullets(gate.Failures.Select(f => f.Split('\n')[0]));
                doc.Paragraph("Raw evidence: " + (gate.EvidenceFiles.Count == 0 ? "(none recorded)"
                    : string.Join(", ", gate.EvidenceFiles.Select(e => $"[{Path.GetFileName(e)}]({Link(run, e)})"))));
            }
        }
        doc.Paragraph($"Every gate of the run: [{EvidenceFileNames.For(run.Environment, GoNoGoReport.FileName)}]({EvidenceFileNames.For(run.Environment, GoNoGoReport.FileName)}).");
        return doc;
    }

    /// <summary>A section passes when every one of its gates ran and passed; it fails when any failed; otherwise it did not run.</summary>
    public static GateStatus Status(Section section, IReadOnlyList<GateSummary> gates)
    {
        var found = section.Gates.Select(g => gates.FirstOrDefault(x => x.Gate == g)).ToList();
        if (found.Any(g => g?.Status == GateStatus.Fail)) return GateStatus.Fail;
        return found.All(g => g?.Status == GateStatus.Pass) ? GateStatus.Pass : GateStatus.NotRun;
    }

    private static string Label(GateStatus s) => s switch { GateStatus.Pass => "PASS", GateStatus.Fail => "FAIL", _ => "NOT RUN" };

    private static string Link(EvidenceRun run, string path) =>
        Path.IsPathRooted(path) ? Path.GetRelativePath(run.Directory, path).Replace('\\', '/') : path;
}
