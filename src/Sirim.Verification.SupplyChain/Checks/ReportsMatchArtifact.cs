using Sirim.Verification.Core.Checks;
using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain.Checks;

/// <summary>
/// <c>reports_match_artifact</c>: the SBOM and every report describe the released artifact (its digest, or its name and
/// version). A clean scan of another build proves nothing about this release.
/// </summary>
public static class ReportsMatchArtifact
{
    public const string Id = "reports_match_artifact";

    public static CheckOutcome Evaluate(string fileName, ArtifactSubject subject, ReleaseArtifact? artifact)
    {
        if (artifact is null)
            return CheckOutcome.NotApplicable(SupplyChainGate.Name, Id, fileName, "no release artifact configured (supplyChainArtifact / SIRIM_RELEASE_ARTIFACT)");
        if (artifact.Matches(subject))
            return CheckOutcome.Pass(SupplyChainGate.Name, Id, fileName, Severity.High) with { Actual = $"names {subject}" };
        return CheckOutcome.Fail(SupplyChainGate.Name, Id, fileName, Severity.High, $"describes {artifact}", $"describes {subject}",
            "The file was made from another build or version: regenerate it from the released artifact, or correct SIRIM_RELEASE_ARTIFACT.");
    }
}
