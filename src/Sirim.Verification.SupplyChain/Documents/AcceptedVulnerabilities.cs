using System.Globalization;
using System.Text.Json;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>
/// A vulnerability the release owner accepted for a time: the advisory id in one package, why, who owns the decision and
/// the last day it holds (<c>expires</c>, inclusive, UTC). After that day the finding blocks the release again.
/// </summary>
public sealed record AcceptedVulnerability(string Id, string Package, string Reason, string Owner, DateOnly Expires)
{
    public bool Covers(VulnerabilityFinding f) =>
        f.AdvisoryId.Equals(Id, StringComparison.OrdinalIgnoreCase) && f.Package.Equals(Package, StringComparison.OrdinalIgnoreCase);

    public bool ExpiredOn(DateOnly today) => today > Expires;

    /// <summary>
    /// Reads <c>{"accepted": [{"id", "package", "reason", "owner", "expires": "YYYY-MM-DD"}]}</c>. Every malformed entry is
    /// an error in the form "what; reason; what is allowed" (all of them at once); the list holds only the good entries.
    /// </summary>
    public static (IReadOnlyList<AcceptedVulnerability> Entries, IReadOnlyList<string> Errors) Parse(string json, string source)
    {
        var errors = new List<string>();
        var entries = new List<AcceptedVulnerability>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException ex) { return ([], [$"{source}: not valid JSON ({ex.Message}); expected {{\"accepted\": [{{\"id\", \"package\", \"reason\", \"owner\", \"expires\"}}]}}"]); }
        using (doc)
        {
            if (doc.RootElement.Prop("accepted") is not { ValueKind: JsonValueKind.Array } list)
                return ([], [$"{source}: no \"accepted\" array; expected {{\"accepted\": [{{\"id\", \"package\", \"reason\", \"owner\", \"expires\"}}]}} (an empty array accepts nothing)"]);
            var index = 0;
            foreach (var e in list.EnumerateArray())
            {
                var where = $"{source}: accepted[{index++}]";
                if (e.ValueKind != JsonValueKind.Object) { errors.Add($"{where} is not an object; each entry has id, package, reason, owner, expires"); continue; }
                var missing = new[] { "id", "package", "reason", "owner", "expires" }.Where(k => string.IsNullOrWhiteSpace(e.Str(k))).ToList();
                if (missing.Count > 0)
                {
                    errors.Add($"{where} ({e.Str("id") ?? "no id"}): {string.Join(", ", missing)} missing or empty; every acceptance names the advisory id, the package, the reason, the owner and the expiry date");
                    continue;
                }
                if (!DateOnly.TryParseExact(e.Str("expires"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
                {
                    errors.Add($"{where} ({e.Str("id")}): expires '{e.Str("expires")}' is not a date; allowed: YYYY-MM-DD, the last day the acceptance holds");
                    continue;
                }
                var entry = new AcceptedVulnerability(e.Str("id")!.Trim(), e.Str("package")!.Trim(), e.Str("reason")!.Trim(), e.Str("owner")!.Trim(), expires);
                if (entries.Any(x => x.Id.Equals(entry.Id, StringComparison.OrdinalIgnoreCase) && x.Package.Equals(entry.Package, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add($"{where} ({entry.Id} in {entry.Package}): accepted twice; keep one entry per advisory and package");
                    continue;
                }
                entries.Add(entry);
            }
        }
        return (entries, errors);
    }
}
