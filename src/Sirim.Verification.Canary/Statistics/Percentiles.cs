namespace Sirim.Verification.Canary.Statistics;

/// <summary>Nearest-rank percentiles (the value below which p % of the samples fall), as load tools report them.</summary>
public static class Percentiles
{
    /// <param name="sorted">samples in ascending order</param>
    /// <param name="percentile">0 &lt; p ≤ 100</param>
    public static double NearestRank(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0) return double.NaN;
        if (percentile is <= 0 or > 100) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "a percentile is in (0, 100]");
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
