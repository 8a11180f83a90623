using Sirim.Verification.Load.Stats;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Tests;

public sealed class ThresholdEvaluatorTests
{
    private static MetricSnapshot Snapshot(long ok, long fail, params long[] micros)
    {
        var histogram = LatencyHistograms.Create();
        foreach (var value in micros)
        {
            histogram.RecordValue(value);
        }

        return new MetricSnapshot(ok + fail, ok, fail, histogram, Seconds: 10);
    }

    private static Threshold Parse(string text)
    {
        Assert.That(ThresholdParser.TryParse(text, out var threshold, out var error), Is.True, error);
        return threshold!;
    }

    [Test]
    public void A_latency_threshold_shows_actual_next_to_limit()
    {
        var data = Snapshot(100, 0, Enumerable.Range(1, 100).Select(i => i * 10_000L).ToArray()); // 10 ms .. 1000 ms

        var result = ThresholdEvaluator.Evaluate(Parse("p95 < 300ms"), data, dropped: 0);

        Assert.That(result, Is.EqualTo(new ThresholdResult("p95 < 300ms", "overall", "p95", 950_271, "950.3 ms", "< 300.0 ms", false, null)));
    }

    [Test]
    public void Error_rate_and_rps_are_computed_from_counts()
    {
        var data = Snapshot(995, 5, 1000);

        var errorRate = ThresholdEvaluator.Evaluate(Parse("error_rate < 1%"), data, 0);
        var rps = ThresholdEvaluator.Evaluate(Parse("rps > 50"), data, 0);

        Assert.Multiple(() =>
        {
            Assert.That(errorRate.ActualText, Is.EqualTo("0.50%"));
            Assert.That(errorRate.Passed, Is.True);
            Assert.That(rps.ActualText, Is.EqualTo("100.0/s"));
            Assert.That(rps.Passed, Is.True);
        });
    }

    [Test]
    public void A_step_that_never_ran_fails_its_latency_threshold_and_says_why()
    {
        var result = ThresholdEvaluator.Evaluate(Parse("list_gastos: p95 < 200ms"), data: null, dropped: 0);

        Assert.Multiple(() =>
        {
            Assert.That(result.Passed, Is.False);
            Assert.That(result.ActualText, Is.EqualTo("n/a"));
            Assert.That(result.Scope, Is.EqualTo("list_gastos"));
            Assert.That(result.Note, Is.EqualTo("step 'list_gastos' recorded no requests (is the step name spelled as in ctx.StepAsync?)"));
        });
    }

    [Test]
    public void Dropped_is_judged_on_the_dropped_count()
    {
        var result = ThresholdEvaluator.Evaluate(Parse("dropped == 0"), Snapshot(1, 0, 5), dropped: 3);

        Assert.That((result.Passed, result.ActualText), Is.EqualTo((false, "3")));
    }
}
