using Sirim.Verification.Core.Findings;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>
/// A vulnerability the release owner accepted for a time: the advisory id in one package, why, who owns the decision and
/// the last day it holds (<c>expires</c>, inclusive, UTC). After that day the finding blocks the release again.
/// </summary>
public sealed record AcceptedVulnerability(string Id, string Package, string Reason, string Owner, DateOnly Expires)
{
    public bool Covers(VulnerabilityFinding f) =>
        f.AdvisoryId.Equals(Id, StringComparison.OrdinalIgnoreCase) && f.Package.Equals(Package, StringComparison.OrdinalIgnoreCase);

    public bool ExpiredOn(DateOnly today) => Terms.ExpiredOn(today);

    /// <summary>
    /// Reads <c>{"accepted": [{"id", "package", "reason", "owner", "expires": "YYYY-MM-DD"}]}</c>. Every malformed entry is
    /// an error in the form "what; reason; what is allowed" (all of them at once); the list holds only the good entries.
    /// </summary>
    public static (IReadOnlyList<AcceptedVulnerability> Entries, IReadOnlyList<string> Errors) Parse(string json, string source)
    {
        var (entries, errors) = AcceptanceFile.Parse(json, source, Format);
        return (entries.Select(e => new AcceptedVulnerability(e.Field("id")!, e.Field("package")!, e.Terms.Reason, e.Terms.Owner, e.Terms.Expires)).ToList(), errors);
    }

    /// <summary>The file's shape for the shared acceptance reader (Core <see cref="AcceptanceFile"/>).</summary>
    public static AcceptanceFormat Format { get; } = new("accepted", ["id", "package", "reason", "owner", "expires"],
        "every acceptance names the advisory id, the package, the reason, the owner and the expiry date",
        e => e.Str("id") ?? "no id",
        e => $"{e.Str("id")?.Trim()}\n{e.Str("package")?.Trim()}",
        "keep one entry per advisory and package",
        e => $"{e.Str("id")?.Trim()} in {e.Str("package")?.Trim()}");

    /// <summary>The shared terms of this acceptance (reason, owner, expiry).</summary>
    public AcceptanceTerms Terms => new(Reason, Owner, Expires);
}
