using System.Text.Json;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>
/// Grype's JSON report (<c>grype -o json</c>): <c>matches[]</c> of {vulnerability: {id, severity, fix: {versions, state}},
/// artifact: {name, version}}, <c>source.target</c> (an image: userInput, imageID, manifestDigest, tags, repoDigests; a
/// folder: a string) and <c>descriptor</c> {name, version, timestamp}.
/// </summary>
public static class GrypeReader
{
    public static VulnerabilityReport Read(JsonElement root)
    {
        if (root.Prop("matches") is not { ValueKind: JsonValueKind.Array } matches)
            throw new InvalidDataException("Grype report: \"matches\" is not an array");
        var target = (root.Prop("source") ?? default).Prop("target");
        var subject = target is { ValueKind: JsonValueKind.String } s
            ? ArtifactSubject.FromReferences([s.GetString()])
            : target is { } t
                ? ArtifactSubject.FromReferences(new[] { t.Str("userInput"), t.Str("imageID"), t.Str("manifestDigest") }.Concat(t.Strings("tags")).Concat(t.Strings("repoDigests")))
                : ArtifactSubject.None;
        var findings = new List<VulnerabilityFinding>();
        foreach (var m in matches.EnumerateArray())
        {
            var v = m.Prop("vulnerability") ?? throw new InvalidDataException("Grype report: a match has no \"vulnerability\"");
            var a = m.Prop("artifact") ?? throw new InvalidDataException($"Grype report: the match of {v.Str("id")} has no \"artifact\"");
            var fix = v.Prop("fix") ?? default;
            var versions = fix.Strings("versions").ToList();
            findings.Add(new VulnerabilityFinding(
                v.Str("id") ?? throw new InvalidDataException("Grype report: a match's vulnerability has no \"id\""),
                a.Str("name") ?? "(unknown package)", a.Str("version") ?? "?",
                fix.Str("state") == "fixed" && versions.Count > 0 ? string.Join(", ", versions) : null,
                VulnerabilityFinding.NormalizeSeverity(v.Str("severity")), v.Str("description"), "grype"));
        }
        var descriptor = root.Prop("descriptor") ?? default;
        return new VulnerabilityReport("Grype JSON", $"{descriptor.Str("name") ?? "grype"} {descriptor.Str("version")}".Trim(),
            Json.Time(descriptor.Str("timestamp")), subject, findings);
    }
}
