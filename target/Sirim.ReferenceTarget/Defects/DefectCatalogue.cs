using System.Text.Json;

namespace Sirim.ReferenceTarget.Defects;

/// <summary>One entry of <c>defects.json</c>: what a seeded defect breaks and which check must catch it.</summary>
public sealed record DefectEntry(string Id, string Gate, string Breaks, string CaughtBy);

/// <summary>
/// The seeded-defect catalogue and the one defect switched on for this process (or none).
/// Defects exist so the verification suite can prove each check fails when it must; they are only ever
/// switched on explicitly through <c>SIRIM_REF_DEFECT</c>.
/// </summary>
public sealed class ActiveDefects
{
    private ActiveDefects(IReadOnlyList<DefectEntry> catalogue, DefectEntry? active)
    {
        Catalogue = catalogue;
        Active = active;
    }

    public IReadOnlyList<DefectEntry> Catalogue { get; }
    public DefectEntry? Active { get; }

    /// <summary>True when <paramref name="id"/> is the defect switched on for this process.</summary>
    public bool Is(string id) => Active is not null && string.Equals(Active.Id, id, StringComparison.Ordinal);

    private long _occurrences;

    /// <summary>
    /// True for every <paramref name="n"/>-th call while <paramref name="id"/> is switched on (exactly 1 in n, not random),
    /// for defects that hit a share of the requests.
    /// </summary>
    public bool IsEveryNth(string id, int n) => Is(id) && Interlocked.Increment(ref _occurrences) % n == 0;

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
