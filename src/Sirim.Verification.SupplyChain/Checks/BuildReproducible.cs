using Sirim.Verification.Core.Checks;
using Sirim.Verification.SupplyChain.Reproducibility;

namespace Sirim.Verification.SupplyChain.Checks;

/// <summary>
/// <c>build_reproducible</c>: two builds of the frontend from the same commit are identical file by file (SHA-256); a
/// changed, missing or extra file means the build embeds something other than the source (a time stamp, a random id,
/// an unpinned dependency), so the released files cannot be traced back to the commit (seed 000: build_reproducibility.md).
/// </summary>
public static class BuildReproducible
{
    public const string Id = "build_reproducible";

    public static CheckOutcome Evaluate(BuildComparison? comparison, string? loadError)
    {
        if (loadError is not null)
            return CheckOutcome.Fail(SupplyChainGate.Name, Id, "frontend builds", Severity.Medium, "two readable builds (folders or manifests)", loadError,
                "Make the manifests with 'sirim-verify frontend-manifest BUILD_DIR --out FILE', or point at the build folders.");
        if (comparison is null)
            return CheckOutcome.NotApplicable(SupplyChainGate.Name, Id, "frontend builds", "no two builds configured (frontendBuildLeft / frontendBuildRight)");
        var subject = $"{comparison.Left.Source} vs {comparison.Right.Source}";
        var counts = $"{comparison.Count(FileComparison.Identical)} identical, {comparison.Count(FileComparison.Changed)} changed, " +
                     $"{comparison.Count(FileComparison.OnlyLeft)} only in the first, {comparison.Count(FileComparison.OnlyRight)} only in the second";
        if (comparison.Reproducible && comparison.Files.Count > 0)
            return CheckOutcome.Pass(SupplyChainGate.Name, Id, subject, Severity.Medium) with { Actual = counts };
        var differing = comparison.Files.Where(f => f.Result != FileComparison.Identical).Take(5)
            .Select(f => $"{f.Path} ({f.Result switch { FileComparison.Changed => "changed", FileComparison.OnlyLeft => "only in the first", _ => "only in the second" }})");
        return CheckOutcome.Fail(SupplyChainGate.Name, Id, subject, Severity.Medium, "every file identical (SHA-256)",
            comparison.Files.Count == 0 ? "both builds are empty" : $"{counts}: {string.Join(", ", differing)}",
            "Look for build time stamps, random chunk ids or unpinned dependencies in the differing files; build_reproducibility.md lists every file.");
    }
}
