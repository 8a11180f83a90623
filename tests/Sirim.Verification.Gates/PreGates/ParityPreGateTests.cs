using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Gates.Infrastructure;
using Sirim.Verification.PreGates;

namespace Sirim.Verification.Gates.PreGates;

/// <summary>
/// The environment parity pre-gate: two environment files or listings (parityLeftFile / parityRightFile, e.g. dev and
/// prod) define the same variable NAMES. Values are dropped while reading and never shown.
/// </summary>
[Gate(EnvironmentParity.Name), Description("Environment parity"), Order(0)]
public sealed class ParityPreGateTests : GateTest
{
    [Test, Severity("critical")]
    [Description("both environments define the same variable names")]
    public void Environments_define_the_same_names()
    {
        var left = Suite.Options.Setting(SettingsCatalog.ParityLeftFile);
        var right = Suite.Options.Setting(SettingsCatalog.ParityRightFile);
        if (left is null || right is null)
            Assert.Ignore("NOT RUN: no environment listings to compare (parityLeftFile / SIRIM_PARITY_LEFT and parityRightFile / SIRIM_PARITY_RIGHT)");
        var (leftPath, rightPath) = (Suite.ResolvePath(left!), Suite.ResolvePath(right!));
        if (new[] { leftPath, rightPath }.Where(p => !File.Exists(p)).Select(EnvironmentParity.ListingMissing).ToList() is { Count: > 0 } missing)
        {
            AssertOutcomes(missing);
            return;
        }
        var (l, r) = (EnvListing.ReadFile(leftPath), EnvListing.ReadFile(rightPath));
        var (leftLabel, rightLabel) = (Path.GetFileName(leftPath), Path.GetFileName(rightPath));
        var result = EnvironmentParity.Compare(leftLabel, l.Names, rightLabel, r.Names);
        var problems = l.Problems.Select(p => $"{leftLabel} {p}").Concat(r.Problems.Select(p => $"{rightLabel} {p}")).ToList();
        var file = Suite.Run.WriteMarkdown(EnvironmentParity.EvidenceFile, EnvironmentParity.Render(result, problems));
        Suite.Ledger.AddEvidence(EnvironmentParity.Name, file);
        Suite.Ledger.AddFigure(EnvironmentParity.Name, new KeyFigure("names only on one side", (result.OnlyLeft.Count + result.OnlyRight.Count).ToString(), "0", result.NamesMatch));
        Allure.AttachText(EnvironmentParity.EvidenceFile, File.ReadAllText(file), "text/markdown", "md");
        AssertOutcomes([EnvironmentParity.Judge(result)]);
    }
}
