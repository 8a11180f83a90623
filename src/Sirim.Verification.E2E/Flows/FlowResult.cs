using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;

namespace Sirim.Verification.E2E.Flows;

/// <summary>What the browser showed when an attempt failed: attached to the Allure result.</summary>
public sealed record FailureCapture(byte[]? Screenshot, string? Html);

/// <summary>How long one phase of an attempt took (context setup, steps, guards, trace, cleanup).</summary>
public sealed record PhaseTiming(string Name, double Ms);

/// <summary>One attempt of a flow: its outcomes (flow checks, then guards), what the browser reported, its trace.</summary>
public sealed record FlowAttempt(
    int Number,
    IReadOnlyList<CheckOutcome> Outcomes,
    FlowObservation Observation,
    TimeSpan Elapsed,
    string? TracePath,
    FailureCapture? Failure,
    string ConsoleLog,
    IReadOnlyList<PhaseTiming>? Phases = null)
{
    public string PhaseSummary => Phases is null ? "" : string.Join(", ", Phases.Select(p => $"{p.Name} {p.Ms / 1000:0.0} s"));

    public bool Passed => Outcomes.All(o => !o.Failed);

    /// <summary>The attempt's <c>target_stayed_up</c> failed: the API went down during it (the outcome names the moment).</summary>
    public CheckOutcome? Outage => Outcomes.FirstOrDefault(o => o.CheckId == TargetStayedUp.Id && o.Failed);

    public bool TargetWentDown => Outage is not null;
}

/// <summary>
/// The result of a flow over all its attempts. A flow that failed and then passed on a retry is <see cref="Flaky"/>:
/// it counts as passed but is reported as flaky, never silently. <see cref="Cleanups"/> holds the cleanup account of each
/// attempt of a flow that writes (empty for one that does not).
/// </summary>
public sealed record FlowResult(string Flow, string Title, IReadOnlyList<FlowAttempt> Attempts, IReadOnlyList<CleanupAccount> Cleanups, string? NotRunReason = null)
{
    public FlowAttempt Final => Attempts[^1];
    public bool NotRun => NotRunReason is not null;
    public bool Passed => !NotRun && Final.Passed;
    public bool Flaky => Passed && Attempts.Count > 1;
    public TimeSpan Elapsed => Attempts.Aggregate(TimeSpan.Zero, (t, a) => t + a.Elapsed);

    public static FlowResult Skipped(IFlow flow, string reason) => new(flow.Id, flow.Title, [], [], reason);
}
