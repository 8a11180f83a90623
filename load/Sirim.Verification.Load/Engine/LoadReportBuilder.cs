using System.Globalization;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Engine;

/// <summary>Everything a finished run hands to <see cref="LoadReportBuilder"/>: read once the workers have stopped.</summary>
internal sealed record LoadRunFacts
{
    public required Scenario Scenario { get; init; }
    public required LoadRunOptions Options { get; init; }
    public required IReadOnlyList<Threshold> Thresholds { get; init; }
    public required IReadOnlyList<WorkerState> Workers { get; init; }

    /// <summary>Step names by step index (the index of each worker's recorders).</summary>
    public required IReadOnlyList<string> StepNames { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public required TimeSpan Elapsed { get; init; }

    /// <summary>From the end of the warm-up to the end of the plan (the denominator of every rate).</summary>
    public required TimeSpan MeasuredDuration { get; init; }

    /// <summary>Measured iterations that were due but never reached a worker (dropped by the scheduler, left in the queue).</summary>
    public long UnstartedIterations { get; init; }

    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];

    /// <summary>Texts of the thresholds seen failing during the run.</summary>
    public IReadOnlyCollection<string> FailedDuringRun { get; init; } = [];

    public StopReason Interruption { get; init; }
    public string? InterruptionDetail { get; init; }
    public StopReason EndReason { get; init; }

    /// <summary>Iterations allowed (the smaller of the iteration limit and the safety cap).</summary>
    public long IterationBudget { get; init; }

    /// <summary>The parameters that belong to the load model, shown after the warm-up.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ModelParameters { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Builds the <see cref="LoadReport"/> of a finished run: merges every worker's step recorders per step and overall,
/// sums the iteration counters, judges the thresholds on the merged figures and maps how the run stopped to its
/// outcome. Pure: no clock, no shared state; the same facts give the same report.
/// </summary>
internal static class LoadReportBuilder
{
    public static LoadReport Build(LoadRunFacts facts)
    {
        var notes = facts.Notes.ToList();
        var measuredSeconds = facts.MeasuredDuration.TotalSeconds;
        var names = facts.StepNames;
        var steps = new List<StepStats>(names.Count);
        var snapshots = new Dictionary<string, MetricSnapshot>(StringComparer.Ordinal);
        var overall = new Aggregate("overall");
        for (var id = 0; id < names.Count; id++)
        {
            var aggregate = new Aggregate(names[id]);
            foreach (var worker in facts.Workers)
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

        long started = 0, completed = 0, failed = 0, interrupted = 0, dropped = facts.UnstartedIterations;
        var iterationErrors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var worker in facts.Workers)
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
        var thresholds = facts.Thresholds
            .Select(t =>
            {
                var result = ThresholdEvaluator.Evaluate(t, t.Scope is null ? overallSnapshot : snapshots.GetValueOrDefault(t.Scope), dropped);
                return facts.FailedDuringRun.Contains(t.Text)
                    ? result with { Note = string.Join("; ", new[] { result.Note, "failed during the run (abort)" }.Where(n => n is not null)) }
                    : result;
            })
            .ToList();

        var (outcome, reason) = Outcome(facts.Interruption, facts.InterruptionDetail, facts.EndReason, facts.IterationBudget);
        var scenario = facts.Scenario;
        return new LoadReport
        {
            Scenario = scenario.Name,
            Model = scenario.Model,
            Simulations = scenario.Simulations.Select(s => s.ToString()).ToList(),
            Parameters = Parameters(facts),
            Outcome = outcome,
            OutcomeReason = reason,
            StartedAt = facts.StartedAt,
            PlannedDuration = scenario.PlannedDuration,
            Elapsed = facts.Elapsed,
            WarmUp = scenario.WarmUp,
            MeasuredDuration = facts.MeasuredDuration,
            Workers = facts.Workers.Count,
            Targets = facts.Options.Targets.Select(t => t.ToString()).ToList(),
            Overall = overall.ToStats(measuredSeconds),
            Steps = steps,
            Iterations = new IterationStats(started, completed, failed, interrupted, dropped, iterationErrors),
            Timeline = facts.Timeline,
            Thresholds = thresholds,
            Notes = notes,
        };
    }

