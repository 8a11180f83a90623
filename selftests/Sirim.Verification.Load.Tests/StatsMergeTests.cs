using HdrHistogram;
using Sirim.Verification.Load.Stats;

namespace Sirim.Verification.Load.Tests;

public sealed class StatsMergeTests
{
    [TestCase(1)]
    [TestCase(8)]
    [TestCase(64)]
    public void Per_worker_histograms_merged_equal_a_single_histogram(int workers)
    {
        var random = new Random(20240611);
        var single = LatencyHistograms.Create();
        var perWorker = Enumerable.Range(0, workers).Select(_ => LatencyHistograms.Create()).ToArray();
        for (var i = 0; i < 200_000; i++)
        {
            // Log-normal-ish latencies from 50 µs to about a minute, plus clamped outliers beyond the range.
            var micros = (long)Math.Exp(random.NextDouble() * 14 + 4);
            if (i % 50_000 == 0)
            {
                micros = long.MaxValue / 4;
            }

            LatencyHistograms.RecordMicroseconds(single, micros);
            LatencyHistograms.RecordMicroseconds(perWorker[random.Next(workers)], micros);
        }

        var merged = LatencyHistograms.Merge(perWorker);

        Assert.Multiple(() =>
        {
            Assert.That(merged.TotalCount, Is.EqualTo(single.TotalCount));
            Assert.That(merged.GetMaxValue(), Is.EqualTo(single.GetMaxValue()));
            Assert.That(merged.GetMean(), Is.EqualTo(single.GetMean()));
            foreach (var percentile in new[] { 0.0, 50, 75, 90, 95, 99, 99.9, 100 })
            {
                Assert.That(merged.GetValueAtPercentile(percentile), Is.EqualTo(single.GetValueAtPercentile(percentile)), $"p{percentile}");
            }

            Assert.That(LatencySummary.From(merged), Is.EqualTo(LatencySummary.From(single)));
            Assert.That(Buckets(merged), Is.EqualTo(Buckets(single)));
        });
    }

    [Test]
    public void An_empty_histogram_summarises_to_zeroes()
    {
        Assert.That(LatencySummary.From(LatencyHistograms.Create()), Is.EqualTo(LatencySummary.Empty));
    }

    private static List<(long Value, long Count)> Buckets(HistogramBase histogram) =>
        histogram.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
}
