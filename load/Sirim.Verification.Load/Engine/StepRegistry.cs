using System.Collections.Concurrent;

namespace Sirim.Verification.Load.Engine;

/// <summary>
/// Step name → dense index, shared by the workers of a run. Lookups are lock-free; the lock is only taken the
/// first time a step name is seen.
/// </summary>
internal sealed class StepRegistry
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private string[] _names = [];

    public IReadOnlyList<string> Names => Volatile.Read(ref _names);

    public int GetOrAdd(string name)
    {
        if (_ids.TryGetValue(name, out var id))
        {
            return id;
        }

        lock (_gate)
        {
            if (_ids.TryGetValue(name, out id))
            {
                return id;
            }

            var names = _names;
            id = names.Length;
            var grown = new string[id + 1];
            Array.Copy(names, grown, id);
            grown[id] = name;
            Volatile.Write(ref _names, grown);
            _ids[name] = id;
            return id;
        }
    }
}
