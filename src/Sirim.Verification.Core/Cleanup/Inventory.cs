using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sirim.Verification.Core.Cleanup;

/// <summary>One item of a listed collection: its id and every string value it carries (to find the run's tag).</summary>
public sealed record InventoryEntry(string Id, IReadOnlyList<string> Texts);

/// <summary>
/// A collection listed through its list operation (bounded pages): the items seen, or why it could not be listed.
/// <see cref="Complete"/> is false when the page bound stopped the listing before the last page.
/// </summary>
public sealed record InventorySnapshot(string Collection, string ListRequest, IReadOnlyList<InventoryEntry> Items, bool Complete, string? Problem = null)
{
    public static InventorySnapshot Failed(string collection, string listRequest, string problem) => new(collection, listRequest, [], false, problem);
}

/// <summary>An item still there after the cleanup that the run made (it carries the run's tag) or that is new since the start.</summary>
public sealed record Leftover(string Collection, string Id, Uri? ItemUrl, string Why, bool Tracked)
{
    /// <summary>Carries the run's tag and was not there before the run: the run created it, whether or not it tracked it.</summary>
    public bool CreatedByRun { get; init; }
}

/// <summary>
/// The inventory check: the collections the run wrote to, listed before the first write and after the cleanup. Any item
/// after the cleanup that carries the run's tag (a string value containing it) or whose id was not there before is
/// left behind, whether the ledger tracked it or not. Pure: it compares snapshots the gate took.
/// </summary>
public static class Inventory
{
    /// <summary>How deep into an item its string values are read (a tag in a nested object still counts).</summary>
    public const int MaxTextDepth = 6;

    /// <summary>Every string value a listed item carries, nested up to <see cref="MaxTextDepth"/>: where the run's tag is looked for.</summary>
    public static IReadOnlyList<string> TextsOf(JsonNode? item) => Texts(item, 0).ToList();

    /// <inheritdoc cref="TextsOf(JsonNode?)"/>
    public static IReadOnlyList<string> TextsOf(JsonElement item) => Texts(item, 0).ToList();

    private static IEnumerable<string> Texts(JsonNode? node, int depth) => node switch
    {
        _ when depth > MaxTextDepth => [],
        JsonObject o => o.SelectMany(p => Texts(p.Value, depth + 1)),
        JsonArray a => a.SelectMany(v => Texts(v, depth + 1)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };

    private static IEnumerable<string> Texts(JsonElement e, int depth) => e.ValueKind switch
    {
        _ when depth > MaxTextDepth => [],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Texts(p.Value, depth + 1)).ToList(),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(v => Texts(v, depth + 1)).ToList(),
        JsonValueKind.String => [e.GetString()!],
        _ => [],
    };

    public static IReadOnlyList<Leftover> Compare(InventorySnapshot before, InventorySnapshot after, string runTag,
        CleanupLedger ledger, Func<string, Uri?> itemUrlOf)
    {
        if (after.Problem is not null) return [];
        var known = before.Problem is null ? before.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal) : null;
        var result = new List<Leftover>();
        foreach (var item in after.Items)
        {
            var tagged = item.Texts.Any(t => t.Contains(runTag, StringComparison.Ordinal));
            var isNew = known is not null && !known.Contains(item.Id);
            if (!tagged && !isNew) continue;
            var why = tagged && isNew ? $"carries the run tag {runTag} and is new since the start" : tagged ? $"carries the run tag {runTag}" : "new since the start of the run";
            result.Add(new Leftover(after.Collection, item.Id, itemUrlOf(item.Id), why, ledger.Contains(after.Collection, item.Id)) { CreatedByRun = tagged && isNew });
        }
        return result;
    }

    /// <summary>
    /// The leftovers the run created but never tracked (a create whose answer it did not read, e.g. a run stopped while
    /// the request was in flight), as resources of <paramref name="gate"/> found by the inventory, so the cleanup removes
    /// them too. Only items that carry the run's tag and were not listed before the run qualify: nothing the run did not
    /// create is ever adopted. Each is registered in <paramref name="ledger"/>; returns the ones newly registered.
    /// </summary>
    public static IReadOnlyList<TrackedResource> AdoptUntracked(IEnumerable<Leftover> leftovers, string gate, string runTag, CleanupLedger ledger)
    {
        var adopted = new List<TrackedResource>();
        foreach (var l in leftovers.Where(l => l is { CreatedByRun: true, Tracked: false, ItemUrl: not null }))
        {
            var resource = new TrackedResource(gate, "?", l.Collection, "answer not read", l.Collection, l.Id, l.ItemUrl, runTag,
                FoundBy: $"the inventory after the cleanup ({l.Why})");
            if (ledger.Register(resource)) adopted.Add(resource);
        }
        return adopted;
    }
}
