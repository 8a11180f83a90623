using System.Text.Json;

namespace Sirim.ReferenceTarget.Defects;

/// <summary>One entry of <c>defects.json</c>: what a seeded defect breaks and which check must catch it.</summary>
public sealed record DefectEntry(string Id, string Gate, string Breaks, string CaughtBy);

/// <summary>
/// The seeded-defect catalogue and the one defect switched on for this process (or none).
/// Defects exist so the verification suite can prove each check fails when it must; they are only ever
/// switched on explicitly: through <c>SIRIM_REF_DEFECT</c> at start, or, when the process was started with a control
/// token (the project's own tests do), through <see cref="TrySwitch"/> while it runs. A defect the start-up wiring
/// reads (today only the database pool's size) cannot be switched that way: every id asked about before
/// <see cref="EndStartup"/> is remembered, and a switch to or from one of them is refused (the caller restarts the
/// process instead).
/// </summary>
public sealed class ActiveDefects
{
    private readonly Dictionary<string, DefectEntry> _byId;
    private readonly HashSet<string> _readAtStartup = new(StringComparer.Ordinal);
    private volatile bool _started;
    private volatile DefectEntry? _active;
    private long _activeSince = System.Diagnostics.Stopwatch.GetTimestamp();

    private ActiveDefects(IReadOnlyList<DefectEntry> catalogue, DefectEntry? active)
    {
        Catalogue = catalogue;
        _byId = catalogue.ToDictionary(e => e.Id, StringComparer.Ordinal);
        _active = active;
    }

    public IReadOnlyList<DefectEntry> Catalogue { get; }
    public DefectEntry? Active => _active;

    /// <summary>How long the active defect has been on (since the process started, or since it was switched on).</summary>
    public TimeSpan ActiveFor => System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _activeSince));

    /// <summary>True when <paramref name="id"/> is the defect switched on for this process.</summary>
    public bool Is(string id)
    {
        if (!_started)
            lock (_readAtStartup) _readAtStartup.Add(id);
        return _active is { } active && string.Equals(active.Id, id, StringComparison.Ordinal);
    }

    private long _occurrences;

    /// <summary>
    /// True for every <paramref name="n"/>-th call while <paramref name="id"/> is switched on (exactly 1 in n, not random),
    /// for defects that hit a share of the requests.
    /// </summary>
    public bool IsEveryNth(string id, int n) => Is(id) && Interlocked.Increment(ref _occurrences) % n == 0;

    /// <summary>Ends the start-up wiring: ids asked about from now on are read per request and can be switched.</summary>
    public void EndStartup() => _started = true;

    /// <summary>The ids the start-up wiring read (switching to or from one of them needs a restart).</summary>
    public IReadOnlyList<string> ReadAtStartup
    {
        get { lock (_readAtStartup) return _readAtStartup.Order(StringComparer.Ordinal).ToList(); }
    }

    /// <summary>
    /// Switches <paramref name="id"/> on (null: none) while the process runs, as if it had been started with it.
    /// Returns null when switched, or why not: an unknown id, or a defect the start-up wiring reads.
    /// </summary>
    public string? TrySwitch(string? id)
    {
        if (!_started) return "the process is still starting";
        if (id is not null && !_byId.ContainsKey(id)) return $"unknown defect '{id}'";
        lock (_readAtStartup)
        {
            if (_active is { } current && _readAtStartup.Contains(current.Id))
                return $"the active defect '{current.Id}' is wired at start-up: restart the process";
            if (id is not null && _readAtStartup.Contains(id))
                return $"'{id}' is wired at start-up: restart the process with SIRIM_REF_DEFECT={id}";
            _active = id is null ? null : _byId[id];
            Interlocked.Exchange(ref _occurrences, 0);
            Interlocked.Exchange(ref _activeSince, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        return null;
    }

    /// <summary>
    /// Loads the catalogue, checks it matches <see cref="DefectIds"/> and resolves the requested id.
    /// Returns an error line instead of throwing so start-up can report it plainly.
    /// </summary>
    public static (ActiveDefects? Defects, string? Error) Load(string catalogueJson, string? requestedId)
    {
        List<DefectEntry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<DefectEntry>>(catalogueJson, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return (null, $"defects.json is not valid JSON ({ex.Message})");
        }
        if (entries is null || entries.Any(e => string.IsNullOrWhiteSpace(e.Id) || string.IsNullOrWhiteSpace(e.CaughtBy)))
            return (null, "defects.json must be an array of {id, gate, breaks, caughtBy} with non-empty id and caughtBy");

        var ids = entries.Select(e => e.Id).ToList();
        var duplicate = ids.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return (null, $"defects.json lists '{duplicate.Key}' twice");
        var unimplemented = ids.Except(DefectIds.All).ToList();
        if (unimplemented.Count > 0)
            return (null, $"defects.json lists {string.Join(", ", unimplemented)} but DefectIds does not implement it");
        var uncatalogued = DefectIds.All.Except(ids).ToList();
        if (uncatalogued.Count > 0)
            return (null, $"DefectIds declares {string.Join(", ", uncatalogued)} but defects.json does not list it");

        if (requestedId is null) return (new ActiveDefects(entries, null), null);
        var active = entries.FirstOrDefault(e => e.Id == requestedId);
        return active is null
            ? (null, $"unknown defect '{requestedId}'; known: {string.Join(", ", ids)}")
            : (new ActiveDefects(entries, active), null);
    }
}
