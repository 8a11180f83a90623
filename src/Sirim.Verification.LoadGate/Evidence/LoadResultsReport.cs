using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;

namespace Sirim.Verification.LoadGate.Evidence;

/// <summary>
/// Renders <c>load_results.md</c>: what the load gate measures and how, its parameters, the profiles that did not run
/// and why, then one section per profile that ran (<see cref="LoadEvidence.ProfileSection"/>).
/// </summary>
public static class LoadResultsReport
{
    /// <param name="profiles">The configured profiles (loadProfiles), in order.</param>
    /// <param name="notRun">"profile: reason" for each profile that did not run.</param>
    /// <param name="sections">The Markdown section of each profile that ran.</param>
    public static MarkdownDocument Render(TargetOptions o, IReadOnlyList<string> profiles, IReadOnlyList<string> notRun, IReadOnlyList<string> sections)
    {
        var doc = new MarkdownDocument($"Load results — {o.Environment}")
            .Paragraph("Each profile sends the critical routes of SIRIM on its schedule and is judged by its budgets. Open-model profiles start " +
                       "iterations on time whatever the server does and measure latency from the intended start, so a stalling server " +
                       "shows in the percentiles (coordinated omission corrected). Warm-up seconds are excluded from the figures.")
            .Heading("Parameters")
            .KeyValues([("API", o.ApiBaseUrl.ToString()), ("profiles", string.Join(", ", profiles)),
                ("load allowed on", o.LoadAllowedHosts.Count == 0 ? "no host" : string.Join(", ", o.LoadAllowedHosts)),
                ("read-only", o.ReadOnly ? "yes: the write route is skipped" : "no"), ("run id (tags created data)", o.RunId),
                ("request timeout", $"{o.RequestTimeout.TotalSeconds:0} s")]);
        if (notRun.Count > 0) doc.Heading("Not run").Bullets(notRun);
        foreach (var section in sections) doc.Paragraph(section.TrimEnd());
        return doc;
    }
}
