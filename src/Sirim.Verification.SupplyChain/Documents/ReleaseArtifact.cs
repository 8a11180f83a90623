using System.Text.RegularExpressions;

namespace Sirim.Verification.SupplyChain.Documents;

/// <summary>
/// The released artifact the SBOM and the vulnerability reports must describe: an image digest <c>sha256:&lt;64 hex&gt;</c>
/// or <c>name@version</c> (e.g. <c>sirim-api@1.4.2</c>). A report of another build says nothing about this release.
/// </summary>
public sealed partial record ReleaseArtifact(string? Digest, string? Name, string? Version)
{
    public override string ToString() => Digest ?? $"{Name}@{Version}";

    /// <summary>The artifact, or an error in the form "what; reason; what is allowed".</summary>
    public static (ReleaseArtifact? Artifact, string? Error) Parse(string raw)
    {
        var text = raw.Trim();
        if (DigestPattern().IsMatch(text)) return (new ReleaseArtifact(text.ToLowerInvariant(), null, null), null);
        var at = text.LastIndexOf('@');
        if (at > 0 && at < text.Length - 1 && !text.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
            return (new ReleaseArtifact(null, text[..at], text[(at + 1)..]), null);
        return (null, $"'{raw}' is not a release artifact; it names neither a digest nor a version; " +
                      "allowed: 'sha256:' followed by 64 hex digits, or 'name@version' (e.g. sirim-api@1.4.2)");
    }

    /// <summary>Whether <paramref name="subject"/> (what a document says it describes) is this artifact.</summary>
    public bool Matches(ArtifactSubject subject)
    {
        if (Digest is not null)
            return subject.Digests.Any(d => d.Equals(Digest, StringComparison.OrdinalIgnoreCase));
        return subject.Names.Any(n => ShortName(n.Name).Equals(ShortName(Name!), StringComparison.OrdinalIgnoreCase)
                                      && string.Equals(n.Version, Version, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The last path segment of an image or package name: <c>ghcr.io/org/sirim-api</c> → <c>sirim-api</c>.</summary>
    public static string ShortName(string name) => name[(name.LastIndexOf('/') + 1)..];

    [GeneratedRegex("^sha256:[0-9a-fA-F]{64}$")]
    private static partial Regex DigestPattern();
}

/// <summary>A name with an optional version, as a document names what it describes.</summary>
public sealed record NamedVersion(string Name, string? Version)
{
    public override string ToString() => Version is null ? Name : $"{Name}@{Version}";
}

/// <summary>What an SBOM or a scan report says it describes: names with versions and digests.</summary>
public sealed record ArtifactSubject(IReadOnlyList<NamedVersion> Names, IReadOnlyList<string> Digests)
{
    public static readonly ArtifactSubject None = new([], []);

    public override string ToString() =>
        Names.Count + Digests.Count == 0
            ? "(names no artifact)"
            // A bare name that also appears with a version adds nothing.
            : string.Join(", ", Names.Where(n => n.Version is not null || !Names.Any(o => o.Version is not null && o.Name == n.Name))
                .Select(n => n.ToString()).Concat(Digests));

    /// <summary>
    /// Reads image and package references: <c>repo/name:tag</c>, <c>repo/name@sha256:…</c>, <c>name@version</c>, <c>sha256:…</c>.
    /// </summary>
    public static ArtifactSubject FromReferences(IEnumerable<string?> references)
    {
        var names = new List<NamedVersion>();
        var digests = new List<string>();
        foreach (var raw in references.OfType<string>().Select(r => r.Trim()).Where(r => r.Length > 0))
        {
            var digestAt = raw.IndexOf("sha256:", StringComparison.OrdinalIgnoreCase);
            if (digestAt >= 0)
            {
                digests.Add(raw[digestAt..].ToLowerInvariant());
                var before = raw[..digestAt].TrimEnd('@', ':');
                if (before.Length > 0) names.Add(new NamedVersion(before, null));
                continue;
            }
            var at = raw.LastIndexOf('@');
            var colon = raw.LastIndexOf(':');
            if (at > 0) names.Add(new NamedVersion(raw[..at], raw[(at + 1)..]));
            else if (colon > raw.LastIndexOf('/') && colon > 0) names.Add(new NamedVersion(raw[..colon], raw[(colon + 1)..]));
            else names.Add(new NamedVersion(raw, null));
        }
        return new ArtifactSubject(names.Distinct().ToList(), digests.Distinct().ToList());
    }

    public ArtifactSubject With(IEnumerable<NamedVersion> names, IEnumerable<string> digests) =>
        new(Names.Concat(names).Distinct().ToList(), Digests.Concat(digests.Select(d => d.ToLowerInvariant())).Distinct().ToList());
}
