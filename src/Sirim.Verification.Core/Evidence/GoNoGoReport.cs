using Sirim.Verification.Core.Findings;

namespace Sirim.Verification.Core.Evidence;

/// <summary>
/// The release manager's summary: every known gate with PASS / FAIL / NOT RUN, its key figures against thresholds and
/// links to its evidence. GO only when every required gate passed: a gate that did not run is not a pass.
/// </summary>
public static class GoNoGoReport
{
    public const string FileName = "go_no_go.md";

    public sealed record Verdict(bool Go, IReadOnlyList<string> Reasons);

    public static Verdict Decide(IReadOnlyList<GateSummary> gates, IReadOnlyList<string> requiredGates)
    {
        var reasons = new List<string>();
        foreach (var required in requiredGates)
        {
            var gate = gates.FirstOrDefault(g => g.Gate == required);
            if (gate is null || gate.Status == GateStatus.NotRun)
                reasons.Add($"required gate '{required}' did not run{(gate?.Reason is { } r ? ": " + r : "")}");
            else if (gate.Status == GateStatus.Fail)
                reasons.Add($"required gate '{required}' failed ({gate.Failed} failing test(s))");
        }
        return new Verdict(reasons.Count == 0, reasons);
    }

    public static MarkdownDocument Render(EvidenceRun run, IReadOnlyList<GateSummary> gates, IReadOnlyList<string> requiredGates,
        IReadOnlyList<(string Key, string Value)> parameters, IReadOnlyList<string> allGates,
        FindingsTrend? trend = null, IReadOnlyList<string>? staleDeviations = null)
    {
        var verdict = Decide(gates, requiredGates);
        var doc = new MarkdownDocument($"Go / No-Go — {run.Environment} — run {run.RunId}");
        doc.Paragraph(verdict.Go
            ? "**Verdict: GO** — every required gate passed (details and raw evidence linked below)."
            : "**Verdict: NO-GO** — " + string.Join("; ", verdict.Reasons) + ".");
        FindingsSection.RenderTop(doc, gates);
        doc.Heading("Gates");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var name in allGates.Union(gates.Select(g => g.Gate)))
        {
            var gate = gates.FirstOrDefault(g => g.Gate == name);
            var required = requiredGates.Contains(name) ? "yes" : "no";
            if (gate is null)
            {
                rows.Add([name, "NOT RUN", required, "", "", "", "no result recorded in this run"]);
                continue;
            }
            var status = gate.Status switch { GateStatus.Pass => "PASS", GateStatus.Fail => "FAIL", _ => "NOT RUN" };
            if (gate.Status == GateStatus.Pass && FindingsSection.PassedWith(gate) is { } with) status += $" ({with})";
            var figures = string.Join("; ", gate.Figures.Select(f =>
                $"{f.Name} = {f.Actual}" + (f.Threshold.Length > 0 ? $" (limit {f.Threshold}{(f.Ok is false ? ", **exceeded**" : "")})" : "")));
            var evidence = string.Join(", ", gate.EvidenceFiles.Select(e => $"[{Path.GetFileName(e)}]({RelativeLink(run, e)})"));
            var counts = $"{gate.Passed} passed, {gate.Failed} failed, {gate.Skipped} skipped";
            rows.Add([name, status, required, counts, FindingsSection.Counts(gate.AllFindings), figures, (gate.Reason is null ? "" : gate.Reason + " ") + evidence]);
        }
        doc.Table(["gate", "status", "required", "tests", "findings", "key figures", "evidence"], rows);
        FindingsSection.RenderRest(doc, gates, staleDeviations ?? []);
        if (trend is not null) FindingsSection.RenderTrend(doc, trend);
        var failures = gates.Where(g => g.Failures.Count > 0).ToList();
        if (failures.Count > 0)
        {
            doc.Heading("Failures");
            foreach (var gate in failures)
                doc.Heading(gate.Gate, 3).Bullets(gate.Failures.Select(f => f.Split('\n')[0]));
        }
        doc.Heading("Parameters").KeyValues(parameters);
        doc.Paragraph("Allure report: `allure-report/index.html` in this folder (generated from `allure-results/`).");
        return doc;
    }

    private static string RelativeLink(EvidenceRun run, string path) =>
        Path.IsPathRooted(path) ? Path.GetRelativePath(run.Directory, path).Replace('\\', '/') : path;
}
