using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Gates.Infrastructure;
using Sirim.Verification.Load;
using Sirim.Verification.LoadGate.Progress;
using Sirim.Verification.LoadGate;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Evidence;
using Sirim.Verification.Pool;

namespace Sirim.Verification.Gates.Pool;

/// <summary>
/// The pool proof: under at least expectedPoolSize concurrent requests (the pool profile), a separate monitoring
/// connection samples pg_stat_activity; the API's connections must reach the expected pool size, with no exhaustion.
/// </summary>
[Gate(LoadGateNames.Pool), Description("Database pool proof"), Order(6)]
public sealed class PoolGateTests : GateTest
{
    private string? _section;
    private string? _notRun;

    [Test, Severity("critical")]
    [Description("the API's pool really opens the expected connections under load, without exhaustion")]
    public async Task Pool_reaches_expected_size_without_exhaustion()
    {
        var o = Suite.Options;
        var profileName = o.Settings.FirstOrDefault(s => s.Definition == Core.Configuration.SettingsCatalog.PoolProfile)?.Value ?? "pool";
        var preparation = LoadGatePlanner.Prepare(o, Suite.RepositoryRoot, profileName);
        if (preparation.NotRunReason is { } reason) Ignore(reason);
        if (!preparation.IsValid)
        {
            AssertOutcomes([LoadPreconditions.PlanInvalid(LoadGateNames.Pool, profileName, preparation.Errors)]);
            return;
        }
        var plan = preparation.Options!;
        var samplerOptions = LoadGateChecks.SamplerOptions(o, plan.Profile.PlannedDuration);
        if (samplerOptions.NotRunReason is { } notRun) Ignore(notRun);
        var sampler = samplerOptions.Options;
        if (sampler is null)
        {
            AssertOutcomes([LoadPreconditions.SamplerNotConfigured(string.Join("; ", samplerOptions.Errors))]);
            return;
        }

        var expected = o.Database.ExpectedPoolSize;
        TestContext.Progress.WriteLine($"[pool] {plan.Profile.Summary}; sampling pg_stat_activity every {sampler.Interval.TotalMilliseconds:0} ms ({sampler.ApplicationNameFilter}), expecting {expected} connections");
        // A live line on the terminal when the suite runs from one; plain lines in CI.
        using var progress = GateProgress.Create(TestContext.Progress);
        // A stopped or timed-out test run stops the load promptly; what was sampled so far is still judged and written.
        var stop = TestContext.CurrentContext.CancellationToken;
        LoadGateResult run;
        try
        {
            run = await Allure.StepAsync($"load with pool sampling: {plan.Profile.Summary}",
                () => LoadGateRunner.RunAsync(o, plan, progress, sampler, stop));
        }
        catch (Exception ex) when (ex is LoadGateException or LoadPlanException)
        {
            AssertOutcomes([LoadPreconditions.NotStarted(LoadGateNames.Pool, profileName, ex.Message)]);
            return;
        }

        var outcomes = LoadGateChecks.Pool(expected).Select(c => c.Evaluate(run)).ToList();
        const string chart = "pool_connections.png", csv = "pool_samples.csv";
        var png = LoadEvidence.PoolChartPng(run, expected);
        Suite.Run.WriteBytes(chart, png);
        Allure.Attach(Suite.Allure.AttachBytes("connections vs concurrency", png, "image/png", "png"));
        var samples = LoadEvidence.PoolSamplesCsv(run);
        Suite.Run.WriteText(csv, samples);
        Allure.Attach(Suite.Allure.AttachText("pg_stat_activity samples (CSV)", samples, "text/csv", "csv"));
        _section = LoadEvidence.PoolSection(run, expected, outcomes, chart, csv);
        Allure.AttachText("pool evidence", _section, "text/markdown", "md");
        foreach (var exchange in run.FailureSamples.Values.SelectMany(v => v).Take(3)) Attach(exchange, $"failed under load: {exchange.Subject}");

        var summary = run.Pool!.Summary;
        Suite.Ledger.AddFigure(LoadGateNames.Pool, new KeyFigure("max connections", $"{summary.MaxTotal} (p95 {summary.P95Total})", $">= {expected}", summary.MaxTotal >= expected));
        Suite.Ledger.AddFigure(LoadGateNames.Pool, new KeyFigure("max requests in flight", run.MaxConcurrentRequests.ToString(), $">= {expected}", run.MaxConcurrentRequests >= expected));
        Suite.Ledger.AddFigure(LoadGateNames.Pool, new KeyFigure("exhaustion signals", run.Signals.Describe(), "none", !run.Signals.Any));
        AssertOutcomes(outcomes);
    }

    private void Ignore(string reason)
    {
        _notRun = reason;
        Assert.Ignore(reason);
    }

    [OneTimeTearDown]
    public void WriteEvidence()
    {
        if (Suite.Loaded.Options is null) return;
        var doc = PoolEvidenceReport.Render(Suite.Options, _notRun, _section);
        Suite.Ledger.AddEvidence(LoadGateNames.Pool, Suite.Run.WriteMarkdown(LoadGateNames.PoolEvidenceFile, doc));
    }
}
