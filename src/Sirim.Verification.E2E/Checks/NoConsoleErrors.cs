using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>no_console_errors</c>: the page logs no console error during the flow. Chromium's own "Failed to load resource:
/// the server responded with a status of N" lines are left to <see cref="ApiCallsAnswerExpectedStatus"/> (which knows
/// when a step expects a 401), and CSP reports to <see cref="NoCspViolations"/>, so one defect is reported once.
/// </summary>
public sealed class NoConsoleErrors : ICheck<FlowObservation>
{
    public string Id => "no_console_errors";
    public Severity Severity => Severity.High;

    public static bool IsNetworkEcho(string text) =>
        text.StartsWith("Failed to load resource:", StringComparison.Ordinal);

    public static bool IsCspReport(string text) =>
        text.Contains("Content Security Policy", StringComparison.Ordinal);

    public CheckOutcome Evaluate(FlowObservation o)
    {
        var errors = o.Console.Where(c => c.Type == "error" && !IsNetworkEcho(c.Text) && !IsCspReport(c.Text)).ToList();
        var subject = $"flow {o.Flow}";
        if (errors.Count == 0) return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity);
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity, "no console errors",
            $"{errors.Count} console error(s):" + FlowGuards.Lines(errors.Select(e =>
                FlowGuards.Clip(e.Text) + (e.Location is null ? "" : $"  ({e.Location})"))),
            "The frontend logged an error while the flow ran: open the attached console log and trace.");
    }
}
