namespace Sirim.Verification.Pool;

/// <summary>One row of the sampler: counts of matching client sessions at one instant.</summary>
/// <param name="At">When the sample was taken (UTC).</param>
/// <param name="Elapsed">Time since the sampler started.</param>
/// <param name="Total">Matching client sessions (open connections of the app).</param>
/// <param name="Active">Sessions running a statement.</param>
/// <param name="Idle">Open sessions waiting for a command (pooled, unused).</param>
/// <param name="IdleInTransaction">Sessions inside a transaction between statements.</param>
/// <param name="Waiting">Sessions waiting on a heavyweight lock (wait_event_type = 'Lock').</param>
public sealed record PoolSample(
    DateTimeOffset At,
    TimeSpan Elapsed,
    int Total,
    int Active,
    int Idle,
    int IdleInTransaction,
    int Waiting);

/// <summary>Why sampling stopped.</summary>
public enum PoolSamplingStop
{
    /// <summary>The caller stopped it (the normal end, when the load is over).</summary>
    Stopped,

    /// <summary>The configured maximum duration was reached.</summary>
    MaxDuration,

    /// <summary>The monitoring connection could not be opened.</summary>
    ConnectionFailed,

    /// <summary>Too many samples failed in a row.</summary>
    TooManyErrors,
}

/// <summary>Max and percentiles of the samples (nearest-rank percentiles).</summary>
public sealed record PoolSummary(
    int Samples,
    int MaxTotal,
    int MaxActive,
    int MaxIdle,
    int MaxIdleInTransaction,
    int MaxWaiting,
    int P50Total,
    int P95Total,
    int P50Active,
    int P95Active,
    TimeSpan? FirstAtMaxTotal)
{
    /// <summary>Summarises samples; all zero when there are none.</summary>
    public static PoolSummary From(IReadOnlyList<PoolSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return new PoolSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
        }

        var maxTotal = samples.Max(s => s.Total);
        return new PoolSummary(
            samples.Count,
            maxTotal,
            samples.Max(s => s.Active),
            samples.Max(s => s.Idle),
            samples.Max(s => s.IdleInTransaction),
            samples.Max(s => s.Waiting),
            Percentile(samples.Select(s => s.Total), 50),
            Percentile(samples.Select(s => s.Total), 95),
            Percentile(samples.Select(s => s.Active), 50),
            Percentile(samples.Select(s => s.Active), 95),
            samples.First(s => s.Total == maxTotal).Elapsed);
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least p % of the values at or below it.</summary>
    public static int Percentile(IEnumerable<int> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}

/// <summary>Everything one sampling run produced, ready for the evidence renderers.</summary>
public sealed record PoolSamplingResult
{
    /// <summary>Monitoring connection parameters, password redacted.</summary>
    public required string ConnectionDescription { get; init; }

    /// <summary>Filters in words: which sessions were counted.</summary>
    public required string Filter { get; init; }

    /// <summary>The application_name filter alone, for the verdict ("application_name = 'sirim-api'", "no application_name filter"); null when unknown.</summary>
    public string? ApplicationNameFilter { get; init; }

    /// <summary>The SQL run for every sample.</summary>
    public required string Sql { get; init; }

    /// <summary>The SQL parameter values.</summary>
    public required string SqlParameters { get; init; }

    /// <summary>Configured interval.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>When sampling started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long sampling lasted.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Why sampling stopped.</summary>
    public required PoolSamplingStop Stop { get; init; }

    /// <summary>Every sample, in order.</summary>
    public required IReadOnlyList<PoolSample> Samples { get; init; }

    /// <summary>Failed samples or connection errors (secrets redacted), at most 20.</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>Max and percentiles.</summary>
    public PoolSummary Summary => PoolSummary.From(Samples);
}
