using System.Text.Json;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>
/// CycloneDX JSON (1.4 to 1.6, as Syft writes it): <c>metadata.timestamp</c>, <c>metadata.tools</c> (1.4: an array of
/// {vendor, name, version}; 1.5+: {components: [...]}), <c>metadata.component</c> (the subject: name, version, hashes)
/// and <c>components[]</c> with <c>licenses[]</c> ({license: {id | name}} or {expression}), nested components included.
/// </summary>
public static class CycloneDxReader
{
    public static SbomDocument Read(JsonElement root)
    {
        var metadata = root.Prop("metadata") ?? default;
        var tools = metadata.Prop("tools") is { } t
            ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().ToList() : t.Array("components").ToList()
            : [];
        var tool = tools.Count == 0 ? "(not stated)" : string.Join(", ", tools.Select(x => $"{x.Str("name")} {x.Str("version")}".Trim()));

        var subject = ArtifactSubject.None;
        if (metadata.Prop("component") is { } c && c.Str("name") is { } name)
        {
            var version = c.Str("version");
            subject = ArtifactSubject.FromReferences([version is null ? name : $"{name}@{version}"])
                .With([], c.Array("hashes").Where(h => h.Str("alg") == "SHA-256" && h.Str("content") is not null).Select(h => "sha256:" + h.Str("content")));
        }

        var components = new List<SbomComponent>();
        void Walk(JsonElement parent)
        {
            foreach (var comp in parent.Array("components"))
            {
                if (comp.Str("name") is { } n)
                    components.Add(new SbomComponent(n, comp.Str("version"), comp.Str("type"), Licenses(comp)));
                Walk(comp);
            }
        }
        Walk(root);
        return new SbomDocument($"CycloneDX {root.Str("specVersion") ?? "?"}", tool, Json.Time(metadata.Str("timestamp")), subject, components);
    }

    private static IReadOnlyList<string> Licenses(JsonElement component) =>
        component.Array("licenses")
            .Select(l => l.Str("expression") ?? (l.Prop("license") is { } lic ? lic.Str("id") ?? lic.Str("name") : null))
            .OfType<string>().Distinct().ToList();
}
