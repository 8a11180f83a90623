using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
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
/// The state of one run: workers, schedule, stop signals. Created, executed and disposed by <see cref="LoadRunner"/>.
/// </summary>
internal sealed class LoadRun : IDisposable
{
    private static readonly TimeSpan HardStopWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(50);
    private const int BudgetBatch = 16;

    private readonly Scenario _scenario;
    private readonly StepRegistry _registry = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _planEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ArrivalSchedule? _schedule;
    private readonly ConcurrencyPlan? _plan;
    private readonly IterationBudget _budget;
    private readonly StopReason _budgetReason;
    private readonly long _plannedTicks;
    private readonly long _maxStartDelayTicks;
    private readonly double _warmUpSeconds;
    private int _endReason;
    private int _interruption;
    private string? _interruptionDetail;
    private long _planEndTs;
    private long _schedulerDropped;
    private int _budgetSpent;

    public LoadRun(Scenario scenario, LoadRunOptions options, IReadOnlyList<Threshold> thresholds)
    {
        _scenario = scenario;
        Options = options;
        ThresholdList = thresholds;
        Model = scenario.Model;
        if (Model == LoadModel.Open)
        {
            _schedule = new ArrivalSchedule(scenario.Simulations);
            Workers = new WorkerState[options.MaxInFlight];
        }
        else
        {
            _plan = new ConcurrencyPlan(scenario.Simulations);
            Workers = new WorkerState[_plan.MaxVirtualUsers];
        }

        for (var i = 0; i < Workers.Length; i++)
        {
            Workers[i] = new WorkerState(i, scenario.Name, _registry);
        }

        Planned = scenario.PlannedDuration;
        _plannedTicks = LoadUnits.ToTicks(Planned);
        WarmUpTicks = LoadUnits.ToTicks(scenario.WarmUp);
        _warmUpSeconds = scenario.WarmUp.TotalSeconds;
        _maxStartDelayTicks = LoadUnits.ToTicks(options.MaxStartDelay);

        var cap = options.Safety.MaxTotalIterations;
        var limit = options.IterationLimit ?? long.MaxValue;
        _budget = new IterationBudget(Math.Min(cap, limit));
        _budgetReason = limit <= cap ? StopReason.IterationLimit : StopReason.IterationCap;
    }

    public LoadRunOptions Options { get; }

    public IReadOnlyList<Threshold> ThresholdList { get; }

    public LoadModel Model { get; }

    public WorkerState[] Workers { get; }

    public string ScenarioName => _scenario.Name;

    public TimeSpan Planned { get; }

    public long T0 { get; private set; }

    public long WarmUpTicks { get; }

    public long SchedulerDropped => Volatile.Read(ref _schedulerDropped);

    public bool PlanHasEnded => Volatile.Read(ref _planEndTs) != 0;

    public IReadOnlyList<string> StepNames => _registry.Names;

    /// <summary>Planned arrival rate (open) or virtual users (closed) at <paramref name="elapsed"/>.</summary>
    public double TargetAt(TimeSpan elapsed) => _schedule?.RateAt(elapsed) ?? _plan!.TargetAt(elapsed);

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

        Channel<double>? channel = null;
        Task? scheduler = null;
        var workerTasks = new Task[Workers.Length];
        if (Model == LoadModel.Open)
        {
            var capacity = (int)Math.Clamp(
                _schedule!.PeakRatePerSecond * Options.MaxStartDelay.TotalSeconds + Options.MaxInFlight + 16, 16, 1_000_000);
            channel = Channel.CreateBounded<double>(new BoundedChannelOptions(capacity)
            {
                SingleWriter = true,
                SingleReader = false,
                FullMode = BoundedChannelFullMode.Wait,
            });
            for (var i = 0; i < Workers.Length; i++)
            {
                var worker = Workers[i];
                var reader = channel.Reader;
                workerTasks[i] = Task.Run(() => OpenWorkerAsync(worker, reader));
            }

            var writer = channel.Writer;
            scheduler = Task.Run(() => ScheduleAsync(writer));
        }
        else
        {
            for (var i = 0; i < Workers.Length; i++)
            {
                var worker = Workers[i];
                workerTasks[i] = Task.Run(() => ClosedWorkerAsync(worker));
            }

            _ = EndPlanOnTimeAsync();
        }

