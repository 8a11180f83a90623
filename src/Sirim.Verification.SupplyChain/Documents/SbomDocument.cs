using System.Text.Json;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>One component (package) listed by an SBOM, with its licences as the SBOM states them.</summary>
public sealed record SbomComponent(string Name, string? Version, string? Type, IReadOnlyList<string> Licenses);

/// <summary>
/// What the suite needs from an SBOM, whatever its format: the format and version, the tool that made it, when, what it
/// describes and its components with licences.
/// </summary>
public sealed record SbomDocument(
    string Format,
    string Tool,
    DateTimeOffset? CreatedAt,
    ArtifactSubject Subject,
    IReadOnlyList<SbomComponent> Components)
{
    /// <summary>Reads a CycloneDX or SPDX JSON document; throws <see cref="InvalidDataException"/> saying why it is not one.</summary>
    public static SbomDocument Parse(string json)
    {
        using var doc = ParseJson(json);
        var root = doc.RootElement;
        if (root.Str("bomFormat") == "CycloneDX") return CycloneDxReader.Read(root);
        if (root.Str("spdxVersion") is { } spdx && spdx.StartsWith("SPDX-", StringComparison.Ordinal)) return SpdxReader.Read(root);
        throw new InvalidDataException("neither CycloneDX (no \"bomFormat\": \"CycloneDX\") nor SPDX (no \"spdxVersion\": \"SPDX-2.x\") JSON");
    }

    internal static JsonDocument ParseJson(string json)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException ex) { throw new InvalidDataException($"not valid JSON ({ex.Message})"); }
    }

    /// <summary>Components by licence, most used first ("(none stated)" for components without one).</summary>
    public IReadOnlyList<(string License, int Count)> LicenseCounts() =>
        Components.SelectMany(c => c.Licenses.Count == 0 ? ["(none stated)"] : c.Licenses)
            .GroupBy(l => l).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
}
