using System.Text.Json;
using System.Text.Json.Nodes;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Running;

/// <summary>
/// Lists a collection through its documented list operation (GET on the collection's path), page by page through the
/// page parameter (inventoryPageParameter) when the operation has it, at most inventoryMaxPages pages, for the
/// <see cref="Inventory"/> check. Items are found where <see cref="ListItems"/> says the list carries them.
/// </summary>
public sealed class InventoryLister(ContractsOptions options, ExchangeClient client, RequestFactory factory)
{
    public async Task<InventorySnapshot> ListAsync(ContractOperation list, CancellationToken ct)
    {
        var planned = factory.Build(list, CaseKind.Positive);
        if (planned.Request is null) return InventorySnapshot.Failed(list.Path, list.Key, "the list request cannot be built: " + planned.SkipReason);
        var paged = list.Parameters.Any(p => p.Place == ParameterPlace.Query && p.Name == options.InventoryPageParameter);
        var items = new List<InventoryEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var property = ListItems.PropertyOf(list);
        for (var page = 1; page <= (paged ? options.InventoryMaxPages : 1); page++)
        {
            var request = paged ? planned.Request with { Url = WithQuery(planned.Request.Url, options.InventoryPageParameter, page.ToString(System.Globalization.CultureInfo.InvariantCulture)) } : planned.Request;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var exchange = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (exchange.Response is not { Status: >= 200 and < 300 } ok)
                return InventorySnapshot.Failed(list.Path, $"GET {request.Url.PathAndQuery}", $"GET {request.Url.PathAndQuery} answered {exchange.Status?.ToString() ?? exchange.TransportError}");
            var pageItems = Items(ok.Body, property);
            var fresh = pageItems.Where(i => seen.Add(i.Id)).ToList();
            items.AddRange(fresh);
            if (fresh.Count == 0) return new InventorySnapshot(list.Path, $"GET {planned.Request.Url.PathAndQuery}", items, true);
        }
        return new InventorySnapshot(list.Path, $"GET {planned.Request.Url.PathAndQuery}", items, !paged);
    }

    public static IReadOnlyList<InventoryEntry> Items(string body, string? itemsProperty)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(body); }
        catch (JsonException) { return []; }
        var items = root as JsonArray ?? RunState.ItemsOf(root as JsonObject, itemsProperty);
        return (items ?? []).OfType<JsonObject>()
            .Where(i => i[ListItems.IdProperty] is JsonValue)
            .Select(i => new InventoryEntry(i[ListItems.IdProperty]!.ToString(), Inventory.TextsOf(i))).ToList();
    }

    private static Uri WithQuery(Uri url, string name, string value)
    {
        var pairs = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Uri.UnescapeDataString(p.Split('=')[0]) != name)
            .Append(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
        return new UriBuilder(url) { Query = string.Join("&", pairs) }.Uri;
    }
}
