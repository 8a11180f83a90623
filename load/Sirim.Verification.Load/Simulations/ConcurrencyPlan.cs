namespace Sirim.Verification.Load.Simulations;

/// <summary>
/// Target number of virtual users over time for a closed-model profile (KeepConstant / RampingConstant
/// stages in sequence). Ramps are linear from the previous stage's count (0 for the first), rounded down,
/// so a ramp reaches its target exactly at its end.
/// </summary>
public sealed class ConcurrencyPlan
{
    private readonly (double Start, double Duration, int From, int To)[] _stages;

    /// <summary>Builds the plan of closed-model stages (open-model stages are not accepted).</summary>
    public ConcurrencyPlan(IReadOnlyList<LoadSimulation> simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        _stages = new (double, double, int, int)[simulations.Count];
        double start = 0;
        var previous = 0;
        var max = 0;
        for (var i = 0; i < simulations.Count; i++)
        {
            var simulation = simulations[i];
            if (simulation.Model != LoadModel.Closed)
            {
                throw new ArgumentException($"simulation #{i + 1} ({simulation.Kind}) is not a concurrency stage", nameof(simulations));
            }

            var from = simulation.Kind == LoadSimulationKind.RampingConstant ? previous : simulation.Value;
            _stages[i] = (start, simulation.During.TotalSeconds, from, simulation.Value);
            start += simulation.During.TotalSeconds;
            previous = simulation.Value;
            max = Math.Max(max, Math.Max(from, simulation.Value));
        }

        Duration = TimeSpan.FromSeconds(start);
        MaxVirtualUsers = max;
    }

    /// <summary>Total planned duration.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The most virtual users active at any time (the number of workers the run needs).</summary>
    public int MaxVirtualUsers { get; }

    /// <summary>Virtual users that should be active at <paramref name="elapsed"/>; 0 after the end.</summary>
    public int TargetAt(TimeSpan elapsed)
    {
        var t = elapsed.TotalSeconds;
        foreach (var (start, duration, from, to) in _stages)
        {
            if (t >= start && t < start + duration)
            {
                return from == to ? to : (int)Math.Floor(from + (to - from) * (t - start) / duration);
            }
        }

        return 0;
    }
}
