using System.Globalization;

namespace Sirim.Verification.Load.Simulations;

/// <summary>Which of the two classic load models a simulation belongs to.</summary>
public enum LoadModel
{
    /// <summary>Arrival rate: iterations start on a schedule whatever the server does (k6 arrival-rate executors, NBomber Inject).</summary>
    Open,

    /// <summary>Concurrency: N virtual users loop back to back (k6 vus executors, NBomber KeepConstant).</summary>
    Closed,
}

/// <summary>The four load shapes, named as in NBomber.</summary>
public enum LoadSimulationKind
{
    /// <summary>Constant arrival rate: <c>rate</c> iterations per <c>interval</c>, spread evenly.</summary>
    Inject,

    /// <summary>Arrival rate ramped linearly from the previous stage's rate (0 for the first) to <c>rate</c>.</summary>
    RampingInject,

    /// <summary>A constant number of virtual users looping.</summary>
    KeepConstant,

    /// <summary>Virtual users ramped linearly from the previous stage's count (0 for the first) to <c>copies</c>.</summary>
    RampingConstant,
}

/// <summary>
/// One stage of a scenario's load profile (NBomber's LoadSimulation; a k6 "stage"). A scenario runs its
/// simulations in sequence; all of them must belong to the same <see cref="LoadModel"/>.
/// </summary>
/// <param name="Kind">The load shape.</param>
/// <param name="Value">Arrival rate per <paramref name="Interval"/> (open model) or virtual users (closed model).</param>
/// <param name="Interval">Rate interval of the open model; ignored by the closed model.</param>
/// <param name="During">How long the stage lasts.</param>
public sealed record LoadSimulation(LoadSimulationKind Kind, int Value, TimeSpan Interval, TimeSpan During)
{
    /// <summary>Constant arrival rate: <paramref name="rate"/> iterations every <paramref name="interval"/> for <paramref name="during"/>.</summary>
    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during) =>
        new(LoadSimulationKind.Inject, rate, interval, during);

    /// <summary>Arrival rate ramped linearly from the previous stage's rate to <paramref name="rate"/> per <paramref name="interval"/>.</summary>
    public static LoadSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during) =>
        new(LoadSimulationKind.RampingInject, rate, interval, during);

    /// <summary><paramref name="copies"/> virtual users looping for <paramref name="during"/>.</summary>
    public static LoadSimulation KeepConstant(int copies, TimeSpan during) =>
        new(LoadSimulationKind.KeepConstant, copies, TimeSpan.Zero, during);

    /// <summary>Virtual users ramped linearly from the previous stage's count to <paramref name="copies"/>.</summary>
    public static LoadSimulation RampingConstant(int copies, TimeSpan during) =>
        new(LoadSimulationKind.RampingConstant, copies, TimeSpan.Zero, during);

    /// <summary>The load model of this stage.</summary>
    public LoadModel Model => Kind is LoadSimulationKind.Inject or LoadSimulationKind.RampingInject
        ? LoadModel.Open
        : LoadModel.Closed;

    /// <summary>Target arrival rate in iterations per second (open model only).</summary>
    public double RatePerSecond => Model == LoadModel.Open && Interval > TimeSpan.Zero
        ? Value / Interval.TotalSeconds
        : 0;

    /// <summary>Every problem of this stage, prefixed with its position ("simulation #2 (Inject): ...").</summary>
    public IEnumerable<string> Validate(int position)
    {
        var where = $"simulation #{position} ({Kind})";
        if (!Enum.IsDefined(Kind))
        {
            yield return $"{where}: unknown kind; allowed: Inject, RampingInject, KeepConstant, RampingConstant";
            yield break;
        }

        if (Value < 0)
        {
            var what = Model == LoadModel.Open ? "rate" : "copies";
            yield return $"{where}: {what} is {Value}; it must be 0 or more";
        }

        if (Model == LoadModel.Open && Interval <= TimeSpan.Zero)
        {
            yield return $"{where}: interval is {Format(Interval)}; it must be greater than zero (e.g. 1s)";
        }

        if (During <= TimeSpan.Zero)
        {
            yield return $"{where}: during is {Format(During)}; it must be greater than zero (e.g. 30s)";
        }
    }

    /// <summary>NBomber-like description, e.g. <c>Inject(rate: 50, interval: 1s, during: 30s)</c>.</summary>
    public override string ToString() => Model == LoadModel.Open
        ? $"{Kind}(rate: {Value}, interval: {Format(Interval)}, during: {Format(During)})"
        : $"{Kind}(copies: {Value}, during: {Format(During)})";

    /// <summary>Compact duration text: 250ms, 30s, 5m, 1m30s.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return "-" + Format(value.Negate());
        }

        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value.Ticks % TimeSpan.TicksPerSecond != 0 || value < TimeSpan.FromSeconds(1))
        {
            return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        var minutes = (long)value.TotalMinutes;
        var seconds = value.Seconds;
        return (minutes, seconds) switch
        {
            (0, _) => $"{seconds}s",
            (_, 0) => $"{minutes}m",
            _ => $"{minutes}m{seconds}s",
        };
    }
}
