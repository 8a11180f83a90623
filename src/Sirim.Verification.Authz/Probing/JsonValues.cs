using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sirim.Verification.Authz.Probing;

/// <summary>Small JSON helpers of the gate: an RFC 6901 pointer, the items of a (possibly wrapped) list, value equality.</summary>
public static class JsonValues
{
    public static JsonNode? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try { return JsonNode.Parse(body); }
        catch (JsonException) { return null; }
    }

    /// <summary>The value at <paramref name="pointer"/> (RFC 6901: '/'-separated, ~1 = '/', ~0 = '~') as text, or null.</summary>
    public static string? At(JsonNode? node, string pointer)
    {
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(token, out var child) ? child : null,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node is JsonValue v ? v.ToJsonString().Trim('"') : node?.ToJsonString();
    }

    /// <summary>
    /// The items of a list answer: the root array, or the first array among the root object's properties (a list
    /// wrapped as {"items": [...]} or {"data": [...], "meta": {...}}); null when the answer holds no array.
    /// </summary>
    public static JsonArray? Items(JsonNode? root) => root switch
    {
        JsonArray a => a,
        JsonObject o => o.Select(p => p.Value).OfType<JsonArray>().FirstOrDefault(),
        _ => null,
    };

    public static bool SameJson(string? a, string? b) => JsonNode.DeepEquals(Parse(a), Parse(b));
}
