using System.Text.Json.Nodes;

namespace Sirim.Verification.Core.Cleanup;

/// <summary>One page of a list as read: its items (id and string values), the total the answer states (null: none), or why it cannot be read.</summary>
public sealed record ListPage(IReadOnlyList<InventoryEntry> Items, long? Total = null, string? Problem = null)
{
    public static ListPage Unreadable(string problem) => new([], null, problem);
}

/// <summary>
/// What a walk through a list's pages found: the items (each id once), whether the list was read to its end
/// (<see cref="Complete"/>: false when the page bound stopped it first), the number of pages read, and the problem of
/// the page that could not be read (the walk stops there).
/// </summary>
public sealed record PageWalk(IReadOnlyList<InventoryEntry> Items, bool Complete, int Pages, string? Problem = null)
{
    public InventorySnapshot Snapshot(string collection, string listRequest) =>
        Problem is null ? new(collection, listRequest, Items, Complete) : InventorySnapshot.Failed(collection, listRequest, Problem);
}

/// <summary>How a walk ends besides the page bound.</summary>
/// <param name="AtShortPage">A page with fewer items than the first is the last (lists that state no total).</param>
/// <param name="WhenNothingNew">A page that brings no id not seen before is the last (a list that ignores the page parameter answers the same page again).</param>
public sealed record PageStops(bool AtShortPage = false, bool WhenNothingNew = true);

/// <summary>
/// Walks a list page by page — pages 1, 2, … — as the inventories of the writing gates and the list checks read them:
/// it stops at an unreadable page (with its problem), an empty page, when the stated total is reached, at a page that
/// brings nothing new or (when asked) a short page — the list's end — or after <c>maxPages</c> pages (not complete).
/// A list that is not paged is read once; it is complete unless its total says there is more. Every loop is bounded.
/// </summary>
public static class PageWalker
{
    /// <param name="readPage">Reads page n (from 1); it does the I/O and says what the page holds.</param>
    public static async Task<PageWalk> WalkAsync(Func<int, CancellationToken, Task<ListPage>> readPage, bool paged, int maxPages,
        CancellationToken ct, PageStops? stops = null)
    {
        stops ??= new PageStops();
        var items = new List<InventoryEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int? firstSize = null;
        var last = paged ? maxPages : 1;
        for (var page = 1; page <= last; page++)
        {
            var read = await readPage(page, ct).ConfigureAwait(false);
            if (read.Problem is not null) return new PageWalk(items, false, page, read.Problem);
            var fresh = read.Items.Where(i => seen.Add(i.Id)).ToList();
            items.AddRange(fresh);
            firstSize ??= read.Items.Count;
            if (!paged) return new PageWalk(items, read.Total is not { } whole || items.Count >= whole, page);
            if (read.Items.Count == 0 || (read.Total is { } total && items.Count >= total)
                || (stops.WhenNothingNew && fresh.Count == 0) || (stops.AtShortPage && read.Items.Count < firstSize))
                return new PageWalk(items, true, page);
        }
        return new PageWalk(items, false, last);
    }
}

/// <summary>
/// Where a list answer carries its items: the answer itself when it is an array; in a wrapped answer
/// (<c>{"data": [...], "meta": {...}}</c>) the documented property, else a conventional one (data, items, results),
/// else the first array among its properties. Null when the answer holds no array.
/// </summary>
public static class WrappedList
{
    public static readonly IReadOnlyList<string> ConventionalProperties = ["data", "items", "results"];

    public static JsonArray? Items(JsonNode? answer, string? itemsProperty = null)
    {
        if (answer is JsonArray array) return array;
        if (answer is not JsonObject wrapped) return null;
        if (itemsProperty is not null && wrapped[itemsProperty] is JsonArray documented) return documented;
        foreach (var name in ConventionalProperties)
            if (wrapped[name] is JsonArray conventional) return conventional;
        return wrapped.Select(p => p.Value).OfType<JsonArray>().FirstOrDefault();
    }
}
