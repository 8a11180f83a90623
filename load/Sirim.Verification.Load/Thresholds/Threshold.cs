using System.Globalization;

namespace Sirim.Verification.Load.Thresholds;

/// <summary>What a threshold measures.</summary>
public enum ThresholdMetric
{
    /// <summary>Response-time percentile (<c>p95</c>, <c>p99.9</c>).</summary>
    Percentile,

    /// <summary>Fastest response time.</summary>
    Min,

    /// <summary>Mean response time (<c>mean</c> or <c>avg</c>).</summary>
    Mean,

    /// <summary>Slowest response time.</summary>
    Max,

    /// <summary>Failed requests / all requests.</summary>
    ErrorRate,

    /// <summary>Requests per second over the measured period.</summary>
    Rps,

    /// <summary>All requests.</summary>
    Count,

    /// <summary>Successful requests.</summary>
    OkCount,

    /// <summary>Failed requests.</summary>
    FailCount,

    /// <summary>Iterations that were due but could not start (whole scenario only).</summary>
    Dropped,
}

/// <summary>Comparison of a threshold.</summary>
public enum ThresholdOperator
{
    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>==</c></summary>
    Equal,
}

/// <summary>
/// A parsed budget such as <c>p95 &lt; 300ms</c>, <c>error_rate &lt; 1%</c>, <c>rps &gt; 50</c> or
/// <c>list_gastos: p95 &lt; 200ms</c> (k6 thresholds). Latency metrics judge the response time measured
/// from the intended start (open model; equal to the service time in the closed model).
/// </summary>
/// <param name="Text">The text as written.</param>
/// <param name="Scope">Step name, or null for the whole scenario.</param>
/// <param name="Metric">What is measured.</param>
/// <param name="Percentile">The percentile for <see cref="ThresholdMetric.Percentile"/> (e.g. 95); 0 otherwise.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Limit">Canonical limit: microseconds for latency, a fraction for error_rate, per second for rps, a count otherwise.</param>
public sealed record Threshold(
    string Text,
    string? Scope,
    ThresholdMetric Metric,
    double Percentile,
    ThresholdOperator Operator,
    double Limit)
{
    /// <summary>Whether the metric is a response time.</summary>
    public bool IsLatency => Metric is ThresholdMetric.Percentile or ThresholdMetric.Min or ThresholdMetric.Mean or ThresholdMetric.Max;

    /// <summary>"overall" or the step name.</summary>
    public string ScopeName => Scope ?? "overall";

    /// <summary>Metric name as written in thresholds: p95, mean, error_rate...</summary>
    public string MetricName => Metric switch
    {
        ThresholdMetric.Percentile => "p" + Percentile.ToString("0.###", CultureInfo.InvariantCulture),
        ThresholdMetric.Min => "min",
        ThresholdMetric.Mean => "mean",
        ThresholdMetric.Max => "max",
        ThresholdMetric.ErrorRate => "error_rate",
        ThresholdMetric.Rps => "rps",
        ThresholdMetric.Count => "count",
        ThresholdMetric.OkCount => "ok_count",
        ThresholdMetric.FailCount => "fail_count",
        ThresholdMetric.Dropped => "dropped",
        _ => Metric.ToString(),
    };

    /// <summary>The operator as written: &lt;, &lt;=, &gt;, &gt;=, ==.</summary>
    public string OperatorText => Operator switch
    {
        ThresholdOperator.LessThan => "<",
        ThresholdOperator.LessOrEqual => "<=",
        ThresholdOperator.GreaterThan => ">",
        ThresholdOperator.GreaterOrEqual => ">=",
        _ => "==",
    };

    /// <summary>
    /// Whether a failure seen while the run is still going is final enough to abort on: only "at most" limits
    /// on latency, error rate, failures and drops. A "more than" limit (rps &gt; 50, count &gt;= 1000) can only be
    /// judged at the end.
    /// </summary>
    public bool CheckedDuringRun
    {
        get
        {
            var atMost = Operator is ThresholdOperator.LessThan or ThresholdOperator.LessOrEqual;
            return Metric switch
            {
                ThresholdMetric.Percentile or ThresholdMetric.Mean or ThresholdMetric.Max or ThresholdMetric.ErrorRate => atMost,
                ThresholdMetric.FailCount or ThresholdMetric.Dropped => atMost || Operator == ThresholdOperator.Equal,
                _ => false,
            };
        }
    }

    /// <summary>Whether <paramref name="actual"/> (canonical units) is within the limit.</summary>
    public bool IsSatisfiedBy(double actual) => Operator switch
    {
        ThresholdOperator.LessThan => actual < Limit,
        ThresholdOperator.LessOrEqual => actual <= Limit,
        ThresholdOperator.GreaterThan => actual > Limit,
        ThresholdOperator.GreaterOrEqual => actual >= Limit,
        _ => actual == Limit,
    };

    /// <summary>The limit with its operator, in display units: "&lt; 300 ms", "&lt; 1.00%", "&gt; 50/s".</summary>
    public string LimitText => OperatorText + " " + FormatValue(Limit);

    /// <summary>Formats a canonical value of this threshold's metric for display.</summary>
    public string FormatValue(double value) => Metric switch
    {
        _ when IsLatency => LoadUnits.FormatMicroseconds(value),
        ThresholdMetric.ErrorRate => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
        ThresholdMetric.Rps => value.ToString("0.0", CultureInfo.InvariantCulture) + "/s",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    public override string ToString() => Text;
}
