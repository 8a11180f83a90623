using Sirim.Verification.Core.Releases;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.E2E.Integrity;

namespace Sirim.Verification.E2E.Evidence;

/// <summary>
/// Renders <c>integridad_frontend_release.md</c>: whether the deployed frontend is the released build byte for byte,
/// the parameters of the comparison, one row per file (release and deployed size and SHA-256, where it was found) and,
/// when the manifest was made from a build folder, that folder's git status.
/// </summary>
public static class FrontendIntegrityReport
{
    /// <param name="gitStatus">The build folder's <c>git status --porcelain</c>; null when the manifest is not a folder.</param>
    public static MarkdownDocument Render(E2EOptions o, string environment, FrontendManifest manifest, IReadOnlyList<DeployedFile> deployed,
        IReadOnlyList<FileComparison> rows, string? gitStatus)
    {
        var changes = rows.Count(r => r.Verdict != FileVerdict.Unchanged);
        var doc = new MarkdownDocument($"Integridad del frontend — {environment}")
            .Paragraph(changes == 0
                ? $"**Cero cambios de UI**: the {rows.Count} files of the released build are served byte-identical (SHA-256), none is missing and the deployed pages reference nothing else."
                : $"**{changes} CHANGE(S) FOUND**: the deployed frontend is not the released build (see the table).")
            .Heading("Parameters")
            .KeyValues([("frontend", o.FrontendBaseUrl.ToString()), ("release manifest", o.FrontendManifest ?? "(not set)"),
                ("manifest fingerprint (sha256 of the file list)", manifest.Fingerprint), ("files in the manifest", manifest.Files.Count.ToString()),
                ("runtime configuration, not compared", o.RuntimeFiles.Count == 0 ? "(none)" : string.Join(", ", o.RuntimeFiles)),
                ("files downloaded", deployed.Count(d => d.Status is not null).ToString())])
            .Heading("Files")
            .Table(["file", "verdict", "release size", "release sha256", "deployed status", "deployed size", "deployed sha256", "found through"],
                rows.Select(r => (IReadOnlyList<string>)
                [
                    r.Path, r.Verdict.ToString().ToUpperInvariant(), r.Expected?.Size.ToString() ?? "", r.Expected?.Sha256 ?? "",
                    r.Deployed?.Status?.ToString() ?? r.Deployed?.Error ?? "", r.Deployed?.Size.ToString() ?? "", r.Deployed?.Sha256 ?? "",
                    r.Deployed?.ReferencedBy ?? (r.Path == FrontendManifest.EntryPage ? "entry page" : ""),
                ]));
        if (gitStatus is not null)
            doc.Heading("Sources of the build folder").Paragraph("`git status --porcelain -- " + o.FrontendManifest + "` (empty: the build folder equals the commit):")
               .Code(gitStatus.Length == 0 ? "(empty)" : gitStatus, "console");
        return doc;
    }
}
