using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Xss;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>stored_xss_not_executed</c>: text stored through the API and rendered by the frontend never runs as script (OWASP
/// ASVS V5.3.3, output encoding; OWASP Top 10 A03 Injection). A payload that set its global, logged its marker or opened a
/// dialog ran in the user's session: it could read the token and act as the user.
/// </summary>
public static class StoredXssNotExecuted
{
    public const string Id = "stored_xss_not_executed";

    public static CheckOutcome Evaluate(string flow, IReadOnlyList<XssProbe> probes, XssObservation seen)
    {
        var subject = $"flow {flow}: {probes.Count} stored payload(s) rendered in the gastos list";
        var ran = probes.Where(p => seen.MarkersSet.Contains(p.Marker) || seen.Dialogs.Any(d => d.Contains(p.Marker, StringComparison.Ordinal)) ||
                                    seen.ConsoleLines.Any(c => c.Contains(p.Marker, StringComparison.Ordinal))).ToList();
        if (ran.Count == 0) return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity.Critical);
        string How(XssProbe p) => string.Join(", ", new[]
        {
            seen.MarkersSet.Contains(p.Marker) ? $"set window.{p.Marker}" : null,
            seen.ConsoleLines.Any(c => c.Contains(p.Marker, StringComparison.Ordinal)) ? "logged its marker" : null,
            seen.Dialogs.Any(d => d.Contains(p.Marker, StringComparison.Ordinal)) ? "opened a dialog" : null,
        }.OfType<string>());
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.Critical,
            "no payload runs: no marker set, logged or alerted",
            $"{ran.Count} payload(s) ran:" + string.Concat(ran.Select(p => $"\n  {p.Describe}: {How(p)}")),
            "Stored text reached the page as HTML (innerHTML, insertAdjacentHTML, a template without escaping) and the " +
            "Content-Security-Policy let its script run. Render user text with textContent (or an escaping template) and keep script-src free of 'unsafe-inline'.");
    }
}
