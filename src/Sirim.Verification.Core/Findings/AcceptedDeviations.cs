using System.Text.Json;
using System.Text.RegularExpressions;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Core.Findings;

/// <summary>
/// A deviation the release owner accepted for a time: a check id (optionally of one gate) on the subjects a pattern
/// matches (<c>*</c> any text, <c>?</c> one character, case-insensitive; e.g. <c>GET /api/gastos*</c>), why, who owns it
/// and the last day it holds. A matching finding is reported as ACCEPTED DEVIATION and never blocks until then.
/// </summary>
public sealed record AcceptedDeviation(string CheckId, string SubjectPattern, string? Gate, AcceptanceTerms Terms)
{
    private Regex Pattern { get; } = new("^" + Regex.Escape(SubjectPattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public bool Covers(Finding finding) =>
        finding.CheckId.Equals(CheckId, StringComparison.Ordinal)
        && (Gate is null || finding.Gate.Equals(Gate, StringComparison.OrdinalIgnoreCase))
        && Pattern.IsMatch(finding.Subject);

    public string Describe => $"{CheckId} on '{SubjectPattern}'{(Gate is null ? "" : $" (gate {Gate})")}, owner {Terms.Owner}, expires {Terms.Expires:yyyy-MM-dd}";

    /// <summary>
    /// Reads <c>{"deviations": [{"check", "subject", "reason", "owner", "expires": "YYYY-MM-DD", "gate"?}]}</c>; every
    /// malformed entry is an error (all at once). A check id that no catalogue row names is an error too (a typo would
    /// otherwise accept nothing and only show up as stale).
    /// </summary>
    public static (IReadOnlyList<AcceptedDeviation> Entries, IReadOnlyList<string> Errors) Parse(string json, string source)
    {
        var (entries, errors) = AcceptanceFile.Parse(json, source, Format);
        var list = new List<AcceptedDeviation>();
        var all = errors.ToList();
        foreach (var e in entries)
        {
            var check = e.Field("check")!;
            if (FindingCatalog.Find(check) is null)
            {
                all.Add($"{source}: deviations[{e.Index}] ({check}): no check has this id; allowed: a check id of the findings table (README \"Findings\"), e.g. negative_rejected");
                continue;
            }
            list.Add(new AcceptedDeviation(check, e.Field("subject")!, e.Field("gate") is { Length: > 0 } g ? g : null, e.Terms));
        }
        return (list, all);
    }

    /// <summary>Reads the file at <paramref name="path"/>; a missing or unreadable file is an error naming it.</summary>
    public static (IReadOnlyList<AcceptedDeviation> Entries, IReadOnlyList<string> Errors) Load(string path, string source)
    {
        if (!File.Exists(path)) return ([], [$"{source}: '{path}' does not exist; name a JSON file {Format.Expected}, or leave the setting empty"]);
        try { return Parse(File.ReadAllText(path), source); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ([], [$"{source}: '{path}' cannot be read ({ex.Message}); the file must be readable by the suite"]);
        }
    }

    public static AcceptanceFormat Format { get; } = new("deviations", ["check", "subject", "reason", "owner", "expires"],
        "every accepted deviation names the check id, the subject pattern (route or operation, * for any text), the reason, the owner and the expiry date",
        e => AcceptanceFile.Str(e, "check") ?? "no check",
        e => $"{AcceptanceFile.Str(e, "gate")?.Trim()}\n{AcceptanceFile.Str(e, "check")?.Trim()}\n{AcceptanceFile.Str(e, "subject")?.Trim()}",
        "keep one entry per check and subject pattern",
        e => $"{AcceptanceFile.Str(e, "check")?.Trim()} on '{AcceptanceFile.Str(e, "subject")?.Trim()}'");
}
