using Sirim.Verification.Core.Releases;
namespace Sirim.Verification.E2E.Integrity;

public enum FileVerdict { Unchanged, Changed, Missing, Extra }

/// <summary>One row of the comparison: what the manifest says and what the deployment served.</summary>
public sealed record FileComparison(string Path, FileVerdict Verdict, ManifestFile? Expected, DeployedFile? Deployed)
{
    public string Describe() => Verdict switch
    {
        FileVerdict.Changed => $"{Path}: sha256 {Short(Deployed?.Sha256)} size {Deployed?.Size} (manifest: sha256 {Short(Expected?.Sha256)} size {Expected?.Size})",
        FileVerdict.Missing => $"{Path}: {(Deployed?.Status is { } s ? $"answered {s}" : Deployed?.Error ?? "not served")} (manifest: size {Expected?.Size})",
        FileVerdict.Extra => $"{Path}: served ({Deployed?.Size} bytes{(Deployed?.ReferencedBy is { } r ? $", referenced by {r}" : "")}{(Deployed?.SameOrigin == false ? ", other origin" : "")}) but not in the manifest",
        _ => $"{Path}: unchanged",
    };

    private static string Short(string? hash) => hash is null ? "(none)" : hash[..Math.Min(12, hash.Length)] + "…";
}

/// <summary>The manifest against the deployed files: pure, the integrity checks judge its rows.</summary>
public static class IntegrityComparison
{
    public static IReadOnlyList<FileComparison> Compare(FrontendManifest manifest, IReadOnlyList<DeployedFile> deployed, IReadOnlyCollection<string> runtimeFiles)
    {
        var byPath = deployed.ToDictionary(d => d.Path, StringComparer.Ordinal);
        var rows = new List<FileComparison>();
        foreach (var expected in manifest.Files)
        {
            if (runtimeFiles.Contains(expected.Path)) continue;
            byPath.TryGetValue(expected.Path, out var got);
            var verdict = got is not { Served: true } ? FileVerdict.Missing
                : got.Sha256 == expected.Sha256 && got.Size == expected.Size ? FileVerdict.Unchanged : FileVerdict.Changed;
            rows.Add(new FileComparison(expected.Path, verdict, expected, got));
        }
        foreach (var extra in deployed.Where(d => manifest.Find(d.Path) is null && !runtimeFiles.Contains(d.Path) && (d.Served || !d.SameOrigin)))
            rows.Add(new FileComparison(extra.Path, FileVerdict.Extra, null, extra));
        return rows.OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
    }
}
