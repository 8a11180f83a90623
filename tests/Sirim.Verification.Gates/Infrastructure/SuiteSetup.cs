using Sirim.Verification.Core;
using Sirim.Verification.Core.Allure;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Findings;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Gates;

using Sirim.Verification.Gates.Infrastructure;

/// <summary>
/// Runs once before and after all gates: loads and validates the configuration (every error at once, before any
/// request), probes the target, prepares the evidence folder and Allure metadata; at the end writes one summary per
/// gate and go_no_go.md.
/// </summary>
[SetUpFixture]
public sealed class SuiteSetup
{
    [OneTimeSetUp]
    public async Task BeforeAllGates()
    {
        var root = RepositoryRoot.TryFind() ?? Directory.GetCurrentDirectory();
        // Every gate's settings are checked here too, before the first request: one report lists every problem.
        var loaded = TargetOptionsLoader.Load(SettingsSource.FromProcess(key => TestContext.Parameters.Get(key), TestContext.Parameters.Names))
            .ValidateGates(GateSettingsValidators.For(root));
        EvidenceRun run;
        string? problem = null;
        // A file of evidence that cannot be written is said on the console at once; the run goes on with the other gates.
        Action<string> warn = line => TestContext.Progress.WriteLine(line);
        if (loaded.Options is { } options)
        {
            run = EvidenceRun.For(options, root, warn);
            // The evidence folder first: a run that cannot keep its evidence sends nothing. The probe's message names
            // the URL, which may carry a credential (userinfo).
            problem = EvidenceRun.FolderProblem(run.Directory);
            if (problem is null && await Reachability.ProbeAsync(options, CancellationToken.None) is { } unreachable) problem = run.Redactor.Text(unreachable);
        }
        else
        {
            var reportsRoot = Environment.GetEnvironmentVariable(SettingsCatalog.ReportsDir.EnvironmentVariable) ?? Path.Combine(root, "reports");
            run = new EvidenceRun(Path.Combine(reportsRoot, "invalid-configuration", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'")),
                "invalid-configuration", "none", loaded.Redactor, warn);
            problem = loaded.ErrorReport;
        }
        var context = new SuiteContext(loaded, run, root, problem);
        SuiteContext.Initialize(context);
        if (loaded.Options is { } bounded && problem is null)
            context.Watchdog = new RunWatchdog(bounded.RunTimeout, bound => StopTheRun(context, bound));

        context.Allure.WriteCategories(AllureWriter.DefaultCategories);
        context.Allure.WriteExecutor(new AllureExecutor(Environment.GetEnvironmentVariable("CI") == "true" ? "CI" : "Sirim.Verification",
            "sirim-verification", run.RunId, ReportName: $"SIRIM verification — {run.Environment}"));
        context.Allure.WriteEnvironment(EnvironmentProperties(context));
        TestContext.Progress.WriteLine($"[suite] evidence: {run.Directory}");
        // The Allure Trend panel: the previous run's report history goes into this run's results before the report is generated.
        if (problem is null && loaded.Options is { } o && PreviousRun(context, o) is { } previous)
        {
            try { TestContext.Progress.WriteLine("[suite] " + FindingsTrend.CopyAllureHistory(previous, run.AllureResultsDirectory)); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { run.Warn($"[suite] Allure history not copied from {previous}: {ex.Message}"); }
        }
        if (problem is not null) TestContext.Progress.WriteLine("[suite] " + problem);
    }

    [OneTimeTearDown]
    public void AfterAllGates()
    {
        var context = SuiteContext.Current;
        // The watchdog fired: it writes the verdict itself and ends the run.
        if (context.Watchdog is { } watchdog && !watchdog.Disarm()) return;
        WriteVerdict(context, null);
    }

    /// <summary>
    /// The run's time bound is spent: the gates still running fail with run_time_bound, go_no_go.md is written with what
    /// ran (the gates not started are NOT RUN), and the test host exits with <see cref="RunWatchdog.ExitCode"/>, which
    /// stops what still runs (Playwright's driver closes the browser when the host is gone).
    /// </summary>
    private static void StopTheRun(SuiteContext context, TimeSpan bound)
    {
        var at = DateTimeOffset.UtcNow;
        var running = context.Ledger.Running;
        var line = $"[suite] run time bound of {bound.TotalSeconds:0} s (runTimeoutSeconds) spent: stopping " +
                   (running.Count == 0 ? "the run" : "the gate(s) still running: " + string.Join(", ", running));
        TestContext.Progress.WriteLine(line);
        // Also on the host's own error stream: the progress channel may not be flushed before the host exits.
        Console.Error.WriteLine(line);
        foreach (var gate in running) context.Ledger.RecordTest(gate, "failed", RunWatchdog.CheckId, RunWatchdog.Failure(gate, bound, at));
        try
        {
            WriteVerdict(context, $"The run was stopped at {at.UtcDateTime:HH:mm:ss'Z'}: its time bound of {bound.TotalSeconds:0} s " +
                                  "(runTimeoutSeconds, SIRIM_RUN_TIMEOUT_SECONDS) was spent. " +
                                  (running.Count == 0 ? "" : $"Still running then (FAIL): {string.Join(", ", running)}. ") +
                                  "Gates that had not started are NOT RUN; the others are shown as they ended.");
        }
        finally
        {
            Environment.Exit(RunWatchdog.ExitCode);
        }
    }

    private static void WriteVerdict(SuiteContext context, string? stopped)
    {
        foreach (var summary in context.Ledger.Summaries())
        {
            // A gate that did not run here may have been recorded for this run by a command (e.g. sirim-verify canary): keep that result.
            var recorded = Path.Combine(context.Run.GatesDirectory, summary.Gate + ".json");
            if (summary.Status == GateStatus.NotRun && summary.Passed + summary.Failed == 0 && File.Exists(recorded)) continue;
            context.Run.RecordGate(summary);
        }
        var gates = context.Run.ReadGates();
        var required = context.Loaded.Options?.RequiredGates ?? TargetOptionsLoader.KnownGates;
        var parameters = ParameterRows(context);
        var findings = gates.SelectMany(g => g.AllFindings).ToList();
        context.Run.WriteText(FindingsTrend.FileName, FindingsTrend.Serialize(findings));
        FindingsTrend? trend = null;
        if (context.Loaded.Options is { } options && PreviousRun(context, options) is { } previous && File.Exists(Path.Combine(previous, FindingsTrend.FileName)))
        {
            try
            {
                trend = FindingsTrend.Compare(Path.GetFileName(previous.TrimEnd(Path.DirectorySeparatorChar)), FindingsTrend.Read(Path.Combine(previous, FindingsTrend.FileName)),
                    findings.Select(FindingRecord.Of).DistinctBy(r => r.Fingerprint).ToList());
            }
            catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
            {
                context.Run.Warn($"[suite] the previous run's {FindingsTrend.FileName} in {previous} cannot be read: {ex.Message}");
            }
        }
        var stale = context.Findings.Stale().Select(d => d.Describe).ToList();
        var doc = GoNoGoReport.Render(context.Run, gates, required, parameters, TargetOptionsLoader.KnownGates, trend, stale);
        if (stopped is not null) doc.Heading("Run stopped").Paragraph(stopped);
        var path = context.Run.WriteMarkdown(GoNoGoReport.FileName, doc);
        var verdict = GoNoGoReport.Decide(gates, required);
        // Step 6 of the release: the post-deploy validations in one document, from the same recorded results.
        context.Run.WriteMarkdown(PostDeployValidationReport.FileName, PostDeployValidationReport.Render(context.Run, gates, PostDeployParameters(context)));
        TestContext.Progress.WriteLine($"[suite] {(verdict.Go ? "GO" : "NO-GO")}: {path}");
        if (trend is not null)
            context.Allure.WriteEnvironment(EnvironmentProperties(context).Concat([("findings.new", trend.New.Count.ToString()),
                ("findings.gone", trend.Gone.Count.ToString()), ("findings.persisting", trend.Persisting.Count.ToString()), ("findings.previous.run", trend.PreviousRun)]));
    }

    /// <summary>The previous run's folder (previousRunDir, else the latest earlier run beside this one), or null.</summary>
    private static string? PreviousRun(SuiteContext context, TargetOptions options)
    {
        var configured = options.Setting(SettingsCatalog.PreviousRunDir);
        return FindingsTrend.FindPreviousRun(context.Run.Directory, configured is null ? null : context.ResolvePath(configured));
    }

    public static IReadOnlyList<(string Key, string Value)> ParameterRows(SuiteContext context) =>
        context.Loaded.Options?.Settings.Select(s => ($"{s.Definition.Key} ({s.Definition.EnvironmentVariable})", $"{s.Display} [{s.Origin}]")).ToList()
        ?? [("configuration", "invalid: " + string.Join("; ", context.Loaded.Errors))];

    public static IReadOnlyList<PostDeployValidationReport.Parameter> PostDeployParameters(SuiteContext context) =>
        context.Loaded.Options?.Settings.Select(s => new PostDeployValidationReport.Parameter(s.Definition.Gate,
            $"{s.Definition.Key} ({s.Definition.EnvironmentVariable})", $"{s.Display} [{s.Origin}]")).ToList()
        ?? [new("all", "configuration", "invalid: " + string.Join("; ", context.Loaded.Errors))];

    private static IEnumerable<(string, string)> EnvironmentProperties(SuiteContext context)
    {
        yield return ("run.id", context.Run.RunId);
        yield return ("environment", context.Run.Environment);
        if (context.Loaded.Options is { } o)
        {
            yield return ("api.url", o.ApiBaseUrl.ToString());
            yield return ("frontend.url", o.FrontendBaseUrl?.ToString() ?? "(not set)");
            yield return ("read.only", o.ReadOnly.ToString());
            yield return ("contract", o.ContractSource);
        }
        yield return ("suite.version", typeof(SuiteSetup).Assembly.GetName().Version?.ToString() ?? "");
        yield return ("dotnet", Environment.Version.ToString());
        yield return ("os", System.Runtime.InteropServices.RuntimeInformation.OSDescription);
    }
}
