using Sirim.Verification.Load.Progress;
using Sirim.Verification.Load.Safety;

namespace Sirim.Verification.Load;

/// <summary>How a scenario is run: safety limits, declared targets, thresholds and executor settings.</summary>
public sealed record LoadRunOptions
{
    /// <summary>Hard limits and the hosts that may receive load.</summary>
    public LoadSafetyPolicy Safety { get; init; } = new();

    /// <summary>
    /// Every URL the scenario sends load to. Checked against <see cref="LoadSafetyPolicy.AllowedHosts"/> before any traffic;
    /// <see cref="Http.HttpLoadClient"/> also refuses, request by request, any host the policy does not allow.
    /// </summary>
    public IReadOnlyList<Uri> Targets { get; init; } = [];

    /// <summary>Threshold strings such as "p95 &lt; 300ms", "error_rate &lt; 1%", "list_gastos: p95 &lt; 200ms".</summary>
    public IReadOnlyList<string> Thresholds { get; init; } = [];

    /// <summary>Whether a failing threshold stops the run while it is going (after <see cref="ThresholdGracePeriod"/>), so a failing target is not kept under load.</summary>
    public bool AbortOnThresholdFailure { get; init; }

    /// <summary>Time after the warm-up before thresholds are checked during the run.</summary>
    public TimeSpan ThresholdGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Open model: most iterations in flight at once (k6 maxVUs). Each slot is a worker with its own histograms.</summary>
    public int MaxInFlight { get; init; } = 100;

    /// <summary>
    /// Open model: how late an iteration may start when every slot is busy. Its latency still counts from the intended
    /// start; beyond this delay it is dropped (counted, never run). Zero drops every iteration that finds no free slot.
    /// </summary>
    public TimeSpan MaxStartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long iterations still running at the end of the plan may take to finish before they are cancelled.</summary>
    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop after this many iterations (a normal end), or null to run the whole plan.</summary>
    public long? IterationLimit { get; init; }

    /// <summary>Longest time <see cref="Scenario.Init"/> and <see cref="Scenario.Clean"/> may take each.</summary>
    public TimeSpan HookTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives a progress snapshot about once a second and once at the end.</summary>
    public IProgress<LoadProgress>? Progress { get; init; }
}
