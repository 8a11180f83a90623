using System.Globalization;
using Sirim.Verification.Core.Evidence;

namespace Sirim.Verification.Canary.Rollback;

/// <summary>
/// <c>rollback_event.md</c> (seed 000: when an SLO fails during the canary, roll back at once and record it): when, the
/// rules breached, the figures of the canary against the baseline, the evidence, and the rollback command's exit code
/// and output. Written only on a ROLLBACK verdict; never on PROMOTE or INCONCLUSIVE.
/// </summary>
public static class RollbackEvent
{
    public const string FileName = "rollback_event.md";

    public sealed record Handled(string EventFile, RollbackCommandResult? Command);

    /// <summary>
    /// On ROLLBACK: runs the configured command once (bounded) and writes rollback_event.md through the run (redacted).
    /// On PROMOTE or INCONCLUSIVE: nothing at all, and null.
    /// </summary>
    public static async Task<Handled?> HandleAsync(CanaryResult result, RollbackOptions options, EvidenceRun run, IReadOnlyList<string> evidenceFiles, CancellationToken ct)
    {
        if (result.Decision.Verdict != CanaryVerdict.Rollback) return null;
        var at = DateTimeOffset.UtcNow;
        var command = options.Command is { } c ? await RollbackCommand.RunAsync(c, options.Timeout, ct).ConfigureAwait(false) : null;
        var links = evidenceFiles.Select(f => Path.IsPathRooted(f) ? Path.GetRelativePath(run.Directory, f).Replace('\\', '/') : f).ToList();
        var file = run.WriteMarkdown(FileName, Render(result, options, command, links, run.Environment, at));
        return new Handled(file, command);
    }

    public static MarkdownDocument Render(CanaryResult result, RollbackOptions options, RollbackCommandResult? command,
        IReadOnlyList<string> evidenceLinks, string environment, DateTimeOffset at)
    {
        var o = result.Options;
        var doc = new MarkdownDocument($"Rollback event — {environment}");
        doc.Paragraph($"**Canary verdict: ROLLBACK** at {Iso(at)} — canary {o.CanaryUrl} compared with baseline {o.BaselineUrl}.");
        doc.Heading("Rules breached");
        doc.Table(["rule", "expected", "actual"], result.Outcomes.Where(x => x.Failed)
            .Select(x => (IReadOnlyList<string>)[x.CheckId, x.Expected ?? "", x.Actual ?? ""]));
        doc.Heading("Canary against baseline");
        doc.Table(["figure", "canary vs baseline", "limit", "within"], CanaryGate.Summary(result, []).Figures
            .Select(f => (IReadOnlyList<string>)[f.Name, f.Actual, f.Threshold, f.Ok switch { true => "yes", false => "**no**", _ => "" }]));
        doc.KeyValues([
            ("probe routes", string.Join(", ", o.ProbePaths)),
            ("probes per deployment", result.Comparison.Canary.Requests.ToString(CultureInfo.InvariantCulture) + " canary, " +
                                      result.Comparison.Baseline.Requests.ToString(CultureInfo.InvariantCulture) + " baseline"),
            ("rules", string.Join("; ", o.Rules.Describe())),
        ]);
        doc.Heading("Rollback action");
        if (command is null)
            doc.Paragraph("No rollback command configured (rollbackCommand / SIRIM_ROLLBACK_COMMAND): the rollback is the operator's, now.");
        else
        {
            doc.KeyValues([
                ("command", command.Command),
                ("started (UTC)", Iso(command.StartedAt)),
                ("duration", $"{command.Elapsed.TotalSeconds:0.0} s (bound {options.Timeout.TotalSeconds:0} s)"),
                ("result", command.Outcome + (command.Succeeded ? "" : " — **the rollback command did not succeed: roll back by hand**")),
            ]);
            doc.Heading("Command output", 3).Code(command.Output.Length == 0 ? "(no output)" : command.Output);
        }
        doc.Heading("Evidence");
        doc.Bullets(evidenceLinks.Select(l => $"[{Path.GetFileName(l)}]({l})").DefaultIfEmpty("(none)"));
        return doc;
    }

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
