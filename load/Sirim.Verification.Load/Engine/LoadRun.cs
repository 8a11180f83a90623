using System.Diagnostics;
using System.Runtime.CompilerServices;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Engine;

/// <summary>Why the plan ended or the run was interrupted.</summary>
internal enum StopReason
{
    None,
    PlanEnded,
    IterationLimit,
    IterationCap,
    Cancelled,
    Aborted,
    MaxDuration,
}

/// <summary>
/// What every run shares, whatever its load model: workers, stop signals, the iteration budget, the timeline sampler
/// and the graceful stop. The executor of each model (<see cref="OpenModelRun"/>, <see cref="ClosedModelRun"/>) owns
/// how iterations are started; <see cref="LoadReportBuilder"/> turns what the workers recorded into the report.
/// Created, executed and disposed by <see cref="LoadRunner"/>.
/// </summary>
internal abstract class LoadRun : IDisposable
{
    private static readonly TimeSpan HardStopWait = TimeSpan.FromSeconds(5);

    private readonly StepRegistry _registry = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _planEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _endReason;
    private int _interruption;
    private string? _interruptionDetail;
    private long _planEndTs;

    protected LoadRun(Scenario scenario, LoadRunOptions options, IReadOnlyList<Threshold> thresholds, int workerCount)
    {
        Scenario = scenario;
        Options = options;
        ThresholdList = thresholds;
        Workers = new WorkerState[workerCount];
        for (var i = 0; i < Workers.Length; i++)
        {
            Workers[i] = new WorkerState(i, scenario.Name, _registry);
        }

        Planned = scenario.PlannedDuration;
        PlannedTicks = LoadUnits.ToTicks(Planned);
        WarmUpTicks = LoadUnits.ToTicks(scenario.WarmUp);
        WarmUpSeconds = scenario.WarmUp.TotalSeconds;

        var cap = options.Safety.MaxTotalIterations;
        var limit = options.IterationLimit ?? long.MaxValue;
        Budget = new IterationBudget(Math.Min(cap, limit));
        BudgetReason = limit <= cap ? StopReason.IterationLimit : StopReason.IterationCap;
    }

    /// <summary>The executor of the scenario's load model.</summary>
    public static LoadRun Create(Scenario scenario, LoadRunOptions options, IReadOnlyList<Threshold> thresholds) =>
        scenario.Model == LoadModel.Open
            ? new OpenModelRun(scenario, options, thresholds)
            : new ClosedModelRun(scenario, options, thresholds);

    public LoadRunOptions Options { get; }

    public IReadOnlyList<Threshold> ThresholdList { get; }

    public WorkerState[] Workers { get; }

    public string ScenarioName => Scenario.Name;

    public TimeSpan Planned { get; }

    public long T0 { get; private set; }

    public long WarmUpTicks { get; }

    /// <summary>Measured iterations the scheduler could not hand to a worker (open model only).</summary>
    public virtual long SchedulerDropped => 0;

    public bool PlanHasEnded => Volatile.Read(ref _planEndTs) != 0;

    public IReadOnlyList<string> StepNames => _registry.Names;

    protected Scenario Scenario { get; }

    protected long PlannedTicks { get; }

    protected double WarmUpSeconds { get; }

    protected IterationBudget Budget { get; }

    /// <summary>How the run ends when the budget is spent: the caller's iteration limit, or the safety cap.</summary>
    protected StopReason BudgetReason { get; }

    /// <summary>Cancelled when the run stops (interrupted, or past the graceful stop).</summary>
    protected CancellationToken StopToken => _stop.Token;

    /// <summary>Planned arrival rate (open) or virtual users (closed) at <paramref name="elapsed"/>.</summary>
    public abstract double TargetAt(TimeSpan elapsed);

