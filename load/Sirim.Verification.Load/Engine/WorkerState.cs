namespace Sirim.Verification.Load.Engine;

/// <summary>
/// One worker (a virtual user, or an in-flight slot of the open model) and everything it records. Only its own
/// task writes to it; the timeline sampler reads a few fields with volatile reads.
/// </summary>
internal sealed class WorkerState
{
    private const int MaxIterationErrorReasons = 20;

    private readonly StepRegistry _registry;
    private StepRecorder?[] _steps = new StepRecorder?[4];
    private string? _lastName;
    private StepRecorder? _last;

    public WorkerState(int id, string scenarioName, StepRegistry registry)
    {
        Id = id;
        _registry = registry;
        Context = new IterationContext(scenarioName, this);
    }

    public int Id { get; }

    public IterationContext Context { get; }

    /// <summary>1 while an iteration runs (in-flight / concurrency for the timeline).</summary>
    public int Busy;

    /// <summary>Measured iterations that were due but could not start.</summary>
    public long Dropped;

    public long IterationNumber;
    public long Started;
    public long Completed;
    public long Failed;
    public long Interrupted;
    public Dictionary<string, long>? IterationErrors;

    /// <summary>The step recorders by step index (entries may be null); safe to read from the sampler.</summary>
    public StepRecorder?[] Steps => Volatile.Read(ref _steps);

    public StepRecorder Step(string name)
    {
        // Step names are usually literals, so the same string instance comes back: skip the dictionary.
        if (ReferenceEquals(name, _lastName))
        {
            return _last!;
        }

        var id = _registry.GetOrAdd(name);
        var steps = _steps;
        if (id >= steps.Length)
        {
            var grown = new StepRecorder?[Math.Max(id + 1, steps.Length * 2)];
            Array.Copy(steps, grown, steps.Length);
            steps = grown;
            Volatile.Write(ref _steps, grown);
        }

        var recorder = steps[id];
        if (recorder is null)
        {
            recorder = new StepRecorder();
            Volatile.Write(ref steps[id], recorder);
        }

        _lastName = name;
        _last = recorder;
        return recorder;
    }

    public void RecordIterationError(Exception exception)
    {
        Failed++;
        var reason = $"{exception.GetType().Name}: {exception.Message}";
        if (reason.Length > 200)
        {
            reason = reason[..200] + "…";
        }

        var errors = IterationErrors ??= new Dictionary<string, long>(StringComparer.Ordinal);
        if (!errors.ContainsKey(reason) && errors.Count >= MaxIterationErrorReasons)
        {
            reason = "(other errors)";
        }

        errors[reason] = errors.GetValueOrDefault(reason) + 1;
    }
}
