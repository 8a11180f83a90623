using System.Text.Json;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;
using Sirim.Verification.LoadGate.Routes;

namespace Sirim.Verification.LoadGate.Http;

/// <summary>
/// The inventory of the collections the load writes to: each write route's list operation (<see cref="InventoryTemplate"/>
/// in routes.json) read before the first request of the profile and after the cleanup, page by page (at most
/// inventoryMaxPages pages), into <see cref="InventorySnapshot"/>s that <see cref="Inventory.Compare"/> judges. The list
/// requests go through their own client, outside the load engine: they are never part of the measured statistics.
/// </summary>
public static class RouteInventory
{

    /// <summary>The collections of <paramref name="routes"/> that name a list operation, one route per collection (the first).</summary>
    public static IReadOnlyList<(string Collection, CriticalRoute Route)> Listed(IReadOnlyList<CriticalRoute> routes) =>
        routes.Where(r => r is { Cleanup: not null, Inventory: not null }).GroupBy(r => SirimRequests.CollectionOf(r.Cleanup!))
            .Select(g => (g.Key, g.First())).ToList();

    /// <summary>
    /// Lists <paramref name="route"/>'s collection. Stops at an empty page, when the total (totalPointer) is reached, when
    /// a page brings no id not seen before, or after <paramref name="maxPages"/> pages (then the snapshot is not complete).
    /// A failed or unreadable answer gives a snapshot with its problem, never an exception.
    /// </summary>
    public static async Task<InventorySnapshot> ListAsync(string collection, CriticalRoute route, RouteValues values, Func<string, Uri> api,
        Func<ExchangeRequest, CancellationToken, Task<HttpExchange>> send, Func<string, Uri, ExchangeRequest> requestFor, int maxPages,
        CancellationToken ct)
    {
        var template = route.Inventory ?? throw new ArgumentException($"route {route.Name} names no inventory", nameof(route));
        var listRequest = "GET " + template.Path;
        var walk = await PageWalker.WalkAsync(async (page, token) =>
        {
            var url = api(values.Path(template.Path, new RequestValues(0, "", null, page)));
            var exchange = await send(requestFor("GET", url), token).ConfigureAwait(false);
            if (exchange.Response is not { Status: >= 200 and < 300 } ok)
                return ListPage.Unreadable($"GET {url.PathAndQuery} answered {exchange.Status?.ToString() ?? exchange.TransportError}");
            var (pageItems, total, problem) = Read(ok.Body, template);
            return problem is null ? new ListPage(pageItems, total) : ListPage.Unreadable($"GET {url.PathAndQuery}: {problem}");
        }, template.Paged, maxPages, ct).ConfigureAwait(false);
        return walk.Snapshot(collection, listRequest);
    }

    /// <summary>
    /// The items of one list answer (at itemsPointer, each with its id at idPointer and every string value it carries),
    /// the total at totalPointer when given, or why the answer cannot be read. Items without an id are skipped.
    /// </summary>
    public static (IReadOnlyList<InventoryEntry> Items, long? Total, string? Problem) Read(string body, InventoryTemplate template)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (JsonPointers.Find(doc.RootElement, template.ItemsPointer) is not { ValueKind: JsonValueKind.Array } array)
                return ([], null, $"no array at itemsPointer '{template.ItemsPointer}' of the answer");
            var items = array.EnumerateArray()
                .Select(item => JsonPointers.Id(item, template.IdPointer) is { } id ? new InventoryEntry(id, Inventory.TextsOf(item)) : null)
                .OfType<InventoryEntry>().ToList();
            long? total = null;
            if (template.TotalPointer is { } pointer)
            {
                if (JsonPointers.Find(doc.RootElement, pointer) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var t)) total = t;
                else return ([], null, $"no whole number at totalPointer '{pointer}' of the answer");
            }
            return (items, total, null);
        }
        catch (JsonException e)
        {
            return ([], null, $"the answer is not JSON ({e.Message})");
        }
    }

    /// <summary>
    /// The account after the cleanup: the tracked results, plus what the inventory found (tagged or new since the start)
    /// in each listed collection, with a note per collection; collections written to without a list operation say so.
    /// The inventory confirms only when every collection written to was listed whole, before and after.
    /// </summary>
    public static CleanupAccount Account(string gate, string runTag, IReadOnlyList<CleanupResult> results, CleanupLedger ledger,
        IReadOnlyList<string> writtenCollections, IReadOnlyList<(InventorySnapshot Before, InventorySnapshot After)> snapshots,
        Func<string, string, Uri?> itemUrlOf, Func<string, Uri, ExchangeRequest>? requestFor, int maxPages)
    {
        var leftovers = new List<Leftover>();
        var notes = new List<string>();
        var confirms = true;
        foreach (var collection in writtenCollections)
        {
            if (snapshots.FirstOrDefault(s => s.After.Collection == collection) is not { After: not null } pair)
            {
                confirms = false;
                notes.Add($"{collection}: the load's routes name no list operation (inventory in the routes file), so no inventory was taken; " +
                          "each created item was read back instead.");
                continue;
            }
            var (before, after) = pair;
            leftovers.AddRange(Inventory.Compare(before, after, runTag, ledger, id => itemUrlOf(collection, id)));
            confirms &= before.Problem is null && after.Problem is null && after.Complete;
            notes.Add(after.Problem is not null
                ? $"{collection}: could not be listed after the cleanup: {after.Problem}."
                : $"{collection}: {after.ListRequest} listed {before.Items.Count} item(s) before the load" +
                  (before.Problem is null ? "" : $" (failed: {before.Problem}; only the run tag is looked for)") +
                  $" and {after.Items.Count} after the cleanup" +
                  (after.Complete ? "." : $" (stopped at {maxPages} page(s), setting inventoryMaxPages: older items not compared)."));
        }
        return new CleanupAccount(gate, runTag, results, leftovers, notes, requestFor, confirms);
    }
}
