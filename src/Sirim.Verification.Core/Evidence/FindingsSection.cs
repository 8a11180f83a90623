using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Findings;

namespace Sirim.Verification.Core.Evidence;

/// <summary>
/// The findings part of go_no_go.md: critical and high findings first (what the release manager acts on), counts per
/// gate by severity and kind, the rest grouped by gate and kind, accepted deviations (and stale ones), and the trend.
/// </summary>
public static class FindingsSection
{
    private static string Sev(Severity s) => s.ToString().ToLowerInvariant();

    private static string Line(Finding f) =>
        $"**{Sev(f.Severity).ToUpperInvariant()}** [{f.Gate}] {FindingScale.Label(f.Kind)} — `{f.CheckId}`: {f.Subject}" +
        (f.Disposition == FindingDisposition.NonBlocking ? " (not blocking)" : "") +
        (f.Deviation is { } d ? $" — {d}" : "") + $" → {FindingScale.For(f.Kind).Action}";

    /// <summary>"critical 1 · high 2 · low 3; accepted 1, wrong refusal 5": the counts of one gate.</summary>
    public static string Counts(IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0) return "none";
        var bySeverity = Enum.GetValues<Severity>().Reverse().Select(s => $"{Sev(s)} {findings.Count(f => f.Severity == s)}");
        var byKind = findings.GroupBy(f => f.Kind).OrderBy(g => g.Key).Select(g => $"{FindingScale.Label(g.Key)} {g.Count()}");
        return string.Join(" · ", bySeverity) + "; " + string.Join(", ", byKind);
    }

    /// <summary>"with 2 low findings, 1 accepted deviation" for a gate that passed with findings that do not block; null when it has none.</summary>
    public static string? PassedWith(GateSummary gate)
    {
        var shown = gate.AllFindings.Where(f => !f.Blocks).ToList();
        if (shown.Count == 0) return null;
        return "with " + string.Join(", ", shown
            .GroupBy(f => f.Disposition == FindingDisposition.AcceptedDeviation ? "accepted deviation" : Sev(f.Severity) + " finding")
            .Select(g => $"{g.Count()} {g.Key}{(g.Count() == 1 ? "" : "s")}"));
    }

    public static void RenderTop(MarkdownDocument doc, IReadOnlyList<GateSummary> gates)
    {
        var all = gates.SelectMany(g => g.AllFindings).ToList();
        var top = all.Where(f => f.Severity >= Severity.High && f.Disposition != FindingDisposition.AcceptedDeviation)
            .OrderByDescending(f => f.Severity).ThenByDescending(f => f.Blocks).ThenBy(f => f.Gate, StringComparer.Ordinal).ToList();
        doc.Heading("Act on these first (critical and high findings)");
        if (top.Count == 0)
        {
            doc.Paragraph(all.Count == 0 ? "No findings." : "No critical or high finding; the other findings are listed under \"Other findings\".");
            return;
        }
        doc.Bullets(top.Select(Line));
    }

    public static void RenderRest(MarkdownDocument doc, IReadOnlyList<GateSummary> gates, IReadOnlyList<string> staleDeviations)
    {
        var rest = gates.SelectMany(g => g.AllFindings)
            .Where(f => f.Severity < Severity.High && f.Disposition != FindingDisposition.AcceptedDeviation).ToList();
        if (rest.Count > 0)
        {
            doc.Heading("Other findings (medium and low), by gate and kind");
            foreach (var gate in rest.GroupBy(f => f.Gate).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                doc.Heading(gate.Key, 3);
                foreach (var kind in gate.GroupBy(f => f.Kind).OrderBy(k => k.Key))
                    doc.Paragraph($"*{FindingScale.Label(kind.Key)}* ({kind.Count()}) → {FindingScale.For(kind.Key).Action}").Bullets(kind.Select(Line));
            }
        }
        var accepted = gates.SelectMany(g => g.AllFindings).Where(f => f.Deviation is not null).ToList();
        if (accepted.Count > 0 || staleDeviations.Count > 0)
        {
            doc.Heading("Accepted deviations");
            if (accepted.Count > 0) doc.Bullets(accepted.Select(Line));
            if (staleDeviations.Count > 0)
                doc.Paragraph("Stale entries (matched no finding of this run: the finding is gone or the entry is mistyped; remove or fix them):")
                    .Bullets(staleDeviations);
        }
    }

    public static void RenderTrend(MarkdownDocument doc, FindingsTrend trend)
    {
        doc.Heading("Trend since the previous run");
        doc.Paragraph($"Compared with `{trend.PreviousRun}`: {trend.New.Count} new, {trend.Gone.Count} gone, {trend.Persisting.Count} persisting.");
        static string L(FindingRecord r) => $"{Sev(r.Severity)} [{r.Gate}] {FindingScale.Label(r.Kind)} — `{r.CheckId}`: {r.Subject}";
        if (trend.New.Count > 0) doc.Heading("New", 3).Bullets(trend.New.OrderByDescending(r => r.Severity).Select(L));
        if (trend.Gone.Count > 0) doc.Heading("Gone", 3).Bullets(trend.Gone.OrderByDescending(r => r.Severity).Select(L));
        if (trend.Persisting.Count > 0) doc.Heading("Persisting", 3).Bullets(trend.Persisting.OrderByDescending(r => r.Severity).Select(L));
    }
}
