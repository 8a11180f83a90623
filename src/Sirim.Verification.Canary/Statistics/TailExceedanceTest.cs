namespace Sirim.Verification.Canary.Statistics;

/// <summary>The result of a tail test: how many samples of each side lie above the pooled percentile.</summary>
public sealed record TailExceedanceResult(double Percentile, double ThresholdMs, int XAbove, int NX, int YAbove, int NY, double Z, double PXGreater);

/// <summary>
/// A quantile test for tails (a generalisation of Mood's median test): take the pooled p-th percentile of both samples;
/// if both come from one distribution each side has about (100−p) % of its samples above it. A one-sided two-proportion
/// z-test asks whether X has significantly more. It catches regressions that hit only some requests (a slow path taken
/// by 10 % of calls), which a rank test of the whole distribution may miss.
/// </summary>
public static class TailExceedanceTest
{
    public static TailExceedanceResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y, double percentile)
    {
        if (x.Count == 0 || y.Count == 0) throw new ArgumentException("both samples need at least one value");
        var pooled = x.Concat(y).Order().ToList();
        var threshold = Percentiles.NearestRank(pooled, percentile);
        int xa = x.Count(v => v > threshold), ya = y.Count(v => v > threshold);
        double p1 = (double)xa / x.Count, p2 = (double)ya / y.Count, p = (double)(xa + ya) / (x.Count + y.Count);
        var se = Math.Sqrt(p * (1 - p) * (1.0 / x.Count + 1.0 / y.Count));
        if (se == 0) return new TailExceedanceResult(percentile, threshold, xa, x.Count, ya, y.Count, 0, 1);
        var z = (p1 - p2) / se;
        return new TailExceedanceResult(percentile, threshold, xa, x.Count, ya, y.Count, z, NormalDistribution.UpperTail(z));
    }
}
