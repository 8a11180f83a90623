using Sirim.Verification.Core.Releases;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.E2E;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.Evidence;
using Sirim.Verification.E2E.Integrity;
using Sirim.Verification.Gates.Infrastructure;

namespace Sirim.Verification.Gates.E2E;

/// <summary>
/// The frontend is immutable: the deployed site (entry page and everything it references, recursively through
/// scripts and styles, plus every file of the released build) is compared byte for byte with the release manifest.
/// </summary>
[Gate(E2EGate.IntegrityName), Description("The deployed frontend is the released build"), Order(4)]
public sealed class IntegrityGateTests : GateTest
{
    [Test, Severity("blocker")]
    [Description("every file of the released build is served unchanged, none is missing, nothing else is referenced")]
    public async Task Deployed_frontend_matches_the_release_manifest()
    {
        var (options, errors) = E2EOptions.Load(Suite.Options);
        if (options is null) Assert.Ignore("NOT RUN: " + string.Join(" ", errors));
        if (options!.FrontendManifest is null)
            Assert.Ignore($"NOT RUN: no release manifest configured ({SettingsCatalog.FrontendManifest.Key} / {SettingsCatalog.FrontendManifest.EnvironmentVariable}): " +
                          "make one from the released build with 'sirim-verify frontend-manifest <build folder> --out manifest.json'.");
        var source = Suite.ResolvePath(options.FrontendManifest);
        var manifest = await Allure.StepAsync($"load the release manifest ({options.FrontendManifest})",
            () => Task.FromResult(FrontendManifest.Load(source, options.RuntimeFiles)));
        Allure.AttachText("release manifest", manifest.ToJson(), "application/json", "json");

        using var http = DeployedFrontend.CreateClient(Suite.Options.RequestTimeout, Suite.Options.TlsSkipVerify);
        var deployed = await Allure.StepAsync($"download {options.FrontendBaseUrl} and every file it references",
            () => new DeployedFrontend(http).DownloadAsync(options.FrontendBaseUrl, manifest, options.RuntimeFiles, CancellationToken.None));
        var rows = IntegrityComparison.Compare(manifest, deployed, options.RuntimeFiles);
        Allure.AttachText("comparison", string.Join("\n", rows.Select(r => $"{r.Verdict,-9} {r.Describe()}")));

        var gitStatus = Directory.Exists(source) ? await BuildFolderStatus.GitStatusAsync(source, TimeSpan.FromSeconds(10), CancellationToken.None) : null;
        var doc = FrontendIntegrityReport.Render(options, Suite.Options.Environment, manifest, deployed, rows, gitStatus);
        Suite.Ledger.AddEvidence(E2EGate.IntegrityName, Suite.Run.WriteMarkdown(E2EGate.IntegrityEvidenceFile, doc));
        var unchanged = rows.Count(r => r.Verdict == FileVerdict.Unchanged);
        Suite.Ledger.AddFigure(E2EGate.IntegrityName, new KeyFigure("frontend files identical to the release", $"{unchanged}/{manifest.Files.Count - manifest.Files.Count(f => options.RuntimeFiles.Contains(f.Path))}",
            "all", rows.All(r => r.Verdict == FileVerdict.Unchanged)));
        AssertOutcomes(FrontendFilesIntegrity.Evaluate(options.FrontendBaseUrl.ToString(), rows));
    }
}