        var workers = Task.WhenAll(workerTasks);
        await Task.WhenAny(_planEnded.Task, workers).ConfigureAwait(false);
        if (Volatile.Read(ref _budgetSpent) != 0)
        {
            EndPlan(_budgetReason);
        }

        MarkPlanEnd();
        if (scheduler is not null)
        {
            await scheduler.ConfigureAwait(false);
        }

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

        long drained = 0;
        if (channel is not null)
        {
            while (channel.Reader.TryRead(out var offset))
            {
                if (offset >= _warmUpSeconds)
                {
                    drained++;
                }
            }
        }

        var elapsed = LoadUnits.ToTimeSpan(Stopwatch.GetTimestamp() - T0);
        return BuildReport(startedAt, elapsed, sampler, drained, notes);
    }

    public void Dispose() => _stop.Dispose();

    private async Task ScheduleAsync(ChannelWriter<double> writer)
    {
        var token = _stop.Token;
        long produced = 0;
        var oneMillisecond = LoadUnits.ToTicks(TimeSpan.FromMilliseconds(1));
        try
        {
            foreach (var offset in _schedule!.Offsets())
            {
                if (token.IsCancellationRequested || PlanHasEnded)
                {
                    return;
                }

                if (produced >= _budget.Total)
                {
                    EndPlan(_budgetReason);
                    return;
                }

                var wait = T0 + LoadUnits.SecondsToTicks(offset) - Stopwatch.GetTimestamp();
                if (wait > oneMillisecond)
                {
                    await Task.Delay(LoadUnits.ToTimeSpan(wait), token).ConfigureAwait(false);
                }

                produced++;
                if (!writer.TryWrite(offset) && offset >= _warmUpSeconds)
                {
                    Volatile.Write(ref _schedulerDropped, _schedulerDropped + 1);
                }
            }

            // The plan lasts its full duration even though the last arrival is due a little before its end.
            var remaining = T0 + _plannedTicks - Stopwatch.GetTimestamp();
            if (remaining > 0)
            {
                await Task.Delay(LoadUnits.ToTimeSpan(remaining), token).ConfigureAwait(false);
            }

            EndPlan(StopReason.PlanEnded);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Interrupted: the reason is already recorded.
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task OpenWorkerAsync(WorkerState worker, ChannelReader<double> reader)
    {
        var token = _stop.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (!token.IsCancellationRequested && reader.TryRead(out var offset))
                {
                    var intended = T0 + LoadUnits.SecondsToTicks(offset);
                    var lag = Math.Max(0, Stopwatch.GetTimestamp() - intended);
                    var measured = offset >= _warmUpSeconds;
                    if (lag > _maxStartDelayTicks)
                    {
                        if (measured)
                        {
                            Volatile.Write(ref worker.Dropped, worker.Dropped + 1);
                        }

                        continue;
                    }

                    await RunIterationAsync(worker, lag, measured, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The run stopped; items left in the channel are counted as dropped by the run.
        }
    }

    private async Task ClosedWorkerAsync(WorkerState worker)
    {
        var token = _stop.Token;
        var end = T0 + _plannedTicks;
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
                if (worker.Id >= _plan!.TargetAt(LoadUnits.ToTimeSpan(elapsed)))
                {
                    var idle = LoadUnits.ToTimeSpan(end - now);
                    await Task.Delay(idle < IdlePoll ? idle : IdlePoll, token).ConfigureAwait(false);
                    continue;
                }

                if (allowance == 0)
                {
                    allowance = _budget.Claim(BudgetBatch);
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunIterationAsync(WorkerState worker, long lagTicks, bool measured, CancellationToken token)
    {
        worker.Context.Begin(++worker.IterationNumber, lagTicks, measured, token);
        Volatile.Write(ref worker.Busy, 1);
        if (measured)
        {
            worker.Started++;
        }

        try
        {
            await _scenario.Iteration(worker.Context, token).ConfigureAwait(false);
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

    private async Task EndPlanOnTimeAsync()
    {
        try
        {
            await Task.Delay(Planned, _stop.Token).ConfigureAwait(false);
            EndPlan(StopReason.PlanEnded);
        }
        catch (OperationCanceledException)
        {
            // Interrupted.
        }
    }

    private void EndPlan(StopReason reason)
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

    private LoadReport BuildReport(DateTimeOffset startedAt, TimeSpan elapsed, TimelineSampler sampler, long drained, List<string> notes)
    {
        var planEnd = Volatile.Read(ref _planEndTs);
        var measuredTicks = Math.Max(0, (planEnd == 0 ? Stopwatch.GetTimestamp() : planEnd) - T0 - WarmUpTicks);
        var measuredSeconds = measuredTicks / (double)Stopwatch.Frequency;

        var names = _registry.Names;
        var steps = new List<StepStats>(names.Count);
        var snapshots = new Dictionary<string, MetricSnapshot>(StringComparer.Ordinal);
        var overall = new Aggregate("overall");
        for (var id = 0; id < names.Count; id++)
        {
            var aggregate = new Aggregate(names[id]);
            foreach (var worker in Workers)
            {
                var recorders = worker.Steps;
                if (id < recorders.Length && recorders[id] is { } recorder)
                {
                    aggregate.Add(recorder);
                }
            }

            overall.Add(aggregate);
            steps.Add(aggregate.ToStats(measuredSeconds));
            snapshots[names[id]] = aggregate.ToSnapshot(measuredSeconds);
        }

        long started = 0, completed = 0, failed = 0, interrupted = 0, dropped = SchedulerDropped + drained;
        var iterationErrors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var worker in Workers)
        {
            started += worker.Started;
            completed += worker.Completed;
            failed += worker.Failed;
            interrupted += worker.Interrupted;
            dropped += worker.Dropped;
            foreach (var (error, count) in worker.IterationErrors ?? [])
            {
                iterationErrors[error] = iterationErrors.GetValueOrDefault(error) + count;
            }
        }

        if (failed > 0)
        {
            notes.Add($"{failed} iteration(s) threw an exception outside a step; see the iteration errors");
        }

        var overallSnapshot = overall.ToSnapshot(measuredSeconds);
        var failedDuringRun = sampler.FailedDuringRun;
        var thresholds = ThresholdList
            .Select(t =>
            {
                var result = ThresholdEvaluator.Evaluate(t, t.Scope is null ? overallSnapshot : snapshots.GetValueOrDefault(t.Scope), dropped);
                return failedDuringRun.Contains(t.Text)
                    ? result with { Note = string.Join("; ", new[] { result.Note, "failed during the run (abort)" }.Where(n => n is not null)) }
                    : result;
            })
            .ToList();

        var interruption = (StopReason)Volatile.Read(ref _interruption);
        var endReason = (StopReason)Volatile.Read(ref _endReason);
        var (outcome, reason) = interruption switch
        {
            StopReason.Cancelled => (LoadOutcome.Cancelled, _interruptionDetail),
            StopReason.Aborted => (LoadOutcome.Aborted, _interruptionDetail),
            StopReason.MaxDuration => (LoadOutcome.SafetyStop, _interruptionDetail),
            _ => endReason switch
            {
                StopReason.IterationCap => (LoadOutcome.SafetyStop, $"the safety cap of {_budget.Total} iterations was reached"),
                StopReason.IterationLimit => (LoadOutcome.Completed, $"the iteration limit of {_budget.Total} was reached"),
                _ => (LoadOutcome.Completed, (string?)null),
            },
        };

        return new LoadReport
        {
            Scenario = _scenario.Name,
            Model = Model,
            Simulations = _scenario.Simulations.Select(s => s.ToString()).ToList(),
            Parameters = Parameters(),
            Outcome = outcome,
            OutcomeReason = reason,
            StartedAt = startedAt,
            PlannedDuration = Planned,
            Elapsed = elapsed,
            WarmUp = _scenario.WarmUp,
            MeasuredDuration = LoadUnits.ToTimeSpan(measuredTicks),
            Workers = Workers.Length,
            Targets = Options.Targets.Select(t => t.ToString()).ToList(),
            Overall = overall.ToStats(measuredSeconds),
            Steps = steps,
            Iterations = new IterationStats(started, completed, failed, interrupted, dropped, iterationErrors),
            Timeline = sampler.Points.ToList(),
            Thresholds = thresholds,
            Notes = notes,
        };
    }

    private List<KeyValuePair<string, string>> Parameters()
    {
        static KeyValuePair<string, string> P(string name, string value) => new(name, value);
        var safety = Options.Safety;
        var list = new List<KeyValuePair<string, string>>
        {
            P("scenario", _scenario.Name),
            P("model", Model == LoadModel.Open ? "open (arrival rate; latency from the intended start)" : "closed (virtual users looping)"),
            P("simulations", string.Join(" → ", _scenario.Simulations.Select(s => s.ToString()))),
            P("planned duration", LoadSimulation.Format(Planned)),
            P("warm-up (excluded)", LoadSimulation.Format(_scenario.WarmUp)),
        };
        if (Model == LoadModel.Open)
        {
            list.Add(P("peak arrival rate", _schedule!.PeakRatePerSecond.ToString("0.##", CultureInfo.InvariantCulture) + "/s"));
            list.Add(P("planned iterations", _schedule.PlannedArrivals.ToString(CultureInfo.InvariantCulture)));
            list.Add(P("max in-flight", Options.MaxInFlight.ToString(CultureInfo.InvariantCulture)));
            list.Add(P("max start delay", LoadSimulation.Format(Options.MaxStartDelay)));
        }
        else
        {
            list.Add(P("virtual users (max)", Workers.Length.ToString(CultureInfo.InvariantCulture)));
        }

        list.Add(P("graceful stop", LoadSimulation.Format(Options.GracefulStop)));
        if (Options.IterationLimit is { } limit)
        {
            list.Add(P("iteration limit", limit.ToString(CultureInfo.InvariantCulture)));
        }

        list.Add(P("targets", Options.Targets.Count == 0 ? "none" : string.Join(", ", Options.Targets)));
        list.Add(P("allowed hosts", string.Join(", ", safety.AllowedHosts)));
        list.Add(P("safety caps", $"duration {LoadSimulation.Format(safety.MaxDuration)}, rate {safety.MaxRatePerSecond.ToString("0.##", CultureInfo.InvariantCulture)}/s, "
                                  + $"virtual users {safety.MaxVirtualUsers}, iterations {safety.MaxTotalIterations}"));
        list.Add(P("abort on threshold failure", Options.AbortOnThresholdFailure
            ? $"yes, after a grace period of {LoadSimulation.Format(Options.ThresholdGracePeriod)}"
            : "no (judged at the end)"));
        return list;
    }

    /// <summary>Merge of per-worker recorders for one step (or all steps).</summary>
    private sealed class Aggregate(string name)
    {
        private readonly HdrHistogram.LongHistogram _response = LatencyHistograms.Create();
        private readonly HdrHistogram.LongHistogram _service = LatencyHistograms.Create();
        private readonly long[] _status = new long[600];
        private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
        private long _ok;
        private long _fail;
        private long _bytes;

        public void Add(StepRecorder recorder)
        {
            _response.Add(recorder.Response);
            _service.Add(recorder.Service);
            _ok += recorder.Ok;
            _fail += recorder.Fail;
            _bytes += recorder.Bytes;
            for (var i = 0; i < _status.Length; i++)
            {
                _status[i] += recorder.StatusCodes[i];
            }

            foreach (var (reason, count) in recorder.Errors ?? [])
            {
                _errors[reason] = _errors.GetValueOrDefault(reason) + count;
            }
        }

        public void Add(Aggregate other)
        {
            _response.Add(other._response);
            _service.Add(other._service);
            _ok += other._ok;
            _fail += other._fail;
            _bytes += other._bytes;
            for (var i = 0; i < _status.Length; i++)
            {
                _status[i] += other._status[i];
            }

            foreach (var (reason, count) in other._errors)
            {
                _errors[reason] = _errors.GetValueOrDefault(reason) + count;
            }
        }

        public MetricSnapshot ToSnapshot(double seconds) => new(_ok + _fail, _ok, _fail, _response, seconds);

        public StepStats ToStats(double seconds)
        {
            var statuses = new SortedDictionary<int, long>();
            for (var i = 0; i < _status.Length; i++)
            {
                if (_status[i] > 0)
                {
                    statuses[i] = _status[i];
                }
            }

            var count = _ok + _fail;
            return new StepStats(
                name,
                count,
                _ok,
                _fail,
                seconds > 0 ? count / seconds : 0,
                _bytes,
                statuses,
                _errors.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value),
                LatencySummary.From(_response),
                LatencySummary.From(_service));
        }
    }
}
