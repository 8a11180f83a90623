using System.Text.Json;
using System.Text.Json.Nodes;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Cleanup;

/// <summary>
/// Where the id of a resource a 2xx create answer made is found: the <c>Location</c> header (RFC 9110 §10.2.2) first,
/// then the answer body, at the top level or inside a wrapper object (<c>{"data": {...}}</c> or any other object
/// property), under the first of <paramref name="idNames"/> present (the item route's path parameter, the property the
/// response schema names, then <c>id</c>). Pure.
/// </summary>
public static class CreatedId
{
    public sealed record Found(string Id, string Source);

    public static Found? From(ExchangeResponse response, Uri requestUrl, string collectionPath, IReadOnlyList<string> idNames)
    {
        if (response.Header("Location") is { Length: > 0 } location && FromLocation(location, requestUrl, collectionPath) is { } fromHeader)
            return new(fromHeader, "Location header");
        JsonNode? root;
        try { root = JsonNode.Parse(response.Body); }
        catch (JsonException) { return null; }
        if (root is not JsonObject top) return null;
        foreach (var name in idNames)
            if (Scalar(top[name]) is { } id) return new(id, $"body property '{name}'");
        foreach (var (wrapper, value) in top)
            if (value is JsonObject inner)
                foreach (var name in idNames)
                    if (Scalar(inner[name]) is { } id) return new(id, $"body property '{wrapper}.{name}'");
        return null;
    }

    /// <summary>The id in a Location value: the segment after the collection's path, else the last segment.</summary>
    public static string? FromLocation(string location, Uri requestUrl, string collectionPath)
    {
        if (!Uri.TryCreate(requestUrl, location, out var absolute)) return null;
        var path = absolute.AbsolutePath.TrimEnd('/');
        var prefix = collectionPath.TrimEnd('/') + "/";
        var at = path.IndexOf(prefix, StringComparison.Ordinal);
        var rest = at >= 0 ? path[(at + prefix.Length)..] : path[(path.LastIndexOf('/') + 1)..];
        var id = rest.Split('/')[0];
        return id.Length == 0 || at < 0 && path.TrimEnd('/') == requestUrl.AbsolutePath.TrimEnd('/') ? null : Uri.UnescapeDataString(id);
    }

    private static string? Scalar(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number && v.ToString() is { Length: > 0 } s ? s : null;
}
