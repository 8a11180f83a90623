using Sirim.Verification.Load.Progress;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// A progress sink for the gate's runner that starts <c>act</c> once, the first time a report satisfies
/// <c>when</c> (kill the target, stop the run): a fault placed by the run's own clock (measured seconds, warm-up
/// over), not by a timer started before the login and the priming, which take longer on a busy machine.
/// </summary>
internal sealed class ActAtProgress(Func<LoadProgress, bool> when, Func<Task> act) : IProgress<LoadProgress>
{
    private readonly Lock _gate = new();
    private Task? _fired;

    /// <summary>The action's task once it started (null until then).</summary>
    public Task? Fired
    {
        get { lock (_gate) return _fired; }
    }

    /// <summary>The report that started the action (null until then).</summary>
    public LoadProgress? FiredAt { get; private set; }

    /// <summary>Progress reports once the measured period has run for <paramref name="measured"/> (the warm-up is over).</summary>
    public static Func<LoadProgress, bool> MeasuredFor(TimeSpan warmUp, TimeSpan measured) =>
        p => !p.WarmUp && !p.Final && p.Elapsed >= warmUp + measured;

    public void Report(LoadProgress value)
    {
        lock (_gate)
        {
            if (_fired is not null || !when(value)) return;
            FiredAt = value;
            _fired = Task.Run(act);
        }
    }
}
