using System.Diagnostics;
using System.Globalization;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Engine;

/// <summary>
/// The closed model (constant or ramping virtual users): one worker per virtual user at the plan's peak, each looping
/// iterations back to back while the plan wants at least its number of users, idle otherwise. The iteration budget
/// is claimed in small batches; the plan ends on time, or when the budget is spent and the last worker has exited.
/// </summary>
internal sealed class ClosedModelRun : LoadRun
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(50);
    private const int BudgetBatch = 16;

    private readonly ConcurrencyPlan _plan;
    private int _budgetSpent;

    public ClosedModelRun(Scenario scenario, LoadRunOptions options, IReadOnlyList<Threshold> thresholds)
        : this(scenario, options, thresholds, new ConcurrencyPlan(scenario.Simulations))
    {
    }

    private ClosedModelRun(Scenario scenario, LoadRunOptions options, IReadOnlyList<Threshold> thresholds, ConcurrencyPlan plan)
        : base(scenario, options, thresholds, plan.MaxVirtualUsers)
    {
        _plan = plan;
    }

    public override double TargetAt(TimeSpan elapsed) => _plan.TargetAt(elapsed);

    protected override Task[] StartWorkers()
    {
        var tasks = StartEachWorker(WorkerAsync);
        _ = EndPlanOnTimeAsync();
        return tasks;
    }

    protected override void OnPlanEnding()
    {
        if (Volatile.Read(ref _budgetSpent) != 0)
        {
            EndPlan(BudgetReason);
        }
    }

    protected override IReadOnlyList<KeyValuePair<string, string>> ModelParameters() =>
        [new("virtual users (max)", Workers.Length.ToString(CultureInfo.InvariantCulture))];

    private async Task WorkerAsync(WorkerState worker)
    {
        var token = StopToken;
        var end = T0 + PlannedTicks;
        var allowance = 0;
        try
        {
            while (!token.IsCancellationRequested && !PlanHasEnded)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= end)
                {
                    return;
                }

                var elapsed = now - T0;
                if (worker.Id >= _plan.TargetAt(LoadUnits.ToTimeSpan(elapsed)))
                {
                    var idle = LoadUnits.ToTimeSpan(end - now);
                    await Task.Delay(idle < IdlePoll ? idle : IdlePoll, token).ConfigureAwait(false);
                    continue;
                }

                if (allowance == 0)
                {
                    allowance = Budget.Claim(BudgetBatch);
                    if (allowance == 0)
                    {
                        // Other workers may still hold claimed iterations: the plan ends when the last worker exits.
                        Volatile.Write(ref _budgetSpent, 1);
                        return;
                    }
                }

                allowance--;
                await RunIterationAsync(worker, 0, elapsed >= WarmUpTicks, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The run stopped.
        }
    }

    private async Task EndPlanOnTimeAsync()
    {
        try
        {
            await Task.Delay(Planned, StopToken).ConfigureAwait(false);
            EndPlan(StopReason.PlanEnded);
        }
        catch (OperationCanceledException)
        {
            // Interrupted.
        }
    }
}
