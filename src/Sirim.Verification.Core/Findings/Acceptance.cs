using System.Globalization;
using System.Text.Json;

namespace Sirim.Verification.Core.Findings;

/// <summary>
/// The terms every acceptance has, whatever it accepts (a vulnerability in a package, a deviation of a check on a
/// route): why, who owns the decision and the last day it holds (<c>expires</c>, inclusive, UTC). After that day the
/// finding blocks the release again.
/// </summary>
public sealed record AcceptanceTerms(string Reason, string Owner, DateOnly Expires)
{
    public bool ExpiredOn(DateOnly today) => today > Expires;

    public string Label(DateOnly today) => ExpiredOn(today)
        ? $"acceptance expired on {Expires:yyyy-MM-dd} ({Owner})"
        : $"ACCEPTED DEVIATION until {Expires:yyyy-MM-dd} ({Owner})";
}

/// <summary>
/// The shape of one acceptance file: the array's name, the fields every entry must have (the terms reason, owner and
/// expires among them), how an entry is named in an error and which fields make two entries the same.
/// </summary>
public sealed record AcceptanceFormat(
    string ArrayName,
    IReadOnlyList<string> RequiredFields,
    string EveryEntryNames,
    Func<JsonElement, string> Describe,
    Func<JsonElement, string> Key,
    string DuplicateAdvice,
    Func<JsonElement, string>? DescribeDuplicate = null)
{
    public string Expected => $"{{\"{ArrayName}\": [{{{string.Join(", ", RequiredFields.Select(f => $"\"{f}\""))}}}]}}";
}

/// <summary>One well-formed entry of an acceptance file: its JSON (to read its own fields) and its terms.</summary>
public sealed record AcceptanceEntry(JsonElement Json, AcceptanceTerms Terms, int Index)
{
    public string? Field(string name) => AcceptanceFile.Str(Json, name)?.Trim();
}

/// <summary>
/// Reads and checks an acceptance file (accepted vulnerabilities, accepted deviations): every malformed entry is an
/// error in the form "what; reason; what is allowed", all of them at once; the list holds only the good entries.
/// Also says which entries are stale (matched nothing in this run).
/// </summary>
public static class AcceptanceFile
{
    public static (IReadOnlyList<AcceptanceEntry> Entries, IReadOnlyList<string> Errors) Parse(string json, string source, AcceptanceFormat format)
    {
        var errors = new List<string>();
        var entries = new List<AcceptanceEntry>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException ex) { return ([], [$"{source}: not valid JSON ({ex.Message}); expected {format.Expected}"]); }
        using (doc)
        {
            if (Prop(doc.RootElement, format.ArrayName) is not { ValueKind: JsonValueKind.Array } list)
                return ([], [$"{source}: no \"{format.ArrayName}\" array; expected {format.Expected} (an empty array accepts nothing)"]);
            var index = 0;
            var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in list.EnumerateArray())
            {
                var where = $"{source}: {format.ArrayName}[{index}]";
                var i = index++;
                if (e.ValueKind != JsonValueKind.Object) { errors.Add($"{where} is not an object; each entry has {string.Join(", ", format.RequiredFields)}"); continue; }
                var missing = format.RequiredFields.Where(k => string.IsNullOrWhiteSpace(Str(e, k))).ToList();
                if (missing.Count > 0)
                {
                    errors.Add($"{where} ({format.Describe(e)}): {string.Join(", ", missing)} missing or empty; {format.EveryEntryNames}");
                    continue;
                }
                if (!DateOnly.TryParseExact(Str(e, "expires"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
                {
                    errors.Add($"{where} ({format.Describe(e)}): expires '{Str(e, "expires")}' is not a date; allowed: YYYY-MM-DD, the last day the acceptance holds");
                    continue;
                }
                if (!keys.Add(format.Key(e)))
                {
                    errors.Add($"{where} ({(format.DescribeDuplicate ?? format.Describe)(e)}): accepted twice; {format.DuplicateAdvice}");
                    continue;
                }
                entries.Add(new AcceptanceEntry(e.Clone(), new AcceptanceTerms(Str(e, "reason")!.Trim(), Str(e, "owner")!.Trim(), expires), i));
            }
        }
        return (entries, errors);
    }

    /// <summary>Entries that matched nothing in this run: the finding is gone, or the entry is mistyped.</summary>
    public static IReadOnlyList<T> Stale<T>(IEnumerable<T> entries, Func<T, bool> matchedSomething) =>
        entries.Where(e => !matchedSomething(e)).ToList();

    internal static JsonElement? Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    internal static string? Str(JsonElement e, string name) =>
        Prop(e, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
}
