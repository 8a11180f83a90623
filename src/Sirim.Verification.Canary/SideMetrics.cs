using Sirim.Verification.Canary.Probing;
using Sirim.Verification.Canary.Statistics;

namespace Sirim.Verification.Canary;

/// <summary>What one deployment showed during the probe phase: counts, error rate, 5xx and latency percentiles.</summary>
public sealed record SideMetrics(
    Side Side,
    int Requests,
    int Errors,
    int ServerErrors,
    int TransportErrors,
    IReadOnlyList<double> SuccessLatenciesMs,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double Percentile(int p) => p switch
    {
        50 => P50Ms,
        95 => P95Ms,
        99 => P99Ms,
        _ => Percentiles.NearestRank(SuccessLatenciesMs.Order().ToList(), p),
    };

    public static SideMetrics From(Side side, IEnumerable<ProbeSample> samples)
    {
        var mine = samples.Where(s => s.Side == side).ToList();
        var ok = mine.Where(s => !s.IsError).Select(s => s.LatencyMs).Order().ToList();
        return new SideMetrics(side, mine.Count, mine.Count(s => s.IsError), mine.Count(s => s.IsServerError),
            mine.Count(s => s.Status is null), ok,
            Percentiles.NearestRank(ok, 50), Percentiles.NearestRank(ok, 95), Percentiles.NearestRank(ok, 99),
            ok.Count == 0 ? double.NaN : ok[^1]);
    }
}

/// <summary>Baseline and canary measured side by side, with the rank test of their latencies.</summary>
public sealed record CanaryComparison(SideMetrics Baseline, SideMetrics Canary, MannWhitneyResult? LatencyTest)
{
    public static CanaryComparison From(IReadOnlyList<ProbeSample> samples)
    {
        var baseline = SideMetrics.From(Side.Baseline, samples);
        var canary = SideMetrics.From(Side.Canary, samples);
        // X = canary: "canary latencies tend to be larger" is the one-sided alternative that matters for a rollback.
        var test = baseline.SuccessLatenciesMs.Count > 0 && canary.SuccessLatenciesMs.Count > 0
            ? MannWhitneyU.Test(canary.SuccessLatenciesMs, baseline.SuccessLatenciesMs)
            : null;
        return new CanaryComparison(baseline, canary, test);
    }

    /// <summary>Relative change from baseline to canary in percent (+ = canary higher); infinity when the baseline is 0 and the canary is not.</summary>
    public static double ChangePercent(double baseline, double canary) =>
        baseline == 0 ? (canary == 0 ? 0 : double.PositiveInfinity) : (canary - baseline) / baseline * 100.0;
}
