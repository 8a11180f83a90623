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
        var property = ListItems.PropertyOf(list);
        var lastRequest = planned.Request;
        var walk = await PageWalker.WalkAsync(async (page, token) =>
        {
            var request = paged ? planned.Request with { Url = WithQuery(planned.Request.Url, options.InventoryPageParameter, page.ToString(System.Globalization.CultureInfo.InvariantCulture)) } : planned.Request;
            lastRequest = request;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var exchange = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return exchange.Response is { Status: >= 200 and < 300 } ok
                ? new ListPage(Items(ok.Body, property))
                : ListPage.Unreadable($"GET {request.Url.PathAndQuery} answered {exchange.Status?.ToString() ?? exchange.TransportError}");
        }, paged, options.InventoryMaxPages, ct).ConfigureAwait(false);
        return walk.Problem is not null
            ? InventorySnapshot.Failed(list.Path, $"GET {lastRequest.Url.PathAndQuery}", walk.Problem)
            : walk.Snapshot(list.Path, $"GET {planned.Request.Url.PathAndQuery}");
    }

    public static IReadOnlyList<InventoryEntry> Items(string body, string? itemsProperty)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(body); }
        catch (JsonException) { return []; }
        var items = WrappedList.Items(root, itemsProperty);
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
