using Sirim.Verification.Core.Checks;
using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain.Checks;

/// <summary>
/// <c>sbom_present_and_parsable</c>: the release ships an SBOM (seed 000: <c>sbom.json</c> from Syft) that reads as
/// CycloneDX or SPDX JSON and lists at least one component; an empty SBOM describes nothing.
/// </summary>
public static class SbomPresentAndParsable
{
    public const string Id = "sbom_present_and_parsable";

    public static CheckOutcome Evaluate(DocumentRead<SbomDocument>? sbom)
    {
        const string expected = "a CycloneDX or SPDX JSON SBOM listing the release's components";
        if (sbom is null)
            return CheckOutcome.Fail(SupplyChainGate.Name, Id, "(no SBOM configured)", Severity.High, expected, "no SBOM: supplyChainSbom (SIRIM_SBOM_FILE) is unset",
                "Generate it with the release (e.g. syft <image> -o cyclonedx-json > sbom.json) and set SIRIM_SBOM_FILE.");
        if (sbom.Document is not { } doc)
            return CheckOutcome.Fail(SupplyChainGate.Name, Id, sbom.FileName, Severity.High, expected, $"{sbom.Path}: {sbom.Error}",
                "Point SIRIM_SBOM_FILE at the SBOM the release pipeline produced (syft -o cyclonedx-json or -o spdx-json).");
        if (doc.Components.Count == 0)
            return CheckOutcome.Fail(SupplyChainGate.Name, Id, sbom.FileName, Severity.High, expected, $"{doc.Format} by {doc.Tool} with 0 components",
                "An SBOM without components was made from the wrong input (an empty folder, a scratch image): regenerate it from the released artifact.");
        return CheckOutcome.Pass(SupplyChainGate.Name, Id, sbom.FileName, Severity.High) with { Actual = $"{doc.Format} by {doc.Tool}, {doc.Components.Count} components" };
    }
}
