using HdrHistogram;

namespace Sirim.Verification.Load.Stats;

/// <summary>Latency distribution of a step or scenario, in milliseconds (from an HdrHistogram of microseconds).</summary>
public sealed record LatencySummary(
    long Count,
    double MinMs,
    double MeanMs,
    double P50Ms,
    double P75Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs)
{
    /// <summary>No samples.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Summarises a histogram of microseconds.</summary>
    public static LatencySummary From(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        static double Ms(double micros) => micros / 1000.0;
        return new LatencySummary(
            histogram.TotalCount,
            Ms(histogram.LowestEquivalentValue(histogram.GetValueAtPercentile(0))),
            Ms(histogram.GetMean()),
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(75)),
            Ms(histogram.GetValueAtPercentile(95)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetMaxValue()));
    }
}
