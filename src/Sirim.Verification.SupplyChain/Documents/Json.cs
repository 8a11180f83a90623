using System.Globalization;
using System.Text.Json;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>Small tolerant accessors for the report formats: a missing or mistyped field reads as null, not as an exception.</summary>
internal static class Json
{
    public static JsonElement? Prop(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string? Str(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static IEnumerable<JsonElement> Array(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray() : [];

    public static IEnumerable<string> Strings(this JsonElement e, string name) =>
        e.Array(name).Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!);

    public static DateTimeOffset? Time(string? raw) =>
        DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
