using HdrHistogram;

namespace Sirim.Verification.Load.Engine;

/// <summary>
/// What one worker measured for one step. Written only by its worker (no locks, no shared counters); read by the
/// timeline sampler through volatile reads and the HdrHistogram <see cref="Recorder"/> (wait-free for the writer),
/// and merged with the other workers' recorders once the workers have stopped.
/// </summary>
internal sealed class StepRecorder
{
    /// <summary>Highest latency tracked, in microseconds (10 minutes); longer values are clamped to it.</summary>
    public const long HighestTrackableMicros = 600_000_000;

    /// <summary>Significant digits of the run histograms (0.1 % resolution).</summary>
    public const int RunPrecision = 3;

    /// <summary>Significant digits of the per-second histograms (about 1 % resolution; 8 times smaller).</summary>
    public const int IntervalPrecision = 2;

    private const int MaxErrorReasons = 50;
    private const string OtherErrors = "(other errors)";

    /// <summary>Response time from the intended start (measured iterations only).</summary>
    public readonly LongHistogram Response = NewRunHistogram();

    /// <summary>Service time from the actual send (measured iterations only).</summary>
    public readonly LongHistogram Service = NewRunHistogram();

    /// <summary>Response time of every request, warm-up included, harvested each second by the timeline sampler.</summary>
    public readonly Recorder Interval = new(1, HighestTrackableMicros, IntervalPrecision, (id, low, high, digits) => new LongHistogram(id, low, high, digits));

    /// <summary>Status code counts of measured requests; index = status code (0 = no response).</summary>
    public readonly long[] StatusCodes = new long[600];

    /// <summary>Histogram handed back to <see cref="Recorder.GetIntervalHistogram(HistogramBase)"/>; owned by the timeline sampler.</summary>
    public HistogramBase? SamplerSpare;

    public long Ok;
    public long Fail;
    public long Bytes;

    /// <summary>Failures including warm-up, for the timeline.</summary>
    public long AllFail;

    /// <summary>Measured failures by reason (at most 50 reasons, then "(other errors)").</summary>
    public Dictionary<string, long>? Errors;

    public static LongHistogram NewRunHistogram() => new(1, HighestTrackableMicros, RunPrecision);

    public void Record(in StepResult result, long serviceMicros, long responseMicros, bool measured)
    {
        serviceMicros = Math.Clamp(serviceMicros, 0, HighestTrackableMicros);
        responseMicros = Math.Clamp(responseMicros, 0, HighestTrackableMicros);
        Interval.RecordValue(responseMicros);
        if (!result.IsOk)
        {
            Volatile.Write(ref AllFail, AllFail + 1);
        }

        if (!measured)
        {
            return;
        }

        Response.RecordValue(responseMicros);
        Service.RecordValue(serviceMicros);
        Bytes += result.Bytes;
        var status = result.StatusCode;
        StatusCodes[(uint)status < (uint)StatusCodes.Length ? status : 0]++;
        if (result.IsOk)
        {
            Volatile.Write(ref Ok, Ok + 1);
        }
        else
        {
            Volatile.Write(ref Fail, Fail + 1);
            CountError(result.Error ?? "failed");
        }
    }

    private void CountError(string reason)
    {
        var errors = Errors ??= new Dictionary<string, long>(StringComparer.Ordinal);
        if (!errors.ContainsKey(reason) && errors.Count >= MaxErrorReasons)
        {
            reason = OtherErrors;
        }

        errors[reason] = errors.GetValueOrDefault(reason) + 1;
    }
}