    /// <summary>Stops the run now: no new iterations, in-flight iterations cancelled. The first reason wins.</summary>
    public void Interrupt(StopReason reason, string detail)
    {
        if (Interlocked.CompareExchange(ref _interruption, (int)reason, 0) == 0)
        {
            Volatile.Write(ref _interruptionDetail, detail);
        }

        MarkPlanEnd();
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run is already over.
        }
    }

    public async Task<LoadReport> ExecuteAsync(CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var startedAt = DateTimeOffset.UtcNow;
        T0 = Stopwatch.GetTimestamp();
        var maxDuration = Options.Safety.MaxDuration;
        using var userRegistration = cancellationToken.Register(
            static state => ((LoadRun)state!).Interrupt(StopReason.Cancelled, "the run was cancelled by the caller"), this);
        using var safetyTimer = new CancellationTokenSource(maxDuration);
        using var safetyRegistration = safetyTimer.Token.Register(
            static state =>
            {
                var (run, max) = ((LoadRun, TimeSpan))state!;
                run.Interrupt(StopReason.MaxDuration, $"the safety cap on run duration ({LoadSimulation.Format(max)}) was reached");
            },
            (this, maxDuration));

        var sampler = new TimelineSampler(this);
        using var samplerStop = new CancellationTokenSource();
        var samplerTask = sampler.RunAsync(samplerStop.Token);

        var workers = Task.WhenAll(StartWorkers());
        await Task.WhenAny(_planEnded.Task, workers).ConfigureAwait(false);
        OnPlanEnding();
        MarkPlanEnd();
        await WhenProducerDoneAsync().ConfigureAwait(false);

        if (!await CompletesWithinAsync(workers, Options.GracefulStop).ConfigureAwait(false))
        {
            var running = Workers.Sum(w => Volatile.Read(ref w.Busy));
            notes.Add($"{running} iteration(s) still running {LoadSimulation.Format(Options.GracefulStop)} after the end of the plan were cancelled (graceful stop)");
            _stop.Cancel();
            if (!await CompletesWithinAsync(workers, HardStopWait).ConfigureAwait(false))
            {
                notes.Add($"some iterations ignored cancellation for {LoadSimulation.Format(HardStopWait)}; they are left behind and not counted");
            }
        }

        if (workers.IsFaulted)
        {
            notes.Add("a worker failed unexpectedly: " + workers.Exception!.GetBaseException().Message);
        }

        // Everything has stopped; this also releases the closed model's plan timer when the plan ended early.
        await _stop.CancelAsync().ConfigureAwait(false);
        await samplerStop.CancelAsync().ConfigureAwait(false);
        await samplerTask.ConfigureAwait(false);
        sampler.Tick(final: true);

        var unstarted = SchedulerDropped + DrainUnstarted();
        var elapsed = LoadUnits.ToTimeSpan(Stopwatch.GetTimestamp() - T0);
        var planEnd = Volatile.Read(ref _planEndTs);
        var measuredTicks = Math.Max(0, (planEnd == 0 ? Stopwatch.GetTimestamp() : planEnd) - T0 - WarmUpTicks);
        return LoadReportBuilder.Build(new LoadRunFacts
        {
            Scenario = Scenario,
            Options = Options,
            Thresholds = ThresholdList,
            Workers = Workers,
            StepNames = StepNames,
            StartedAt = startedAt,
            Elapsed = elapsed,
            MeasuredDuration = LoadUnits.ToTimeSpan(measuredTicks),
            UnstartedIterations = unstarted,
            Timeline = sampler.Points.ToList(),
            FailedDuringRun = sampler.FailedDuringRun.ToList(),
            Interruption = (StopReason)Volatile.Read(ref _interruption),
            InterruptionDetail = Volatile.Read(ref _interruptionDetail),
            EndReason = (StopReason)Volatile.Read(ref _endReason),
            IterationBudget = Budget.Total,
            ModelParameters = ModelParameters(),
            Notes = notes,
        });
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>Starts the workers (and whatever feeds them); the run waits for the returned tasks.</summary>
    protected abstract Task[] StartWorkers();

    /// <summary>Starts <paramref name="work"/> for every worker, each on its own task.</summary>
    protected Task[] StartEachWorker(Func<WorkerState, Task> work)
    {
        var tasks = new Task[Workers.Length];
        for (var i = 0; i < Workers.Length; i++)
        {
            var worker = Workers[i];
            tasks[i] = Task.Run(() => work(worker));
        }

        return tasks;
    }

    /// <summary>Called once the plan ended or every worker stopped, before the end of the plan is marked.</summary>
    protected virtual void OnPlanEnding()
    {
    }

    /// <summary>Waits for whatever hands out iterations to stop, once the end of the plan is marked.</summary>
    protected virtual Task WhenProducerDoneAsync() => Task.CompletedTask;

    /// <summary>Measured iterations that were due but never handed to a worker, counted once the workers have stopped.</summary>
    protected virtual long DrainUnstarted() => 0;

    /// <summary>The report's parameters that belong to this load model, in report order.</summary>
    protected abstract IReadOnlyList<KeyValuePair<string, string>> ModelParameters();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected async ValueTask RunIterationAsync(WorkerState worker, long lagTicks, bool measured, CancellationToken token)
    {
        worker.Context.Begin(++worker.IterationNumber, lagTicks, measured, token);
        Volatile.Write(ref worker.Busy, 1);
        if (measured)
        {
            worker.Started++;
        }

        try
        {
            await Scenario.Iteration(worker.Context, token).ConfigureAwait(false);
            if (measured)
            {
                worker.Completed++;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (measured)
            {
                worker.Interrupted++;
            }
        }
        catch (Exception exception)
        {
            if (measured)
            {
                worker.RecordIterationError(exception);
            }
        }
        finally
        {
            Volatile.Write(ref worker.Busy, 0);
        }
    }

    protected void EndPlan(StopReason reason)
    {
        Interlocked.CompareExchange(ref _endReason, (int)reason, 0);
        MarkPlanEnd();
    }

    private void MarkPlanEnd()
    {
        Interlocked.CompareExchange(ref _planEndTs, Stopwatch.GetTimestamp(), 0);
        _planEnded.TrySetResult();
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception)
        {
            return true; // finished, faulted: reported by the caller
        }
    }
}
