using HdrHistogram;

namespace Sirim.Verification.Load.Thresholds;

/// <summary>Outcome of one threshold: the actual value next to the limit.</summary>
/// <param name="Threshold">The threshold as written.</param>
/// <param name="Scope">"overall" or the step name.</param>
/// <param name="Metric">Metric name (p95, error_rate...).</param>
/// <param name="Actual">Actual value in canonical units (µs, fraction, per second, count), or null when nothing was measured.</param>
/// <param name="ActualText">Actual value for display ("312.4 ms", "0.50%"), or "n/a".</param>
/// <param name="Limit">Operator and limit for display ("&lt; 300 ms").</param>
/// <param name="Passed">Whether the actual value is within the limit.</param>
/// <param name="Note">Why there is no actual value, or when a failure was detected during the run.</param>
public sealed record ThresholdResult(
    string Threshold,
    string Scope,
    string Metric,
    double? Actual,
    string ActualText,
    string Limit,
    bool Passed,
    string? Note);

/// <summary>Counts and response-time histogram (µs) of one step or of the whole scenario.</summary>
internal sealed record MetricSnapshot(long Count, long Ok, long Fail, HistogramBase Latency, double Seconds)
{
    public double ErrorRate => Count == 0 ? 0 : (double)Fail / Count;

    public double Rps => Seconds <= 0 ? 0 : Count / Seconds;
}

/// <summary>Judges thresholds against measured data (at the end, or on a running snapshot).</summary>
internal static class ThresholdEvaluator
{
    public static ThresholdResult Evaluate(Threshold threshold, MetricSnapshot? data, long dropped)
    {
        ThresholdResult Result(double? actual, string? note) => new(
            threshold.Text,
            threshold.ScopeName,
            threshold.MetricName,
            actual,
            actual is null ? "n/a" : threshold.FormatValue(actual.Value),
            threshold.LimitText,
            actual is not null && threshold.IsSatisfiedBy(actual.Value),
            note);

        if (threshold.Metric == ThresholdMetric.Dropped)
        {
            return Result(dropped, null);
        }

        if (data is null || data.Count == 0)
        {
            var note = threshold.Scope is null
                ? "no requests were recorded"
                : $"step '{threshold.Scope}' recorded no requests (is the step name spelled as in ctx.StepAsync?)";
            return threshold.Metric switch
            {
                ThresholdMetric.Count or ThresholdMetric.OkCount or ThresholdMetric.FailCount or ThresholdMetric.Rps => Result(0, note),
                _ => Result(null, note),
            };
        }

        double actual = threshold.Metric switch
        {
            ThresholdMetric.Percentile => data.Latency.GetValueAtPercentile(threshold.Percentile),
            ThresholdMetric.Min => data.Latency.LowestEquivalentValue(data.Latency.GetValueAtPercentile(0)),
            ThresholdMetric.Mean => data.Latency.GetMean(),
            ThresholdMetric.Max => data.Latency.GetMaxValue(),
            ThresholdMetric.ErrorRate => data.ErrorRate,
            ThresholdMetric.Rps => data.Rps,
            ThresholdMetric.Count => data.Count,
            ThresholdMetric.OkCount => data.Ok,
            _ => data.Fail,
        };
        return Result(actual, null);
    }
}
