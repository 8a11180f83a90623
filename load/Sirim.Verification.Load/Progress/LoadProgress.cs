namespace Sirim.Verification.Load.Progress;

/// <summary>A snapshot of a running load, reported about once a second and once at the end.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Elapsed">Time since the start.</param>
/// <param name="Planned">Planned duration.</param>
/// <param name="Rps">Requests per second in the last slice.</param>
/// <param name="Requests">Requests so far (warm-up included).</param>
/// <param name="Errors">Failed requests so far (warm-up included).</param>
/// <param name="P95Ms">95th percentile of the response time so far (measured period; the last slice during the warm-up), or null.</param>
/// <param name="InFlight">Iterations running now.</param>
/// <param name="Dropped">Iterations dropped so far.</param>
/// <param name="WarmUp">Whether the run is still in its warm-up.</param>
/// <param name="Final">Whether this is the last report of the run.</param>
public sealed record LoadProgress(
    string Scenario,
    TimeSpan Elapsed,
    TimeSpan Planned,
    double Rps,
    long Requests,
    long Errors,
    double? P95Ms,
    int InFlight,
    long Dropped,
    bool WarmUp,
    bool Final);
