using System.Diagnostics;
using System.Runtime.CompilerServices;
using Sirim.Verification.Load.Engine;

namespace Sirim.Verification.Load;

/// <summary>
/// Handed to each iteration of a scenario: runs named steps and records them into the worker's own statistics.
/// One instance per worker, reused from iteration to iteration (do not keep it beyond the iteration).
/// </summary>
public sealed class IterationContext
{
    private readonly WorkerState _worker;
    private long _lagTicks;
    private bool _measured;

    internal IterationContext(string scenarioName, WorkerState worker)
    {
        ScenarioName = scenarioName;
        _worker = worker;
    }

    /// <summary>Scenario name.</summary>
    public string ScenarioName { get; }

    /// <summary>Worker (virtual user or in-flight slot) running this iteration, from 0.</summary>
    public int WorkerId => _worker.Id;

    /// <summary>Iteration number of this worker, from 1.</summary>
    public long IterationNumber { get; private set; }

    /// <summary>How late the iteration started compared with its schedule (open model; zero in the closed model).</summary>
    public TimeSpan StartLag => LoadUnits.ToTimeSpan(_lagTicks);

    /// <summary>Whether this iteration counts in the statistics (false during the warm-up).</summary>
    public bool IsMeasured => _measured;

    /// <summary>Cancelled when the run stops; pass it to every wait.</summary>
    public CancellationToken CancellationToken { get; private set; }

    internal void Begin(long iterationNumber, long lagTicks, bool measured, CancellationToken cancellationToken)
    {
        IterationNumber = iterationNumber;
        _lagTicks = lagTicks;
        _measured = measured;
        CancellationToken = cancellationToken;
    }

    /// <summary>
    /// Runs one named step and records its outcome: service time from the call, and response time from the intended start
    /// (service time plus the iteration's start lag, which is what corrects coordinated omission in the open model).
    /// An exception thrown by the step is recorded as a failure and returned as a failed result; a cancellation caused
    /// by the run stopping is not recorded and is rethrown.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<StepResult> StepAsync(string name, Func<CancellationToken, ValueTask<StepResult>> step)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(step);
        var recorder = _worker.Step(name);
        var token = CancellationToken;
        var start = Stopwatch.GetTimestamp();
        StepResult result;
        try
        {
            result = await step(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            result = StepResult.Fail(exception is OperationCanceledException ? "timeout" : "exception: " + exception.GetType().Name);
        }

        var service = Stopwatch.GetTimestamp() - start;
        recorder.Record(result, LoadUnits.TicksToMicroseconds(service), LoadUnits.TicksToMicroseconds(service + _lagTicks), _measured);
        return result;
    }
}
