using System.Globalization;
using System.Text.RegularExpressions;

namespace Sirim.Verification.Canary;

/// <summary>A latency percentile rule: the canary's pN may be at most <see cref="MaxIncreasePercent"/> above the baseline's.</summary>
public sealed record LatencyRule(int Percentile, double MaxIncreasePercent)
{
    public string Text => $"p{Percentile} <= +{MaxIncreasePercent.ToString(CultureInfo.InvariantCulture)}%";
}

/// <summary>
/// The canary judge's rules. Defaults come from the release requirements: p95 at most +10 %, error rate at most +50 %,
/// no increase in 5xx. A latency rule only fails when the Mann-Whitney test also says the canary is slower at
/// significance <see cref="Alpha"/> and the change exceeds <see cref="LatencyFloorMs"/> (so noise alone never decides).
/// </summary>
public sealed partial record CanaryRules(
    IReadOnlyList<LatencyRule> Latency,
    double MaxErrorRateIncreasePercent,
    int MaxServerErrorIncrease,
    double Alpha,
    double LatencyFloorMs,
    int MinSamples)
{
    public const string DefaultText = "p95 <= +10%; error_rate <= +50%; 5xx <= +0";

    public static CanaryRules Default => Parse(DefaultText).Rules!;

    public IEnumerable<string> Describe()
    {
        foreach (var l in Latency) yield return l.Text;
        yield return $"error_rate <= +{MaxErrorRateIncreasePercent.ToString(CultureInfo.InvariantCulture)}%";
        yield return $"5xx <= +{MaxServerErrorIncrease}";
        yield return $"alpha = {Alpha.ToString(CultureInfo.InvariantCulture)}";
        yield return $"latency_floor = {LatencyFloorMs.ToString(CultureInfo.InvariantCulture)}ms";
        yield return $"min_samples = {MinSamples}";
    }

    /// <summary>
    /// Parses rules separated by ';' or ','. Accepted: <c>pN &lt;= +X%</c> (N in 50..99.9), <c>error_rate &lt;= +X%</c>,
    /// <c>5xx &lt;= +K</c>, <c>alpha = A</c> (0 &lt; A &lt; 0.5), <c>latency_floor = Xms</c>, <c>min_samples = K</c>.
    /// Every problem is reported at once; nothing is sent before the rules are valid.
    /// </summary>
    public static (CanaryRules? Rules, IReadOnlyList<string> Errors) Parse(string text)
    {
        var errors = new List<string>();
        var latency = new List<LatencyRule>();
        double errorRate = 50, alpha = 0.01, floor = 5;
        int serverErrors = 0, minSamples = 30;
        bool sawErrorRate = false, sawServerErrors = false;
        var items = text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) errors.Add($"canary rules '{text}' are empty; e.g. '{DefaultText}'");
        foreach (var item in items)
        {
            var m = RulePattern().Match(item);
            if (!m.Success)
            {
                errors.Add($"canary rule '{item}' is not understood; allowed: 'p95 <= +10%', 'error_rate <= +50%', '5xx <= +0', 'alpha = 0.05', 'latency_floor = 5ms', 'min_samples = 30'");
                continue;
            }
            var name = m.Groups["name"].Value.ToLowerInvariant();
            var op = m.Groups["op"].Value;
            var number = double.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture);
            var unit = m.Groups["unit"].Value.ToLowerInvariant();
            var limitOp = op is "<=" or "<";
            string? problem = name switch
            {
                _ when name.StartsWith('p') && name != "p" => LatencyRuleProblem(name, limitOp, unit, number, latency),
                "error_rate" when limitOp && unit == "%" => Set(ref errorRate, number, ref sawErrorRate),
                "5xx" when limitOp && unit == "" && number == Math.Floor(number) => Set(ref serverErrors, (int)number, ref sawServerErrors),
                "alpha" when op == "=" && unit == "" && number is > 0 and < 0.5 => Assign(ref alpha, number),
                "latency_floor" when op == "=" && unit == "ms" => Assign(ref floor, number),
                "min_samples" when op == "=" && unit == "" && number >= 5 && number == Math.Floor(number) => Assign(ref minSamples, (int)number),
                _ => $"canary rule '{item}': {Expected(name)}",
            };
            if (problem is not null) errors.Add(problem);
        }
        if (errors.Count > 0) return (null, errors);
        return (new CanaryRules(latency, errorRate, serverErrors, alpha, floor, minSamples), errors);
    }

    private static string? LatencyRuleProblem(string name, bool limitOp, string unit, double number, List<LatencyRule> latency)
    {
        if (!int.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 50 or > 99)
            return $"canary rule '{name}': the percentile must be p50 to p99";
        if (!limitOp || unit != "%") return $"canary rule '{name}': write it as '{name} <= +10%' (an increase in percent over the baseline)";
        if (latency.Any(l => l.Percentile == p)) return $"canary rule '{name}' is given twice";
        latency.Add(new LatencyRule(p, number));
        return null;
    }

    private static string Expected(string name) => name switch
    {
        "error_rate" => "write it as 'error_rate <= +50%'",
        "5xx" => "write it as '5xx <= +0' (allowed extra 5xx answers, a whole number)",
        "alpha" => "write it as 'alpha = 0.05' (a significance level between 0 and 0.5)",
        "latency_floor" => "write it as 'latency_floor = 5ms'",
        "min_samples" => "write it as 'min_samples = 30' (a whole number, at least 5)",
        _ => $"unknown rule '{name}'",
    };

    private static string? Set<T>(ref T target, T value, ref bool seen)
    {
        if (seen) return "a canary rule is given twice";
        seen = true;
        target = value;
        return null;
    }

    private static string? Assign<T>(ref T target, T value)
    {
        target = value;
        return null;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_]+)\s*(?<op><=|<|=)\s*\+?(?<num>\d+(?:\.\d+)?)\s*(?<unit>%|ms)?$")]
    private static partial Regex RulePattern();
}
