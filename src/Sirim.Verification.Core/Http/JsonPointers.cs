using System.Globalization;
using System.Text.Json;
using Json.Pointer;

namespace Sirim.Verification.Core.Http;

/// <summary>
/// RFC 6901 JSON Pointers into answers ("" is the whole body, "/data/0/id" walks members and array indexes, ~1 stands
/// for '/' and ~0 for '~'), evaluated by JsonPointer.Net: the one reader for every setting or scenario file that says
/// where a value sits (the login token, a load route's created id, the E2E page map's list items and totals).
/// </summary>
public static class JsonPointers
{
    /// <summary>Why <paramref name="pointer"/> is not an RFC 6901 pointer (what is allowed), or null when it is one.</summary>
    public static string? Problem(string pointer)
    {
        if (pointer.Length > 0 && pointer[0] != '/') return "it must be empty or start with '/' (RFC 6901), e.g. /id or /data/id";
        for (var i = 0; i < pointer.Length; i++)
            if (pointer[i] == '~' && (i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1')))
                return "'~' must be followed by 0 ('~') or 1 ('/') (RFC 6901)";
        return JsonPointer.TryParse(pointer, out _) ? null : "it is not an RFC 6901 JSON Pointer, e.g. /id or /data/id";
    }

    public static bool IsValid(string pointer) => Problem(pointer) is null;

    /// <summary>The value at <paramref name="pointer"/> in <paramref name="root"/>, or null when it is not there (or the pointer is not valid).</summary>
    public static JsonElement? Find(JsonElement root, string pointer) =>
        IsValid(pointer) && JsonPointer.TryParse(pointer, out var parsed) ? parsed.Evaluate(root) : null;

    /// <summary>The node at <paramref name="pointer"/> under <paramref name="root"/>, or null when nothing (or JSON null) is there.</summary>
    public static System.Text.Json.Nodes.JsonNode? Find(System.Text.Json.Nodes.JsonNode? root, string pointer) =>
        root is not null && IsValid(pointer) && JsonPointer.TryParse(pointer, out var parsed) && parsed.TryEvaluate(root, out var found) ? found : null;

    /// <summary>The id at <paramref name="pointer"/>: a whole number or a non-empty string; null otherwise.</summary>
    public static string? Id(JsonElement root, string pointer) => Find(root, pointer) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var v) => v.ToString(CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.String } s when !string.IsNullOrWhiteSpace(s.GetString()) => s.GetString(),
        _ => null,
    };
}
