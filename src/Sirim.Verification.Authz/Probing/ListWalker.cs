using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Probing;

/// <summary>
/// Walks one empresa's list (authzGastosPath with authzListQuery and authzListPaging) page by page as the given identity:
/// pages 1, 2, … until an error, an empty or a short page (the last), at most inventoryMaxPages pages. The list checks
/// judge the walk; the cleanup's inventory reads the run's items from it.
/// </summary>
public sealed class ListWalker(TargetOptions target, AuthzOptions options, ExchangeClient client)
{
    public string Operation => $"GET {options.Routes.CollectionPath}?{options.Routes.ListQuery}&{options.DataChecks.ListPaging}";

    public async Task<ListWalk> WalkAsync(AuthResult auth, int empresaId, CancellationToken ct)
    {
        var data = options.DataChecks;
        var pages = new List<HttpExchange>();
        // Items are counted, not identified (the list checks judge ids themselves): every item counts as new.
        var walk = await PageWalker.WalkAsync(async (page, token) =>
        {
            var path = options.Routes.List(empresaId) + "&" + data.Page(page);
            var exchange = await client.SendAsync(new ExchangeRequest("GET", target.Api(path), [auth.Header], null, null), token).ConfigureAwait(false);
            pages.Add(exchange);
            if (exchange.Status is not (>= 200 and < 300) || JsonValues.Items(JsonValues.Parse(exchange.Response!.Body)) is not { } items)
                return ListPage.Unreadable($"GET {path} answered no list");
            return new ListPage(items.Select((_, i) => new InventoryEntry($"{page}:{i}", [])).ToList());
        }, paged: true, data.ListMaxPages, ct, new PageStops(AtShortPage: true, WhenNothingNew: false)).ConfigureAwait(false);
        // An unreadable page ends the walk as much as the last page does; the list checks judge that page.
        return new ListWalk(Operation, empresaId, pages, walk.Problem is not null || walk.Complete, data.ListMaxPages);
    }
}
