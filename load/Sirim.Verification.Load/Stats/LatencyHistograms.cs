using HdrHistogram;
using Sirim.Verification.Load.Engine;

namespace Sirim.Verification.Load.Stats;

/// <summary>
/// The histogram shape the engine records into (1 µs .. 10 min, 3 significant digits) and the merge of per-worker
/// histograms. HdrHistogram addition is lossless: merging the workers' histograms gives exactly the histogram a single
/// recorder would have produced.
/// </summary>
public static class LatencyHistograms
{
    /// <summary>A new, empty histogram of microseconds with the engine's range and precision.</summary>
    public static LongHistogram Create() => StepRecorder.NewRunHistogram();

    /// <summary>Records a value in microseconds, clamped to the tracked range instead of throwing.</summary>
    public static void RecordMicroseconds(HistogramBase histogram, long micros)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        histogram.RecordValue(Math.Clamp(micros, 0, histogram.HighestTrackableValue));
    }

    /// <summary>Adds every histogram into a new one.</summary>
    public static LongHistogram Merge(IEnumerable<HistogramBase> histograms)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        var merged = Create();
        foreach (var histogram in histograms)
        {
            merged.Add(histogram);
        }

        return merged;
    }
}
