using System.Globalization;
using System.Text.Json;

namespace Sirim.Verification.LoadGate.Routes;

/// <summary>A JSON Pointer (RFC 6901): "" is the whole document, "/data/id" the member id of the member data; ~1 is '/', ~0 is '~'.</summary>
public static class JsonPointer
{
    /// <summary>Why <paramref name="pointer"/> is not an RFC 6901 pointer, or null when it is.</summary>
    public static string? Problem(string pointer)
    {
        if (pointer.Length > 0 && pointer[0] != '/') return "it must be empty or start with '/' (RFC 6901), e.g. /id or /data/id";
        for (var i = 0; i < pointer.Length; i++)
            if (pointer[i] == '~' && (i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1')))
                return "'~' must be followed by 0 ('~') or 1 ('/') (RFC 6901)";
        return null;
    }

    /// <summary>The value at <paramref name="pointer"/> in <paramref name="root"/>, or null when it is not there.</summary>
    public static JsonElement? Find(JsonElement root, string pointer)
    {
        var current = root;
        if (pointer.Length == 0) return current;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var member)) current = member;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                     && (token == "0" || token[0] != '0') && index < current.GetArrayLength()) current = current[index];
            else return null;
        }
        return current;
    }

    /// <summary>The id at <paramref name="pointer"/>: a whole number or a non-empty string; null otherwise.</summary>
    public static string? Id(JsonElement root, string pointer) => Find(root, pointer) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var v) => v.ToString(CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.String } s when !string.IsNullOrWhiteSpace(s.GetString()) => s.GetString(),
        _ => null,
    };
}
