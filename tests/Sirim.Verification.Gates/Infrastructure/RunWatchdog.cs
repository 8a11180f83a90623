using System.Globalization;

namespace Sirim.Verification.Gates.Infrastructure;

/// <summary>
/// The whole run's time bound (setting runTimeoutSeconds). Started by <see cref="SuiteSetup"/> once the configuration
/// is known good; when the bound is spent before the gates end, <see cref="Expired"/> runs once: it records the gates
/// still running as failed (<c>run_time_bound</c>), writes go_no_go.md with what ran, and ends the test run with a
/// non-zero exit code, stopping the gates that still run (a target that accepts connections and never answers must not
/// hold a release pipeline for hours). Disposed when the gates end in time.
/// </summary>
public sealed class RunWatchdog : IDisposable
{
    /// <summary>The exit code of a run its time bound stopped (as timeout(1) uses).</summary>
    public const int ExitCode = 124;
    public const string CheckId = "run_time_bound";

    private readonly Timer _timer;
    private int _state; // 0 armed, 1 fired, 2 disarmed

    public RunWatchdog(TimeSpan bound, Action<TimeSpan> expired)
    {
        Bound = bound;
        _timer = new Timer(_ =>
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) == 0) expired(bound);
        }, null, bound, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Bound { get; }

    /// <summary>Disarms the watchdog: false when it has already fired (the run is being stopped).</summary>
    public bool Disarm()
    {
        _timer.Dispose();
        return Interlocked.CompareExchange(ref _state, 2, 0) == 0;
    }

    public void Dispose() => Disarm();

    /// <summary>The failure recorded for a gate still running when the bound was spent, in the standard shape.</summary>
    public static string Failure(string gate, TimeSpan bound, DateTimeOffset at) =>
        $"[{gate}] {CheckId}: {gate}   (severity critical · broken flow)\n" +
        $"Expected: the run ends within runTimeoutSeconds = {bound.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (SIRIM_RUN_TIMEOUT_SECONDS)\n" +
        $"Actual:   the bound was spent at {at.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture)} while this gate was still running; the run was stopped\n" +
        "Hint:     a target that accepts connections but answers slowly or never, or a gate's own timeouts set too long; see this gate's evidence and the target's logs.";
}
