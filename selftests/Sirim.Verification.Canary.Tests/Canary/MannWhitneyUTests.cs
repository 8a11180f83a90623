using Sirim.Verification.Canary.Statistics;

namespace Sirim.Verification.Canary.Tests.Canary;

/// <summary>The rank test against published values (normal approximation with tie and continuity correction).</summary>
public sealed class MannWhitneyUTests
{
    [Test]
    public void Textbook_example_without_ties()
    {
        // Ages at onset, males vs females: the worked example of SciPy's mannwhitneyu documentation.
        // U = 17; exact two-sided p = 0.1111; asymptotic (continuity-corrected) two-sided p = 0.11135, one-sided 0.05567.
        var r = MannWhitneyU.Test([19, 22, 16, 29, 24], [20, 11, 17, 12]);
        Assert.Multiple(() =>
        {
            Assert.That(r.UX, Is.EqualTo(17));
            Assert.That(r.UY, Is.EqualTo(3));
            Assert.That(r.PTwoSided, Is.EqualTo(0.11134688653314041).Within(1e-6));
            Assert.That(r.PXGreater, Is.EqualTo(0.055673443266570206).Within(1e-6));
            Assert.That(r.Effect, Is.EqualTo(17.0 / 20));
        });
    }

    [Test]
    public void Ties_get_average_ranks_and_the_tie_corrected_variance()
    {
        // Cross-checked with scipy.stats.mannwhitneyu(x, y, method="asymptotic"): U = 7.5, p = 0.006373133838085873;
        // alternative="greater": 0.9976386658073535 (x greater), 0.0031865669190429364 (y greater).
        double[] x = [1, 2, 2, 3, 3, 3, 4, 5];
        double[] y = [3, 4, 4, 5, 5, 6, 7, 7, 8];
        var r = MannWhitneyU.Test(x, y);
        var reverse = MannWhitneyU.Test(y, x);
        Assert.Multiple(() =>
        {
            Assert.That(r.UX, Is.EqualTo(7.5));
            Assert.That(r.PTwoSided, Is.EqualTo(0.006373133838085873).Within(1e-6));
            Assert.That(r.PXGreater, Is.EqualTo(0.9976386658073535).Within(1e-6));
            Assert.That(reverse.UX, Is.EqualTo(64.5));
            Assert.That(reverse.PXGreater, Is.EqualTo(0.0031865669190429364).Within(1e-6));
            Assert.That(reverse.PTwoSided, Is.EqualTo(r.PTwoSided).Within(1e-12));
        });
    }

    [Test]
    public void Identical_constant_samples_are_no_evidence_of_a_difference()
    {
        var r = MannWhitneyU.Test([5, 5, 5, 5], [5, 5, 5]);
        Assert.Multiple(() =>
        {
            Assert.That(r.PTwoSided, Is.EqualTo(1));
            Assert.That(r.PXGreater, Is.EqualTo(1));
            Assert.That(r.Effect, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Outliers_in_one_tail_are_not_a_significant_shift()
    {
        // 10 of 100 values moved up: the p95 doubles, but the distribution barely shifts (SciPy: one-sided p = 0.4519).
        var baseline = Enumerable.Range(0, 100).Select(i => 10 + i * 0.1).ToArray();
        var canary = baseline.Select((v, i) => i >= 90 ? 40.0 : v).ToArray();
        Assert.That(MannWhitneyU.Test(canary, baseline).PXGreater, Is.EqualTo(0.45186162923284784).Within(1e-6));
    }

    [TestCase(0.0, 1.0)]
    [TestCase(1.0, 0.157299207050285)]
    [TestCase(2.0, 0.004677734981047)]
    [TestCase(-1.0, 1.842700792949715)]
    public void Erfc_matches_tabulated_values(double x, double expected) =>
        Assert.That(NormalDistribution.Erfc(x), Is.EqualTo(expected).Within(Math.Max(1e-9, expected * 1.2e-7)));

    [Test]
    public void Normal_cdf_at_1_96_is_0_975() => Assert.That(NormalDistribution.Cdf(1.96), Is.EqualTo(0.9750021).Within(1e-6));

    [TestCase(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 95, 10)]
    [TestCase(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 50, 5)]
    [TestCase(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 90, 9)]
    [TestCase(new double[] { 7 }, 99, 7)]
    public void Nearest_rank_percentiles(double[] sorted, double p, double expected) =>
        Assert.That(Percentiles.NearestRank(sorted, p), Is.EqualTo(expected));
}
