namespace Sirim.Verification.Canary.Statistics;

/// <summary>The result of a Mann-Whitney U test of sample X against sample Y.</summary>
/// <param name="UX">U of X: how many (x, y) pairs have x &gt; y, ties counting one half.</param>
/// <param name="UY">U of Y = nX·nY − UX.</param>
/// <param name="Z">Standard score of UX under the null hypothesis (tie-corrected, with continuity correction towards the mean).</param>
/// <param name="PTwoSided">p-value of "the distributions differ".</param>
/// <param name="PXGreater">p-value of "X tends to be larger than Y" (one-sided).</param>
/// <param name="Effect">UX / (nX·nY): probability that a random x exceeds a random y (0.5 = no shift).</param>
public sealed record MannWhitneyResult(int NX, int NY, double UX, double UY, double Z, double PTwoSided, double PXGreater, double Effect);

/// <summary>
/// The Mann-Whitney U (Wilcoxon rank-sum) test with the normal approximation, average ranks for ties, the tie-corrected
/// variance σ² = nX·nY/12 · ((n+1) − Σ(t³−t)/(n(n−1))) and a 0.5 continuity correction (Siegel &amp; Castellan,
/// <i>Nonparametric Statistics</i>, §6.4; the same conventions as SciPy's <c>mannwhitneyu(method="asymptotic")</c>).
/// Netflix's Kayenta judge uses this test to decide whether a canary metric really differs from the baseline.
/// </summary>
public static class MannWhitneyU
{
    public static MannWhitneyResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count == 0 || y.Count == 0) throw new ArgumentException("both samples need at least one value");
        int nx = x.Count, ny = y.Count, n = nx + ny;
        var all = new (double Value, bool FromX)[n];
        for (var i = 0; i < nx; i++) all[i] = (x[i], true);
        for (var i = 0; i < ny; i++) all[nx + i] = (y[i], false);
        Array.Sort(all, (a, b) => a.Value.CompareTo(b.Value));

        double rankSumX = 0, tieTerm = 0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && all[j + 1].Value == all[i].Value) j++;
            var t = j - i + 1;
            var averageRank = (i + j) / 2.0 + 1.0; // ranks are 1-based
            for (var k = i; k <= j; k++) if (all[k].FromX) rankSumX += averageRank;
            tieTerm += (double)t * t * t - t;
            i = j + 1;
        }

        var ux = rankSumX - nx * (nx + 1) / 2.0;
        var uy = (double)nx * ny - ux;
        var mean = nx * (double)ny / 2.0;
        var variance = nx * (double)ny / 12.0 * ((n + 1) - (n > 1 ? tieTerm / ((double)n * (n - 1)) : 0));
        if (variance <= 0) return new MannWhitneyResult(nx, ny, ux, uy, 0, 1, 1, ux / ((double)nx * ny));

        var sd = Math.Sqrt(variance);
        var deviation = ux - mean;
        var z = (deviation - 0.5 * Math.Sign(deviation)) / sd;
        var twoSided = Math.Min(1.0, 2.0 * NormalDistribution.UpperTail(Math.Abs(z)));
        var greater = NormalDistribution.UpperTail((deviation - 0.5) / sd);
        return new MannWhitneyResult(nx, ny, ux, uy, z, twoSided, greater, ux / ((double)nx * ny));
    }
}
