using Sirim.Verification.Load.Simulations;

namespace Sirim.Verification.Load;

/// <summary>
/// A load scenario (NBomber vocabulary): one user iteration made of named steps, the load simulations it runs
/// in sequence, and an optional warm-up whose results are excluded from the statistics.
/// </summary>
/// <example>
/// <code>
/// var scenario = new Scenario("gastos", async (ctx, ct) =>
///     await ctx.StepAsync("list_gastos", c => http.GetAsync(listUrl, c)))
/// {
///     Simulations = [LoadSimulation.RampingInject(50, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
///                    LoadSimulation.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10))],
///     WarmUp = TimeSpan.FromSeconds(30),
/// };
/// </code>
/// </example>
/// <param name="Name">Scenario name, shown in reports.</param>
/// <param name="Iteration">One iteration of a virtual user; it runs its requests through <see cref="IterationContext.StepAsync"/>.</param>
public sealed record Scenario(string Name, Func<IterationContext, CancellationToken, Task> Iteration)
{
    /// <summary>Load stages, run in sequence; all open-model (Inject / RampingInject) or all closed-model (KeepConstant / RampingConstant).</summary>
    public IReadOnlyList<LoadSimulation> Simulations { get; init; } = [];

    /// <summary>
    /// Leading part of the planned timeline whose iterations are not counted (intended start before it in the open model,
    /// actual start before it in the closed model). The warm-up is part of the simulations' duration, not added to it.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>Runs once before the load starts (e.g. log in and keep a token); a failure stops the run before any load.</summary>
    public Func<CancellationToken, Task>? Init { get; init; }

    /// <summary>Runs once after the load, also after a cancelled or aborted run.</summary>
    public Func<CancellationToken, Task>? Clean { get; init; }

    /// <summary>The load model of the simulations (of the first one when they are mixed, which validation refuses).</summary>
    public LoadModel Model => Simulations.Count > 0 ? Simulations[0].Model : LoadModel.Closed;

    /// <summary>Sum of the simulations' durations.</summary>
    public TimeSpan PlannedDuration
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var simulation in Simulations)
            {
                if (simulation.During > TimeSpan.Zero)
                {
                    total += simulation.During;
                }
            }

            return total;
        }
    }
}