    /// <summary>
    /// The outcome and its reason: an interruption (cancelled, aborted, safety stop on duration) wins over how the plan
    /// ended; a spent safety cap is a safety stop, a reached iteration limit a completed run.
    /// </summary>
    public static (LoadOutcome Outcome, string? Reason) Outcome(StopReason interruption, string? detail, StopReason endReason, long iterationBudget) =>
        interruption switch
        {
            StopReason.Cancelled => (LoadOutcome.Cancelled, detail),
            StopReason.Aborted => (LoadOutcome.Aborted, detail),
            StopReason.MaxDuration => (LoadOutcome.SafetyStop, detail),
            _ => endReason switch
            {
                StopReason.IterationCap => (LoadOutcome.SafetyStop, $"the safety cap of {iterationBudget} iterations was reached"),
                StopReason.IterationLimit => (LoadOutcome.Completed, $"the iteration limit of {iterationBudget} was reached"),
                _ => (LoadOutcome.Completed, null),
            },
        };

    private static List<KeyValuePair<string, string>> Parameters(LoadRunFacts facts)
    {
        static KeyValuePair<string, string> P(string name, string value) => new(name, value);
        var scenario = facts.Scenario;
        var options = facts.Options;
        var safety = options.Safety;
        var list = new List<KeyValuePair<string, string>>
        {
            P("scenario", scenario.Name),
            P("model", scenario.Model == LoadModel.Open ? "open (arrival rate; latency from the intended start)" : "closed (virtual users looping)"),
            P("simulations", string.Join(" → ", scenario.Simulations.Select(s => s.ToString()))),
            P("planned duration", LoadSimulation.Format(scenario.PlannedDuration)),
            P("warm-up (excluded)", LoadSimulation.Format(scenario.WarmUp)),
        };
        list.AddRange(facts.ModelParameters);
        list.Add(P("graceful stop", LoadSimulation.Format(options.GracefulStop)));
        if (options.IterationLimit is { } limit)
        {
            list.Add(P("iteration limit", limit.ToString(CultureInfo.InvariantCulture)));
        }

        list.Add(P("targets", options.Targets.Count == 0 ? "none" : string.Join(", ", options.Targets)));
        list.Add(P("allowed hosts", string.Join(", ", safety.AllowedHosts)));
        list.Add(P("safety caps", $"duration {LoadSimulation.Format(safety.MaxDuration)}, rate {safety.MaxRatePerSecond.ToString("0.##", CultureInfo.InvariantCulture)}/s, "
                                  + $"virtual users {safety.MaxVirtualUsers}, iterations {safety.MaxTotalIterations}"));
        list.Add(P("abort on threshold failure", options.AbortOnThresholdFailure
            ? $"yes, after a grace period of {LoadSimulation.Format(options.ThresholdGracePeriod)}"
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

        public void Add(StepRecorder recorder) =>
            Add(recorder.Response, recorder.Service, recorder.Ok, recorder.Fail, recorder.Bytes, recorder.StatusCodes, recorder.Errors);

        public void Add(Aggregate other) =>
            Add(other._response, other._service, other._ok, other._fail, other._bytes, other._status, other._errors);

        private void Add(HdrHistogram.HistogramBase response, HdrHistogram.HistogramBase service, long ok, long fail, long bytes,
            long[] status, IReadOnlyDictionary<string, long>? errors)
        {
            _response.Add(response);
            _service.Add(service);
            _ok += ok;
            _fail += fail;
            _bytes += bytes;
            for (var i = 0; i < _status.Length; i++)
            {
                _status[i] += status[i];
            }

            if (errors is null)
            {
                return;
            }

            foreach (var (reason, count) in errors)
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
