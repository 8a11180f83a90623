using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Stats;

/// <summary>How a run ended.</summary>
public enum LoadOutcome
{
    /// <summary>The whole plan ran (or the configured iteration limit was reached).</summary>
    Completed,

    /// <summary>The caller cancelled the run; the report is partial.</summary>
    Cancelled,

    /// <summary>A threshold failed during the run and abort-on-failure stopped it; the report is partial.</summary>
    Aborted,

    /// <summary>A safety cap (duration, iterations) stopped the run; the report is partial.</summary>
    SafetyStop,
}

/// <summary>Per-step (or whole-scenario) statistics of the measured period.</summary>
/// <param name="Name">Step name, or "overall".</param>
/// <param name="Count">Requests recorded.</param>
/// <param name="Ok">Successful requests.</param>
/// <param name="Fail">Failed requests (transport error, timeout, unexpected status).</param>
/// <param name="Rps">Requests per second over the measured period.</param>
/// <param name="Bytes">Response body bytes received.</param>
/// <param name="StatusCodes">Requests by HTTP status code (0 = no response).</param>
/// <param name="Errors">Failures by reason.</param>
/// <param name="ResponseTime">Latency from the intended start (open model: coordinated omission corrected).</param>
/// <param name="ServiceTime">Latency from the actual send.</param>
public sealed record StepStats(
    string Name,
    long Count,
    long Ok,
    long Fail,
    double Rps,
    long Bytes,
    IReadOnlyDictionary<int, long> StatusCodes,
    IReadOnlyDictionary<string, long> Errors,
    LatencySummary ResponseTime,
    LatencySummary ServiceTime)
{
    /// <summary>Failed / all requests (0 when nothing ran).</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)Fail / Count;
}

/// <summary>Iteration counts of the measured period.</summary>
/// <param name="Started">Iterations started.</param>
/// <param name="Completed">Iterations that returned normally.</param>
/// <param name="Failed">Iterations that threw (outside steps, or rethrown by the scenario).</param>
/// <param name="Interrupted">Iterations cut short because the run stopped.</param>
/// <param name="Dropped">Open model: iterations that were due but could not start (no free slot in time, or the run stopped).</param>
/// <param name="Errors">Exceptions of failed iterations, by type and message.</param>
public sealed record IterationStats(
    long Started,
    long Completed,
    long Failed,
    long Interrupted,
    long Dropped,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>One second of the run (warm-up included, flagged).</summary>
/// <param name="Second">1 for the first second of the run.</param>
/// <param name="Elapsed">Time since the start at the end of this slice.</param>
/// <param name="WarmUp">Whether the slice started inside the warm-up.</param>
/// <param name="Requests">Requests completed in the slice.</param>
/// <param name="Errors">Failed requests in the slice.</param>
/// <param name="Rps">Requests per second in the slice.</param>
/// <param name="P50Ms">Median response time of the slice, or null when nothing completed.</param>
/// <param name="P95Ms">95th percentile of the slice.</param>
/// <param name="P99Ms">99th percentile of the slice.</param>
/// <param name="InFlight">Iterations running at the end of the slice (concurrency).</param>
/// <param name="Target">Planned arrival rate per second (open model) or virtual users (closed model) at the end of the slice.</param>
/// <param name="Dropped">Iterations dropped in the slice.</param>
public sealed record TimelinePoint(
    int Second,
    TimeSpan Elapsed,
    bool WarmUp,
    long Requests,
    long Errors,
    double Rps,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    int InFlight,
    double Target,
    long Dropped);

/// <summary>Everything a load run measured, ready for the Markdown, CSV and PNG renderers.</summary>
public sealed record LoadReport
{
    /// <summary>Scenario name.</summary>
    public required string Scenario { get; init; }

    /// <summary>Open (arrival rate) or closed (virtual users) model.</summary>
    public required LoadModel Model { get; init; }

    /// <summary>The simulations as written ("Inject(rate: 50, interval: 1s, during: 30s)").</summary>
    public required IReadOnlyList<string> Simulations { get; init; }

    /// <summary>Run parameters for the evidence (name, value), in display order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; }

    /// <summary>How the run ended.</summary>
    public required LoadOutcome Outcome { get; init; }

    /// <summary>Why it ended early, when it did.</summary>
    public string? OutcomeReason { get; init; }

    /// <summary>Wall-clock start (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Sum of the simulations' durations.</summary>
    public required TimeSpan PlannedDuration { get; init; }

    /// <summary>Time from start to the end of the run (graceful stop included).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Excluded leading period.</summary>
    public required TimeSpan WarmUp { get; init; }

    /// <summary>Period the rates are computed over: from the end of the warm-up to the end of the plan (or the stop).</summary>
    public required TimeSpan MeasuredDuration { get; init; }

    /// <summary>Workers used (virtual users, or open-model in-flight slots).</summary>
    public required int Workers { get; init; }

    /// <summary>Declared target URLs.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>All steps together.</summary>
    public required StepStats Overall { get; init; }

    /// <summary>Each step, in first-seen order.</summary>
    public required IReadOnlyList<StepStats> Steps { get; init; }

    /// <summary>Iteration counts.</summary>
    public required IterationStats Iterations { get; init; }

    /// <summary>Per-second timeline, warm-up included.</summary>
    public required IReadOnlyList<TimelinePoint> Timeline { get; init; }

    /// <summary>Every threshold with actual vs limit.</summary>
    public required IReadOnlyList<ThresholdResult> Thresholds { get; init; }

    /// <summary>Remarks worth reading (workers that did not stop, iteration errors...).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Whether every threshold passed.</summary>
    public bool ThresholdsPassed => Thresholds.All(t => t.Passed);

    /// <summary>Whether the run completed and every threshold passed.</summary>
    public bool Passed => Outcome == LoadOutcome.Completed && ThresholdsPassed;

    /// <summary>"cancelled", "aborted"... as used in reports.</summary>
    public string OutcomeText => Outcome switch
    {
        LoadOutcome.Completed => "completed",
        LoadOutcome.Cancelled => "cancelled",
        LoadOutcome.Aborted => "aborted",
        _ => "safety stop",
    };
}
