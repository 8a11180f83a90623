using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Gates.Infrastructure;
using Sirim.Verification.Load;
using Sirim.Verification.LoadGate.Progress;
using Sirim.Verification.LoadGate;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Evidence;

namespace Sirim.Verification.Gates.Load;

/// <summary>
/// The load gate: each configured profile (normal and peak; their short -ci variants on the reference target) sends the
/// critical routes on schedule and is judged by its budgets (p95, p99, error rate) and its own thresholds.
/// </summary>
[Gate(LoadGateNames.Load), Description("Load budgets"), Order(5)]
public sealed class LoadGateTests : GateTest
{
    private readonly List<string> _sections = [];
    private readonly List<string> _notRun = [];

    /// <summary>Profiles from loadProfiles (SIRIM_LOAD_PROFILES, then the runsettings, then the default).</summary>
    public static IEnumerable<string> Profiles() =>
        (SettingsSource.FromProcess(key => TestContext.Parameters.Get(key)).Get(SettingsCatalog.LoadProfiles) ?? SettingsCatalog.LoadProfiles.Default!)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [TestCaseSource(nameof(Profiles)), Severity("critical")]
    [Description("the critical routes meet the budgets under the profile's load")]
    public async Task Profile_meets_budgets(string profile)
    {
        var preparation = LoadGatePlanner.Prepare(Suite.Options, Suite.RepositoryRoot, profile);
        if (preparation.NotRunReason is { } reason)
        {
            _notRun.Add($"{profile}: {reason}");
            Assert.Ignore(reason);
        }
        if (!preparation.IsValid)
        {
            AssertOutcomes([LoadPreconditions.PlanInvalid(LoadGateNames.Load, profile, preparation.Errors)]);
            return;
        }
        var plan = preparation.Options!;
        foreach (var skipped in plan.Skipped) Allure.Step($"{skipped.Route}: skipped", "skipped", skipped.Reason);
        foreach (var skipped in plan.Skipped) TestContext.Progress.WriteLine($"[load] {skipped.Route} skipped: {skipped.Reason}");
        TestContext.Progress.WriteLine($"[load] {plan.Profile.Summary}; budgets {string.Join(", ", plan.AllThresholds)}");

        // A live line on the terminal when the suite runs from one; plain lines in CI.
        using var progress = GateProgress.Create(TestContext.Progress);
        // A stopped or timed-out test run stops the load promptly; the partial report is still judged and written (load_completed fails).
        var stop = TestContext.CurrentContext.CancellationToken;
        LoadGateResult run;
        try
        {
            run = await Allure.StepAsync($"load: {plan.Profile.Summary}",
                () => LoadGateRunner.RunAsync(Suite.Options, plan, progress, sampler: null, stop));
        }
        catch (Exception ex) when (ex is LoadGateException or LoadPlanException)
        {
            AssertOutcomes([LoadPreconditions.NotStarted(LoadGateNames.Load, profile, ex.Message)]);
            return;
        }

        var outcomes = LoadGateChecks.Load.Select(c => c.Evaluate(run)).ToList();
        var artifacts = LoadArtifacts.For(run);
        Suite.Run.WriteText(artifacts.CsvFile, artifacts.TimelineCsv);
        Allure.Attach(Suite.Allure.AttachText($"{profile} timeline (CSV)", artifacts.TimelineCsv, "text/csv", "csv"));
        foreach (var (file, png, title) in artifacts.Charts)
        {
            Suite.Run.WriteBytes(file, png);
            Allure.Attach(Suite.Allure.AttachBytes($"{profile}: {title}", png, "image/png", "png"));
        }
        foreach (var exchange in run.FailureSamples.Values.SelectMany(v => v).Take(5)) Attach(exchange, $"failed under load: {exchange.Subject}");
        var section = LoadEvidence.ProfileSection(run, outcomes, artifacts, Suite.Redactor);
        _sections.Add(section);
        Allure.AttachText($"{profile} load results", section, "text/markdown", "md");

        foreach (var budget in plan.Budgets)
        {
            var t = run.Report.Thresholds.FirstOrDefault(x => x.Threshold == budget.Threshold);
            if (t is not null) Suite.Ledger.AddFigure(LoadGateNames.Load, new KeyFigure($"{profile} {t.Metric}", t.ActualText, budget.Threshold, t.Passed));
        }
        Suite.Ledger.AddFigure(LoadGateNames.Load, new KeyFigure($"{profile} rps", $"{run.Report.Overall.Rps:0.0}/s ({run.Report.Overall.Count} requests)", "", null));
        AssertOutcomes(outcomes);
    }

    [OneTimeTearDown]
    public void WriteEvidence()
    {
        if (Suite.Loaded.Options is null) return;
        var doc = LoadResultsReport.Render(Suite.Options, Profiles().ToList(), _notRun, _sections);
        Suite.Ledger.AddEvidence(LoadGateNames.Load, Suite.Run.WriteMarkdown(LoadGateNames.LoadEvidenceFile, doc));
    }
}
