using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Canary.Checks;

/// <summary>
/// One canary rule with a stable id. It judges a <see cref="CanaryComparison"/> it is given (no I/O) and returns
/// Passed, Failed, or NotApplicable when the data cannot decide (the verdict is then INCONCLUSIVE).
/// </summary>
public interface ICanaryCheck
{
    string Id { get; }
    Severity Severity { get; }
    CheckOutcome Evaluate(CanaryComparison comparison, CanaryRules rules, string subject);
}

internal static class Format
{
    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms < 10 ? $"{ms:0.00} ms" : $"{ms:0.0} ms";

    public static string Change(double percent) =>
        double.IsPositiveInfinity(percent) ? "from 0" : $"{(percent >= 0 ? "+" : "")}{percent:0.#} %";

    public static string Rate(double rate) => $"{rate * 100:0.##} %";

    public static string P(double p) => p < 0.0001 ? p.ToString("0.0e0") : p.ToString("0.0000");
}
