using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Canary.Checks;

/// <summary>
/// What a canary check judges: the <see cref="CanaryComparison"/> of the two deployments, the rules and the subject
/// line. A canary check (<see cref="ICheck{TInput}"/> of this) does no I/O and returns Passed, Failed, or NotApplicable
/// when the data cannot decide (the verdict is then INCONCLUSIVE).
/// </summary>
public sealed record CanaryEvidence(CanaryComparison Comparison, CanaryRules Rules, string Subject);

internal static class Format
{
    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms < 10 ? $"{ms:0.00} ms" : $"{ms:0.0} ms";

    public static string Change(double percent) =>
        double.IsPositiveInfinity(percent) ? "from 0" : $"{(percent >= 0 ? "+" : "")}{percent:0.#} %";

    public static string Rate(double rate) => $"{rate * 100:0.##} %";

    public static string P(double p) => p < 0.0001 ? p.ToString("0.0e0") : p.ToString("0.0000");
}
