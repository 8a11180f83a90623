using System.Globalization;

namespace Sirim.Verification.Load.Thresholds;

/// <summary>
/// Parses threshold strings (k6 style) before any traffic is sent. Grammar:
/// <c>[step ":"] metric operator limit</c>, e.g. <c>p95 &lt; 300ms</c>, <c>p99 &lt;= 1s</c>, <c>error_rate &lt; 1%</c>,
/// <c>rps &gt; 50</c>, <c>fail_count == 0</c>, <c>list_gastos: p95 &lt; 200ms</c>. Every error says what is wrong,
/// why, and what is allowed.
/// </summary>
public static class ThresholdParser
{
    /// <summary>Metrics accepted on the left of the operator, for error messages.</summary>
    public const string AllowedMetrics =
        "p<N> (0 < N <= 100, e.g. p95, p99.9), min, mean (or avg), max, error_rate, rps, count, ok_count, fail_count, dropped";

    /// <summary>Operators accepted, for error messages.</summary>
    public const string AllowedOperators = "<, <=, >, >=, ==";

    private const string Shape = "write \"<metric> <operator> <limit>\", optionally prefixed by \"<step>: \", e.g. \"p95 < 300ms\" or \"list_gastos: p95 < 200ms\"";

    /// <summary>Parses one threshold or returns why it is invalid.</summary>
    public static bool TryParse(string? text, out Threshold? threshold, out string? error)
    {
        threshold = null;
        error = Parse(text ?? string.Empty, out threshold);
        return error is null;
    }

    /// <summary>Parses every threshold; returns the parsed ones and every error (all of them, not only the first).</summary>
    public static (IReadOnlyList<Threshold> Thresholds, IReadOnlyList<string> Errors) ParseAll(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var thresholds = new List<Threshold>();
        var errors = new List<string>();
        foreach (var text in texts)
        {
            if (TryParse(text, out var threshold, out var error))
            {
                thresholds.Add(threshold!);
            }
            else
            {
                errors.Add(error!);
            }
        }

        return (thresholds, errors);
    }

    private static string? Parse(string text, out Threshold? threshold)
    {
        threshold = null;
        string Invalid(string why) => $"threshold \"{text}\" is invalid: {why}";

        var body = text.Trim();
        if (body.Length == 0)
        {
            return Invalid($"it is empty; {Shape}");
        }

        string? scope = null;
        var colon = body.IndexOf(':');
        if (colon >= 0)
        {
            scope = body[..colon].Trim();
            body = body[(colon + 1)..].Trim();
            if (scope.Length == 0)
            {
                return Invalid($"the step name before ':' is empty; {Shape}");
            }

            if (scope.Any(char.IsWhiteSpace))
            {
                return Invalid($"step name '{scope}' contains spaces; step names are single words such as list_gastos");
            }
        }

        var opStart = body.IndexOfAny(['<', '>', '=', '!']);
        if (opStart < 0)
        {
            return Invalid($"it has no comparison operator; allowed operators: {AllowedOperators}; {Shape}");
        }

        var opEnd = opStart;
        while (opEnd < body.Length && body[opEnd] is '<' or '>' or '=' or '!')
        {
            opEnd++;
        }

        var opText = body[opStart..opEnd];
        ThresholdOperator? op = opText switch
        {
            "<" => ThresholdOperator.LessThan,
            "<=" => ThresholdOperator.LessOrEqual,
            ">" => ThresholdOperator.GreaterThan,
            ">=" => ThresholdOperator.GreaterOrEqual,
            "==" => ThresholdOperator.Equal,
            _ => null,
        };
        if (op is null)
        {
            return Invalid($"operator '{opText}' is not allowed; allowed operators: {AllowedOperators}");
        }

        var metricText = body[..opStart].Trim();
        var limitText = body[opEnd..].Trim();
        if (metricText.Length == 0)
        {
            return Invalid($"the metric before '{opText}' is missing; allowed metrics: {AllowedMetrics}");
        }

        var metricError = ParseMetric(metricText, out var metric, out var percentile);
        if (metricError is not null)
        {
            return Invalid(metricError);
        }

        if (metric == ThresholdMetric.Dropped && scope is not null)
        {
            return Invalid($"'dropped' counts iterations of the whole scenario; it cannot be scoped to step '{scope}' (write \"dropped == 0\")");
        }

        if (limitText.Length == 0)
        {
            return Invalid($"the limit after '{opText}' is missing; e.g. \"{metricText} {opText} {Example(metric)}\"");
        }

        var limitError = ParseLimit(metric, metricText, limitText, out var limit);
        if (limitError is not null)
        {
            return Invalid(limitError);
        }

        threshold = new Threshold(text.Trim(), scope, metric, percentile, op.Value, limit);
        return null;
    }

