using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// What the E2E evidence (e2e_results.md) says about the API going down mid-gate: one line for the parameters, and a
/// section naming the flow, the attempt and the moment (first failed call, last good answer) when it happened. Written
/// with whatever flows ran, so a gate cut short by an outage still leaves its evidence. Pure.
/// </summary>
public static class E2EOutageEvidence
{
    public const string Heading = "The target went down mid-gate";

    /// <summary>The first attempt whose <c>target_stayed_up</c> failed, with its flow; null when the API answered throughout.</summary>
    public static (FlowResult Flow, FlowAttempt Attempt, CheckOutcome Outage)? First(IEnumerable<FlowResult> results)
    {
        foreach (var r in results)
            foreach (var a in r.Attempts)
                if (a.Outage is { } outage) return (r, a, outage);
        return null;
    }

    /// <summary>The "target stayed up" line of the parameters.</summary>
    public static string Summary(IEnumerable<FlowResult> results) => First(results) is { } down
        ? $"**NO**: the API went down during flow {down.Flow.Flow} (attempt {down.Attempt.Number}); see '{Heading}'"
        : "yes: the API answered until each flow's last call";

    /// <summary>Adds the section when the API went down during a flow; nothing otherwise.</summary>
    public static MarkdownDocument Render(MarkdownDocument doc, IReadOnlyList<FlowResult> results, Redactor redactor)
    {
        if (First(results) is not { } down) return doc;
        var later = results.SkipWhile(r => r != down.Flow).Skip(1).Where(r => !r.NotRun).Select(r => r.Flow).ToList();
        return doc.Heading(Heading)
            .Paragraph($"During flow {down.Flow.Flow} (attempt {down.Attempt.Number}) the API stopped answering: {redactor.Text(down.Outage.Actual)}.")
            .Paragraph("The flow's other failures from that moment on" + (later.Count > 0 ? $", and those of the flows after it ({string.Join(", ", later)})," : "") +
                       " are consequences: look at the target's and its database's logs around that time (process exit, OOM kill, restart, connection refused). " +
                       $"The flow was not retried. Every browser wait of a flow is bounded by {SettingsCatalog.E2EActionTimeoutSeconds.Key} (a navigation by twice it), " +
                       $"every API call of the suite by {SettingsCatalog.RequestTimeoutSeconds.Key}, the cleanup by {SettingsCatalog.CleanupMaxAttempts.Key}. " +
                       "What the flows created and could not remove is listed by id under 'Data created by the flows and its removal'.")
            .Code(FailureRenderer.Render(down.Outage, redactor));
    }
}
