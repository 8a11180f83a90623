using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Flows;
using Sirim.Verification.E2E.Xss;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>stored_xss_not_rendered_as_markup</c>: text stored through the API is shown as text, literally, and never becomes
/// elements of the page (OWASP ASVS V5.3.3). It holds even where the Content-Security-Policy stops the script: markup
/// from data can still restyle the page, fake a form or leak data through an image URL, and the next CSP change lets it run.
/// </summary>
public static class StoredXssNotRenderedAsMarkup
{
    public const string Id = "stored_xss_not_rendered_as_markup";

    public static CheckOutcome Evaluate(string flow, IReadOnlyList<XssProbe> probes, XssObservation seen)
    {
        var subject = $"flow {flow}: {probes.Count} stored payload(s) rendered in the gastos list";
        var problems = new List<string>();
        foreach (var p in probes)
        {
            if (seen.Elements.TryGetValue(p.ElementId, out var tag)) problems.Add($"{p.Describe}: became a <{tag}> element (id {p.ElementId})");
            seen.Shown.TryGetValue(p.ElementId, out var shown);
            if (shown is null) problems.Add($"{p.Describe}: its cell was not found");
            else if (!shown.Contains(p.Text.Trim(), StringComparison.Ordinal))
                problems.Add($"{p.Describe}: shown as '{FlowGuards.Clip(shown)}', not the text stored");
        }
        if (problems.Count == 0) return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity.High);
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.High,
            "every payload shown literally as text; no element with a payload's id in the page",
            $"{problems.Count} problem(s):" + string.Concat(problems.Select(l => "\n  " + l)),
            "The frontend inserts stored text as HTML (innerHTML or similar). Use textContent, or escape before inserting; " +
            "the page's HTML and the trace (DOM snapshot) show the element it created.");
    }
}