    private static string? ParseMetric(string text, out ThresholdMetric metric, out double percentile)
    {
        percentile = 0;
        metric = ThresholdMetric.Count;
        switch (text.ToLowerInvariant())
        {
            case "min": metric = ThresholdMetric.Min; return null;
            case "mean" or "avg": metric = ThresholdMetric.Mean; return null;
            case "max": metric = ThresholdMetric.Max; return null;
            case "error_rate": metric = ThresholdMetric.ErrorRate; return null;
            case "rps": metric = ThresholdMetric.Rps; return null;
            case "count": metric = ThresholdMetric.Count; return null;
            case "ok_count": metric = ThresholdMetric.OkCount; return null;
            case "fail_count": metric = ThresholdMetric.FailCount; return null;
            case "dropped": metric = ThresholdMetric.Dropped; return null;
        }

        if (text.Length > 1 && text[0] is 'p' or 'P' && (char.IsAsciiDigit(text[1]) || text[1] == '.'))
        {
            if (!double.TryParse(text.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out percentile)
                || percentile <= 0 || percentile > 100)
            {
                return $"percentile '{text}' is out of range; write p<N> with 0 < N <= 100 (e.g. p95, p99.9)";
            }

            metric = ThresholdMetric.Percentile;
            return null;
        }

        return $"unknown metric '{text}'; allowed metrics: {AllowedMetrics}";
    }

    private static string? ParseLimit(ThresholdMetric metric, string metricText, string text, out double limit)
    {
        limit = 0;
        var numberEnd = 0;
        while (numberEnd < text.Length && (char.IsAsciiDigit(text[numberEnd]) || text[numberEnd] == '.'))
        {
            numberEnd++;
        }

        if (numberEnd == 0 || !double.TryParse(text.AsSpan(0, numberEnd), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return $"limit '{text}' is not a number (0 or more) followed by an optional unit; e.g. \"{metricText} < {Example(metric)}\"";
        }

        var unit = text[numberEnd..].Trim();
        switch (metric)
        {
            case ThresholdMetric.Percentile or ThresholdMetric.Min or ThresholdMetric.Mean or ThresholdMetric.Max:
                double? factor = unit switch
                {
                    "us" or "µs" => 1,
                    "ms" => 1_000,
                    "s" => 1_000_000,
                    _ => null,
                };
                if (unit.Length == 0)
                {
                    return $"latency limit '{text}' has no unit; allowed units: us, ms, s (e.g. 300ms, 1.5s)";
                }

                if (factor is null)
                {
                    return $"unknown latency unit '{unit}' in '{text}'; allowed units: us, ms, s (e.g. 300ms, 1.5s)";
                }

                limit = number * factor.Value;
                return null;

            case ThresholdMetric.ErrorRate:
                if (unit == "%")
                {
                    if (number > 100)
                    {
                        return $"error_rate limit '{text}' is above 100%; write a percentage between 0% and 100% (e.g. 1%)";
                    }

                    limit = number / 100;
                    return null;
                }

                if (unit.Length != 0)
                {
                    return $"unknown unit '{unit}' for error_rate; write a percentage (1%) or a fraction between 0 and 1 (0.01)";
                }

                if (number > 1)
                {
                    return $"error_rate limit '{text}' is ambiguous; write a percentage ({text}%) or a fraction between 0 and 1 (e.g. 0.01)";
                }

                limit = number;
                return null;

            case ThresholdMetric.Rps:
                if (unit.Length != 0 && unit != "/s")
                {
                    return $"rps limit '{text}' has unit '{unit}'; rps is requests per second: write a plain number (e.g. rps > 50)";
                }

                limit = number;
                return null;

            default:
                if (unit.Length != 0)
                {
                    return $"{metricText} limit '{text}' has unit '{unit}'; counts are plain whole numbers (e.g. {metricText} == 0)";
                }

                if (number != Math.Floor(number))
                {
                    return $"{metricText} limit '{text}' must be a whole number (e.g. {metricText} == 0)";
                }

                limit = number;
                return null;
        }
    }

    private static string Example(ThresholdMetric metric) => metric switch
    {
        ThresholdMetric.ErrorRate => "1%",
        ThresholdMetric.Rps => "50",
        ThresholdMetric.Count or ThresholdMetric.OkCount or ThresholdMetric.FailCount or ThresholdMetric.Dropped => "0",
        _ => "300ms",
    };
}
