using Microsoft.OpenApi;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Running;

/// <summary>
/// Accounts for what the contracts gate's mutating requests create: every 2xx answer to a POST, PUT or PATCH,
/// whichever case sent it (a positive, a negative the API unexpectedly accepted, a probe), is registered in the run's
/// <see cref="CleanupLedger"/> with the request that created it. A POST on a collection (a path with an item route
/// <c>{path}/{param}</c> in the document) created a resource whose id comes from <see cref="CreatedId"/>; a PUT or
/// PATCH on an item route may have created the item its path names. Cleanup deletes through the item route.
/// </summary>
public static class CreatedResources
{
    /// <summary>The document's item route under <paramref name="collection"/>: <c>{collection}/{param}</c>, no deeper.</summary>
    public static string? ItemRouteOf(ContractDocument document, string collection) => document.Operations
        .Select(o => o.Path).Where(p => RequestFactory.CollectionOf(p) == collection && p.IndexOf('}') == p.Length - 1)
        .OrderBy(p => document.Operations.Any(o => o.Path == p && o.Method == "DELETE") ? 0 : 1).FirstOrDefault();

    /// <summary>
    /// The names the id may go by in a create answer: the item route's path parameter, the properties the create's 2xx
    /// response schema marks read-only and names like an id, then <c>id</c>.
    /// </summary>
    public static IReadOnlyList<string> IdNames(ContractOperation create, string? itemRoute)
    {
        var names = new List<string>();
        if (itemRoute is not null) names.Add(itemRoute[(itemRoute.LastIndexOf('{') + 1)..^1]);
        foreach (var schema in create.Responses.Where(r => r.StatusKey.StartsWith('2')).SelectMany(r => r.Content.Values).OfType<IOpenApiSchema>())
            foreach (var properties in new[] { schema.Properties }.Concat((schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Values
                         .Where(p => p.Properties is { Count: > 0 }).Select(p => p.Properties)))
                foreach (var (name, property) in properties ?? new Dictionary<string, IOpenApiSchema>())
                    if (property.ReadOnly && (name.EndsWith("id", StringComparison.OrdinalIgnoreCase) || name.Equals("uuid", StringComparison.OrdinalIgnoreCase)))
                        names.Add(name);
        names.Add(ListItems.IdProperty);
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>True when <paramref name="path"/> (a URL's path, maybe under a base path) is an instance of the path <paramref name="template"/>.</summary>
    public static bool RouteMatches(string template, string path) =>
        System.Text.RegularExpressions.Regex.IsMatch(path, "(^|/)" + System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Escape(template.TrimStart('/')), @"\\\{[^/]+?}", "[^/]+") + "/?$");

    public static Uri ItemUrl(Uri apiBase, string itemRoute, string id) =>
        TargetOptions.Combine(apiBase, itemRoute[..itemRoute.LastIndexOf('{')] + Uri.EscapeDataString(id));

    /// <summary>
    /// Registers what a 2xx answer to a mutating request created, if anything; returns the id of a resource a POST on a
    /// collection created (null otherwise). A create whose answer carries no id is registered without one, so the
    /// evidence says so instead of "nothing left".
    /// </summary>
    public static string? Record(CleanupLedger ledger, ContractDocument document, Uri apiBase, ContractOperation op, string caseId,
        HttpExchange exchange, string runTag)
    {
        if (exchange.Response is not { Status: >= 200 and < 300 } response || exchange.Request.Method is not ("POST" or "PUT" or "PATCH")) return null;
        var method = exchange.Request.Method;
        var itemCollection = RequestFactory.CollectionOf(op.Path);
        if (itemCollection is null)
        {
            // A POST (or PUT) on a collection; anything else without an item route (a login, an action) creates no resource.
            var itemRoute = ItemRouteOf(document, op.Path);
            var fromHeader = response.Header("Location") is { Length: > 0 };
            if (itemRoute is null && !fromHeader) return null;
            var found = CreatedId.From(response, exchange.Request.Url, op.Path, IdNames(op, itemRoute));
            var deletable = itemRoute is not null && document.Operations.Any(o => o.Method == "DELETE" && o.Path == itemRoute);
            ledger.Register(new TrackedResource(ContractsGate.Name, method, op.Path, caseId, op.Path, found?.Id,
                found is not null && itemRoute is not null ? ItemUrl(apiBase, itemRoute, found.Id) : null, runTag,
                found is null ? $"the {response.Status} answer carried no id (no Location header, no id property)"
                : !deletable ? $"the contract documents no DELETE {itemRoute ?? op.Path + "/{id}"}" : null));
            return found?.Id;
        }
        // A PUT or PATCH on an item route: the item its path names (the suite's own resource, or one the request created).
        if (!op.Path.EndsWith('}') || op.Path.IndexOf('{') != op.Path.LastIndexOf('{')) return null;
        var id = Uri.UnescapeDataString(exchange.Request.Url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        var hasDelete = document.Operations.Any(o => o.Method == "DELETE" && o.Path == op.Path);
        ledger.Register(new TrackedResource(ContractsGate.Name, method, op.Path, caseId, itemCollection, id,
            hasDelete ? ItemUrl(apiBase, op.Path, id) : null, runTag, hasDelete ? null : $"the contract documents no DELETE {op.Path}"));
        return null;
    }
}
