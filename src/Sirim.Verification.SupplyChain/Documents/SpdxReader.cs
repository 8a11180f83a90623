using System.Text.Json;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>
/// SPDX 2.3 JSON: <c>creationInfo.created</c> and <c>creators</c> ("Tool: syft-1.0.1"), <c>packages[]</c> with
/// <c>versionInfo</c>, <c>licenseConcluded</c> / <c>licenseDeclared</c> (NOASSERTION and NONE mean no licence stated),
/// and the described package(s) (<c>documentDescribes</c> or a DESCRIBES relationship) as the subject with their SHA256 checksums.
/// </summary>
public static class SpdxReader
{
    private static readonly string[] NoLicense = ["NOASSERTION", "NONE"];

    public static SbomDocument Read(JsonElement root)
    {
        var creation = root.Prop("creationInfo") ?? default;
        var tools = creation.Strings("creators").Where(c => c.StartsWith("Tool:", StringComparison.Ordinal)).Select(c => c[5..].Trim()).ToList();
        var described = new HashSet<string>(root.Strings("documentDescribes"), StringComparer.Ordinal);
        foreach (var rel in root.Array("relationships"))
            if (rel.Str("relationshipType") == "DESCRIBES" && rel.Str("spdxElementId") == "SPDXRef-DOCUMENT" && rel.Str("relatedSpdxElement") is { } id)
                described.Add(id);

        var subject = ArtifactSubject.FromReferences([root.Str("name")]);
        var components = new List<SbomComponent>();
        foreach (var p in root.Array("packages"))
        {
            var name = p.Str("name");
            if (name is null) continue;
            var version = p.Str("versionInfo");
            if (p.Str("SPDXID") is { } spdxId && described.Contains(spdxId))
            {
                subject = subject.With(version is null ? [] : [new NamedVersion(name, version)],
                    p.Array("checksums").Where(c => c.Str("algorithm") == "SHA256" && c.Str("checksumValue") is not null).Select(c => "sha256:" + c.Str("checksumValue")));
                if (version?.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) == true) subject = subject.With([], [version]);
                continue;
            }
            var license = new[] { p.Str("licenseConcluded"), p.Str("licenseDeclared") }.FirstOrDefault(l => l is not null && !NoLicense.Contains(l));
            components.Add(new SbomComponent(name, version, p.Str("primaryPackagePurpose"), license is null ? [] : [license]));
        }
        return new SbomDocument(root.Str("spdxVersion")!.Replace("SPDX-", "SPDX "), tools.Count == 0 ? "(not stated)" : string.Join(", ", tools),
            Json.Time(creation.Str("created")), subject, components);
    }
}
