using System.Text.Json;

namespace Sirim.Verification.E2E.PageMap;

/// <summary>JSON Pointer (RFC 6901): "" is the whole document, "/data/0/name" walks members and array indexes.</summary>
public static class JsonPointer
{
    public static bool IsValid(string pointer) => pointer.Length == 0 || pointer[0] == '/';

    /// <summary>The element at <paramref name="pointer"/>, or null when the document has nothing there.</summary>
    public static JsonElement? Resolve(JsonElement root, string pointer)
    {
        if (pointer.Length == 0) return root;
        var current = root;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var child)) current = child;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var i) && i >= 0 && i < current.GetArrayLength()) current = current[i];
            else return null;
        }
        return current;
    }
}
