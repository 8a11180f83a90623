using System.Text.Json;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>
/// Trivy's JSON report (<c>trivy image --format json</c>, schema 2): <c>CreatedAt</c>, <c>ArtifactName</c>,
/// <c>Metadata.ImageID</c> / <c>RepoDigests</c> / <c>RepoTags</c> (the subject) and <c>Results[].Vulnerabilities[]</c>
/// with VulnerabilityID, PkgName, InstalledVersion, FixedVersion, Severity, Title. A clean scan has no Vulnerabilities.
/// </summary>
public static class TrivyReader
{
    public static VulnerabilityReport Read(JsonElement root)
    {
        if (root.Prop("Results") is { } results && results.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("Trivy report: \"Results\" is not an array");
        var metadata = root.Prop("Metadata") ?? default;
        var subject = ArtifactSubject.FromReferences(
            new[] { root.Str("ArtifactName"), metadata.Str("ImageID") }.Concat(metadata.Strings("RepoDigests")).Concat(metadata.Strings("RepoTags")));
        var findings = new List<VulnerabilityFinding>();
        foreach (var result in root.Array("Results"))
            foreach (var v in result.Array("Vulnerabilities"))
                findings.Add(new VulnerabilityFinding(
                    v.Str("VulnerabilityID") ?? throw new InvalidDataException($"Trivy report: a vulnerability in '{result.Str("Target")}' has no VulnerabilityID"),
                    v.Str("PkgName") ?? "(unknown package)", v.Str("InstalledVersion") ?? "?", Blank(v.Str("FixedVersion")),
                    VulnerabilityFinding.NormalizeSeverity(v.Str("Severity")), v.Str("Title"), "trivy"));
        var version = root.Prop("Trivy") is { } t ? t.Str("Version") : null;
        return new VulnerabilityReport($"Trivy JSON (schema {root.Prop("SchemaVersion")?.ToString() ?? "?"})", version is null ? "trivy" : $"trivy {version}",
            Json.Time(root.Str("CreatedAt")), subject, findings);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
