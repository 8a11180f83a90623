using Sirim.Verification.Canary;
using Sirim.Verification.Canary.Rollback;
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
        var options = RequireOptions(CanaryOptions.From(Suite.Options), "the canary analysis");
        var rollback = RequireOptions(RollbackOptions.From(Suite.Options), "the canary analysis (its rollback command)");
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
        // ROLLBACK: the event is recorded and the operator's rollback command (if any) runs once; never on PROMOTE or INCONCLUSIVE.
        if (await RollbackEvent.HandleAsync(result, rollback, Suite.Run, [file], CancellationToken.None) is { } handled)
        {
            Allure.AttachText(RollbackEvent.FileName, File.ReadAllText(handled.EventFile), "text/markdown", "md");
            Suite.Ledger.AddEvidence(CanaryGate.Name, handled.EventFile);
            if (handled.Command is { } command) TestContext.Progress.WriteLine($"[canary] rollback command: {command.Outcome}");
        }
        TestContext.Progress.WriteLine(Suite.Redactor.Text($"[canary] {result.Decision.Label}: {string.Join("; ", result.Decision.Reasons)}"));

        var inconclusive = result.Decision.Verdict == CanaryVerdict.Inconclusive;
        AssertOutcomes(result.Outcomes);
        if (inconclusive)
            Assert.Inconclusive("INCONCLUSIVE: " + string.Join("; ", result.Decision.Reasons));
    }
}
