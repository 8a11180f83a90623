using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Gates.Infrastructure;
using Sirim.Verification.SupplyChain;

namespace Sirim.Verification.Gates.SupplyChain;

/// <summary>
/// The supply-chain gate: the release's SBOM and vulnerability reports name the released artifact, are not older than
/// the release, and show no unaccepted HIGH or CRITICAL vulnerability; two frontend builds are identical.
/// Runs only when an SBOM or a report is configured (SIRIM_SBOM_FILE / SIRIM_VULN_REPORTS); sends nothing to the target.
/// </summary>
[Gate(SupplyChainGate.Name, "SupplyChain"), Description("Supply chain: SBOM, vulnerabilities, reproducible build"), Order(0)]
public sealed class SupplyChainGateTests : GateTest
{
    [Test, Severity("blocker")]
    [Description("no unaccepted HIGH or CRITICAL vulnerability in the released artifact")]
    public async Task Release_has_an_sbom_and_no_blocking_vulnerability()
    {
        var options = RequireOptions(SupplyChainOptions.From(Suite.Options, Suite.ResolvePath), "the supply-chain gate");
        Allure.Parameter("artifact", options.Artifact?.ToString() ?? "(not set)");
        Allure.Parameter("blocking severities", string.Join(",", options.BlockingSeverities));

        var result = await Allure.StepAsync($"read the SBOM and {options.ReportPaths.Count} report(s)",
            () => new SupplyChainGate(options).RunAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        var files = new List<string>
        {
            Suite.Run.WriteMarkdown(SupplyChainGate.VulnReportFile, SupplyChainReport.RenderVulnReport(result, Suite.Run.Environment)),
            Suite.Run.WriteMarkdown(SupplyChainGate.ReproducibilityFile, SupplyChainReport.RenderReproducibility(result, Suite.Run.Environment)),
        };
        if (result.Inputs.Sbom?.Content is { } sbom) files.Add(Suite.Run.WriteText(SupplyChainGate.SbomCopyFile, sbom));
        foreach (var file in files)
        {
            Allure.AttachText(Path.GetFileName(file), File.ReadAllText(file), file.EndsWith(".json") ? "application/json" : "text/markdown", Path.GetExtension(file).TrimStart('.'));
            Suite.Ledger.AddEvidence(SupplyChainGate.Name, file);
        }
        foreach (var figure in SupplyChainGate.Summary(result, []).Figures) Suite.Ledger.AddFigure(SupplyChainGate.Name, figure);
        AssertOutcomes(result.Outcomes);
    }
}
