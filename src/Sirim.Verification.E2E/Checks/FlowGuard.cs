using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// The guards of every flow, in report order: rules every flow must keep besides its own steps, each an
/// <see cref="ICheck{TInput}"/> of what the browser reported (no I/O).
/// </summary>
public static class FlowGuards
{
    public static IReadOnlyList<ICheck<FlowObservation>> All { get; } =
    [
        new NoConsoleErrors(), new NoPageErrors(), new NoCspViolations(), new NoFailedRequests(),
        new ApiCallsToConfiguredOrigin(), new ApiCallsAnswerExpectedStatus(),
    ];

    public static IReadOnlyList<CheckOutcome> Evaluate(FlowObservation observation) => All.Select(g => g.Evaluate(observation)).ToList();

    /// <summary>At most <paramref name="max"/> lines, then how many more: failure messages stay readable.</summary>
    internal static string Lines(IEnumerable<string> lines, int max = 8)
    {
        var list = lines.ToList();
        var shown = list.Take(max).Select(l => "  " + l);
        return "\n" + string.Join("\n", shown) + (list.Count > max ? $"\n  … and {list.Count - max} more (see the attached console log)" : "");
    }

    internal static string Clip(string text, int max = 300) => text.Length > max ? text[..max] + " …" : text;
}
