using Sirim.Verification.Canary;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Gates.Infrastructure;

namespace Sirim.Verification.Gates.Canary;

/// <summary>
/// The canary gate: the same interleaved probe load against the baseline and the canary deployment, compared on p95,
/// p99, error rate and 5xx with the Mann-Whitney test deciding whether a latency change is more than noise.
/// Runs only when a canary URL is configured (canaryUrl / SIRIM_CANARY_URL).
/// </summary>
[Gate(CanaryGate.Name), Description("Canary against baseline"), Order(7)]
public sealed class CanaryGateTests : GateTest
{
    [Test, Severity("critical")]
    [Description("the canary is not worse than the baseline: PROMOTE")]
    public async Task Canary_is_not_worse_than_the_baseline()
    {
        var loaded = CanaryOptions.From(Suite.Options);
        if (loaded.NotRunReason is { } notRun) Assert.Ignore(notRun);
        if (loaded.Options is not { } options)
        {
            Assert.Fail("[canary] configuration: the canary analysis cannot start; nothing was sent.\n  - " + string.Join("\n  - ", loaded.Errors.Select(Suite.Redactor.Text)));
            return;
        }
        Allure.Parameter("baseline", options.BaselineUrl.ToString());
        Allure.Parameter("canary", options.CanaryUrl.ToString());

        using var client = Suite.NewClient();
        var result = await Allure.StepAsync(
            $"{options.RequestsPerSide} interleaved GET per deployment on {string.Join(", ", options.ProbePaths)}",
            () => new CanaryGate(options, client).RunAsync(CancellationToken.None));
        foreach (var (title, exchange) in result.Probes.Examples.Take(8)) Attach(exchange, title);

        var file = Suite.Run.WriteMarkdown(CanaryGate.EvidenceFile, CanaryAnalysisReport.Render(result, Suite.Run.Environment, Suite.Redactor));
        Allure.AttachText(CanaryGate.EvidenceFile, File.ReadAllText(file), "text/markdown", "md");
        Suite.Ledger.AddEvidence(CanaryGate.Name, file);
        foreach (var figure in CanaryGate.Summary(result, []).Figures) Suite.Ledger.AddFigure(CanaryGate.Name, figure);
        TestContext.Progress.WriteLine(Suite.Redactor.Text($"[canary] {result.Decision.Label}: {string.Join("; ", result.Decision.Reasons)}"));

        var inconclusive = result.Decision.Verdict == CanaryVerdict.Inconclusive;
        AssertOutcomes(result.Outcomes);
        if (inconclusive)
            Assert.Inconclusive("INCONCLUSIVE: " + string.Join("; ", result.Decision.Reasons));
    }
}
