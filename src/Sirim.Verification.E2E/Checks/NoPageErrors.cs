using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Checks;

/// <summary><c>no_page_errors</c>: no uncaught exception or unhandled promise rejection in the page during the flow.</summary>
public sealed class NoPageErrors : ICheck<FlowObservation>
{
    public string Id => "no_page_errors";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(FlowObservation o)
    {
        var subject = $"flow {o.Flow}";
        if (o.PageErrors.Count == 0) return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity);
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity, "no uncaught page errors",
            $"{o.PageErrors.Count} uncaught error(s):" + FlowGuards.Lines(o.PageErrors.Select(e =>
                FlowGuards.Clip(e.Message) + (FirstFrame(e.Stack) is { } f ? $"  at {f}" : ""))),
            "A script threw and nothing caught it: the UI may be half-rendered. The stack is in the attached console log; the trace shows the step.");
    }

    private static string? FirstFrame(string? stack) =>
        stack?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at ", StringComparison.Ordinal))?[3..];
}
