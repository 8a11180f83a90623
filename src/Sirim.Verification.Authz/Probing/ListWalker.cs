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
        int? firstSize = null;
        for (var page = 1; page <= data.ListMaxPages; page++)
        {
            var path = options.Routes.List(empresaId) + "&" + data.Page(page);
            var exchange = await client.SendAsync(new ExchangeRequest("GET", target.Api(path), [auth.Header], null, null), ct).ConfigureAwait(false);
            pages.Add(exchange);
            if (exchange.Status is not (>= 200 and < 300) || JsonValues.Items(JsonValues.Parse(exchange.Response!.Body)) is not { } items)
                return new ListWalk(Operation, empresaId, pages, true, data.ListMaxPages);
            firstSize ??= items.Count;
            if (items.Count == 0 || items.Count < firstSize) return new ListWalk(Operation, empresaId, pages, true, data.ListMaxPages);
        }
        return new ListWalk(Operation, empresaId, pages, false, data.ListMaxPages);
    }
}
