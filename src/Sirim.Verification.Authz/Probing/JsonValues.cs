using System.Text.Json;
using System.Text.Json.Nodes;
using Sirim.Verification.Core.Http;

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

    /// <summary>The value at <paramref name="pointer"/> (RFC 6901, <see cref="JsonPointers"/>) as text, or null.</summary>
    public static string? At(JsonNode? node, string pointer) =>
        JsonPointers.Find(node, pointer) switch
        {
            null => null,
            JsonValue v => v.ToJsonString().Trim('"'),
            var other => other.ToJsonString(),
        };

    /// <summary>The items of a list answer, found as every gate finds them (<see cref="Core.Cleanup.WrappedList"/>); null when the answer holds no array.</summary>
    public static JsonArray? Items(JsonNode? root) => Core.Cleanup.WrappedList.Items(root);

    public static bool SameJson(string? a, string? b) => JsonNode.DeepEquals(Parse(a), Parse(b));
}
