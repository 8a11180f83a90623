using Sirim.Verification.Load.Engine;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load;

/// <summary>
/// Runs a <see cref="Scenario"/>: validates the whole plan (simulations, thresholds, safety policy) before any traffic,
/// runs Init, the load, and Clean, and returns a <see cref="LoadReport"/> — also when the run is cancelled or aborted,
/// in which case the report is partial and says so.
/// </summary>
public static class LoadRunner
{
    /// <summary>Every problem of the plan; empty when it may run.</summary>
    public static IReadOnlyList<string> Validate(Scenario scenario, LoadRunOptions options) =>
        LoadPlanValidator.Validate(scenario, options);

    /// <summary>Runs the scenario. Throws <see cref="LoadPlanException"/> (listing every error) before any traffic when the plan is invalid.</summary>
    public static async Task<LoadReport> RunAsync(Scenario scenario, LoadRunOptions options, CancellationToken cancellationToken = default)
    {
        var errors = Validate(scenario, options);
        if (errors.Count > 0)
        {
            throw new LoadPlanException(errors);
        }

        var (thresholds, _) = ThresholdParser.ParseAll(options.Thresholds);
        if (scenario.Init is not null)
        {
            using var initTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            initTimeout.CancelAfter(options.HookTimeout);
            await scenario.Init(initTimeout.Token).ConfigureAwait(false);
        }

        try
        {
            using var run = LoadRun.Create(scenario, options, thresholds);
            return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (scenario.Clean is not null)
            {
                // Clean runs even when the run was cancelled, bounded by its own timeout.
                using var cleanTimeout = new CancellationTokenSource(options.HookTimeout);
                await scenario.Clean(cleanTimeout.Token).ConfigureAwait(false);
            }
        }
    }
}
