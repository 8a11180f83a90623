namespace Sirim.Verification.Load.Simulations;

/// <summary>
/// The intended start times of an open-model profile (Inject / RampingInject stages in sequence).
/// Arrivals are spread evenly (k6 constant-arrival-rate style, not NBomber's burst per interval): the
/// cumulative arrival count A(t) is the integral of the instantaneous rate, and arrival k (0-based) is
/// due at the first t where A(t) = k. Stages are half-open [start, start + during).
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly Stage[] _stages;

    /// <summary>Builds the schedule of open-model stages (closed-model stages are not accepted).</summary>
    public ArrivalSchedule(IReadOnlyList<LoadSimulation> simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        _stages = new Stage[simulations.Count];
        double start = 0, previousRate = 0, cumulative = 0;
        for (var i = 0; i < simulations.Count; i++)
        {
            var simulation = simulations[i];
            if (simulation.Model != LoadModel.Open)
            {
                throw new ArgumentException($"simulation #{i + 1} ({simulation.Kind}) is not an arrival-rate stage", nameof(simulations));
            }

            var duration = simulation.During.TotalSeconds;
            var endRate = simulation.RatePerSecond;
            var startRate = simulation.Kind == LoadSimulationKind.RampingInject ? previousRate : endRate;
            _stages[i] = new Stage(start, duration, startRate, endRate, cumulative);
            cumulative += (startRate + endRate) / 2 * duration;
            start += duration;
            previousRate = endRate;
        }

        Duration = TimeSpan.FromSeconds(start);
        ExpectedArrivals = cumulative;
    }

    /// <summary>Total planned duration.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The integral of the rate over the whole profile (arrivals planned, before rounding).</summary>
    public double ExpectedArrivals { get; }

    /// <summary>Number of arrivals the schedule will produce (the integers k with k &lt; <see cref="ExpectedArrivals"/>).</summary>
    public long PlannedArrivals => ExpectedArrivals <= 0 ? 0 : (long)Math.Ceiling(ExpectedArrivals - 1e-9);

    /// <summary>Highest instantaneous rate of the profile, in iterations per second.</summary>
    public double PeakRatePerSecond
    {
        get
        {
            double peak = 0;
            foreach (var stage in _stages)
            {
                peak = Math.Max(peak, Math.Max(stage.StartRate, stage.EndRate));
            }

            return peak;
        }
    }

    /// <summary>Planned arrival rate (per second) at <paramref name="elapsed"/>; 0 after the end.</summary>
    public double RateAt(TimeSpan elapsed)
    {
        var t = elapsed.TotalSeconds;
        foreach (var stage in _stages)
        {
            if (t >= stage.Start && t < stage.Start + stage.Duration)
            {
                return stage.StartRate + (stage.EndRate - stage.StartRate) * (t - stage.Start) / stage.Duration;
            }
        }

        return 0;
    }

    /// <summary>Intended start offsets from the run start, in seconds, in increasing order. Lazy and allocation-free per item.</summary>
    public IEnumerable<double> Offsets()
    {
        long k = 0;
        foreach (var stage in _stages)
        {
            while (true)
            {
                var t = stage.TimeOfArrival(k);
                if (t is null)
                {
                    break;
                }

                yield return stage.Start + t.Value;
                k++;
            }
        }
    }

    private readonly record struct Stage(double Start, double Duration, double StartRate, double EndRate, double CumulativeBefore)
    {
        /// <summary>Seconds into this stage at which arrival <paramref name="k"/> is due, or null if it falls outside the stage.</summary>
        public double? TimeOfArrival(long k)
        {
            if (StartRate <= 0 && EndRate <= 0)
            {
                return null; // a zero-rate stage is a pause
            }

            var delta = k - CumulativeBefore;
            if (delta < -1e-9)
            {
                return null;
            }

            delta = Math.Max(0, delta);
            double t;
            if (delta == 0)
            {
                t = 0;
            }
            else
            {
                // Solve r0·t + a·t² = delta with a = (r1 - r0) / (2·D); this form is stable for a of either sign.
                var a = (EndRate - StartRate) / (2 * Duration);
                var discriminant = StartRate * StartRate + 4 * a * delta;
                if (discriminant < 0)
                {
                    return null;
                }

                var denominator = StartRate + Math.Sqrt(discriminant);
                if (denominator <= 0)
                {
                    return null;
                }

                t = 2 * delta / denominator;
            }

            // A tiny tolerance keeps an arrival that lands exactly on the stage end out of this stage.
            return t < Duration - 1e-9 ? t : null;
        }
    }
}
