using System.Diagnostics;
using HdrHistogram;
using Sirim.Verification.Load.Progress;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Engine;

/// <summary>
/// Once a second: harvests every worker's interval histograms and counters into one timeline point, reports
/// progress, and (when asked) checks the thresholds that can fail mid-run, aborting the run on the first failure.
/// Runs on its own task; the workers never wait for it.
/// </summary>
internal sealed class TimelineSampler(LoadRun run)
{
    private readonly LongHistogram _slice = NewIntervalHistogram();
    private readonly LongHistogram _overallSoFar = NewIntervalHistogram();
    private readonly List<LongHistogram> _stepSoFar = [];
    private readonly List<TimelinePoint> _points = [];
    private readonly List<string> _failedDuringRun = [];
    private long _lastTickTs = run.T0;
    private long _previousFail;
    private long _previousDropped;
    private long _requests;
    private long _errors;

    public IReadOnlyList<TimelinePoint> Points => _points;

    /// <summary>Texts of thresholds seen failing during the run.</summary>
    public IReadOnlyList<string> FailedDuringRun => _failedDuringRun;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Tick(final: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the run: the final tick is taken by the run once the workers are done.
        }
    }

    public void Tick(bool final)
    {
        var now = Stopwatch.GetTimestamp();
        var sliceTicks = now - _lastTickTs;
        var sliceStart = _lastTickTs - run.T0;
        var elapsedTicks = now - run.T0;
        var measured = sliceStart >= run.WarmUpTicks;

        _slice.Reset();
        long allFail = 0;
        var dropped = run.SchedulerDropped;
        var busy = 0;
        foreach (var worker in run.Workers)
        {
            busy += Volatile.Read(ref worker.Busy);
            dropped += Volatile.Read(ref worker.Dropped);
            var steps = worker.Steps;
            for (var i = 0; i < steps.Length; i++)
            {
                var recorder = Volatile.Read(ref steps[i]);
                if (recorder is null)
                {
                    continue;
                }

                var interval = recorder.SamplerSpare is null
                    ? recorder.Interval.GetIntervalHistogram()
                    : recorder.Interval.GetIntervalHistogram(recorder.SamplerSpare);
                recorder.SamplerSpare = interval;
                if (interval.TotalCount > 0)
                {
                    _slice.Add(interval);
                    if (measured)
                    {
                        StepSoFar(i).Add(interval);
                        _overallSoFar.Add(interval);
                    }
                }

                allFail += Volatile.Read(ref recorder.AllFail);
            }
        }

        var count = _slice.TotalCount;
        var errors = allFail - _previousFail;
        _previousFail = allFail;
        _requests += count;
        _errors += errors;
        var seconds = sliceTicks / (double)Stopwatch.Frequency;
        var rps = seconds > 0 ? count / seconds : 0;

        // A final slice of a few milliseconds adds noise, not information: fold it away unless it holds requests.
        if (!final || count > 0 || errors > 0 || dropped != _previousDropped || _points.Count == 0 || seconds >= 0.2)
        {
            _points.Add(new TimelinePoint(
                _points.Count + 1,
                LoadUnits.ToTimeSpan(elapsedTicks),
                !measured,
                count,
                errors,
                rps,
                count > 0 ? _slice.GetValueAtPercentile(50) / 1000.0 : null,
                count > 0 ? _slice.GetValueAtPercentile(95) / 1000.0 : null,
                count > 0 ? _slice.GetValueAtPercentile(99) / 1000.0 : null,
                busy,
                run.TargetAt(LoadUnits.ToTimeSpan(elapsedTicks)),
                dropped - _previousDropped));
        }

        _previousDropped = dropped;
        _lastTickTs = now;

        var p95SoFar = _overallSoFar.TotalCount > 0
            ? _overallSoFar.GetValueAtPercentile(95) / 1000.0
            : count > 0 ? _slice.GetValueAtPercentile(95) / 1000.0 : (double?)null;
        run.Options.Progress?.Report(new LoadProgress(
            run.ScenarioName,
            LoadUnits.ToTimeSpan(elapsedTicks),
            run.Planned,
            rps,
            _requests,
            _errors,
            p95SoFar,
            busy,
            dropped,
            !measured,
            final));

        if (!final && run.Options.AbortOnThresholdFailure && !run.PlanHasEnded
            && elapsedTicks >= run.WarmUpTicks + LoadUnits.ToTicks(run.Options.ThresholdGracePeriod))
        {
            CheckThresholds(elapsedTicks, dropped);
        }
    }

    private void CheckThresholds(long elapsedTicks, long dropped)
    {
        var seconds = (elapsedTicks - run.WarmUpTicks) / (double)Stopwatch.Frequency;
        var names = run.StepNames;
        long totalOk = 0, totalFail = 0;
        var snapshots = new Dictionary<string, MetricSnapshot>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            long ok = 0, fail = 0;
            foreach (var worker in run.Workers)
            {
                var steps = worker.Steps;
                var recorder = i < steps.Length ? Volatile.Read(ref steps[i]) : null;
                if (recorder is not null)
                {
                    ok += Volatile.Read(ref recorder.Ok);
                    fail += Volatile.Read(ref recorder.Fail);
                }
            }

            totalOk += ok;
            totalFail += fail;
            snapshots[names[i]] = new MetricSnapshot(ok + fail, ok, fail, StepSoFar(i), seconds);
        }

        var overall = new MetricSnapshot(totalOk + totalFail, totalOk, totalFail, _overallSoFar, seconds);
        foreach (var threshold in run.ThresholdList)
        {
            if (!threshold.CheckedDuringRun)
            {
                continue;
            }

            var data = threshold.Scope is null ? overall : snapshots.GetValueOrDefault(threshold.Scope);
            if (data is null && threshold.Metric != ThresholdMetric.Dropped)
            {
                continue; // the step has not run yet; judged at the end
            }

            var result = ThresholdEvaluator.Evaluate(threshold, data, dropped);
            if (!result.Passed && result.Actual is not null)
            {
                _failedDuringRun.Add(threshold.Text);
                run.Interrupt(
                    StopReason.Aborted,
                    $"threshold \"{threshold.Text}\" failed during the run at {LoadUnits.FormatClock(LoadUnits.ToTimeSpan(elapsedTicks))}: "
                    + $"actual {result.ActualText}, limit {result.Limit}; the load was stopped so it does not keep hurting a failing target");
                return;
            }
        }
    }

    private LongHistogram StepSoFar(int index)
    {
        while (_stepSoFar.Count <= index)
        {
            _stepSoFar.Add(NewIntervalHistogram());
        }

        return _stepSoFar[index];
    }

    private static LongHistogram NewIntervalHistogram() =>
        new(1, StepRecorder.HighestTrackableMicros, StepRecorder.IntervalPrecision);
}
