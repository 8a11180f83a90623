using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Engine;

/// <summary>
/// The open model (arrival rate): a scheduler writes each planned arrival into a bounded channel at its intended
/// time, and a fixed set of in-flight slots run them. An arrival that starts later than the maximum start delay is
/// dropped, and latency counts from the intended start (no coordinated omission).
/// </summary>
internal sealed class OpenModelRun : LoadRun
{
    private readonly ArrivalSchedule _schedule;
    private readonly Channel<double> _arrivals;
    private readonly long _maxStartDelayTicks;
    private Task _scheduler = Task.CompletedTask;
    private long _schedulerDropped;

    public OpenModelRun(Scenario scenario, LoadRunOptions options, IReadOnlyList<Threshold> thresholds)
        : base(scenario, options, thresholds, options.MaxInFlight)
    {
        _schedule = new ArrivalSchedule(scenario.Simulations);
        _maxStartDelayTicks = LoadUnits.ToTicks(options.MaxStartDelay);
        var capacity = (int)Math.Clamp(
            _schedule.PeakRatePerSecond * options.MaxStartDelay.TotalSeconds + options.MaxInFlight + 16, 16, 1_000_000);
        _arrivals = Channel.CreateBounded<double>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public override long SchedulerDropped => Volatile.Read(ref _schedulerDropped);

    public override double TargetAt(TimeSpan elapsed) => _schedule.RateAt(elapsed);

    protected override Task[] StartWorkers()
    {
        var tasks = StartEachWorker(WorkerAsync);
        _scheduler = Task.Run(ScheduleAsync);
        return tasks;
    }

    protected override Task WhenProducerDoneAsync() => _scheduler;

    protected override long DrainUnstarted()
    {
        long drained = 0;
        while (_arrivals.Reader.TryRead(out var offset))
        {
            if (offset >= WarmUpSeconds)
            {
                drained++;
            }
        }

        return drained;
    }

    protected override IReadOnlyList<KeyValuePair<string, string>> ModelParameters() =>
    [
        new("peak arrival rate", _schedule.PeakRatePerSecond.ToString("0.##", CultureInfo.InvariantCulture) + "/s"),
        new("planned iterations", _schedule.PlannedArrivals.ToString(CultureInfo.InvariantCulture)),
        new("max in-flight", Options.MaxInFlight.ToString(CultureInfo.InvariantCulture)),
        new("max start delay", LoadSimulation.Format(Options.MaxStartDelay)),
    ];

    private async Task ScheduleAsync()
    {
        var writer = _arrivals.Writer;
        var token = StopToken;
        long produced = 0;
        var oneMillisecond = LoadUnits.ToTicks(TimeSpan.FromMilliseconds(1));
        try
        {
            foreach (var offset in _schedule.Offsets())
            {
                if (token.IsCancellationRequested || PlanHasEnded)
                {
                    return;
                }

                if (produced >= Budget.Total)
                {
                    EndPlan(BudgetReason);
                    return;
                }

                var wait = T0 + LoadUnits.SecondsToTicks(offset) - Stopwatch.GetTimestamp();
                if (wait > oneMillisecond)
                {
                    await Task.Delay(LoadUnits.ToTimeSpan(wait), token).ConfigureAwait(false);
                }

                produced++;
                if (!writer.TryWrite(offset) && offset >= WarmUpSeconds)
                {
                    Volatile.Write(ref _schedulerDropped, _schedulerDropped + 1);
                }
            }

            // The plan lasts its full duration even though the last arrival is due a little before its end.
            var remaining = T0 + PlannedTicks - Stopwatch.GetTimestamp();
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

    private async Task WorkerAsync(WorkerState worker)
    {
        var reader = _arrivals.Reader;
        var token = StopToken;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (!token.IsCancellationRequested && reader.TryRead(out var offset))
                {
                    var intended = T0 + LoadUnits.SecondsToTicks(offset);
                    var lag = Math.Max(0, Stopwatch.GetTimestamp() - intended);
                    var measured = offset >= WarmUpSeconds;
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
}
