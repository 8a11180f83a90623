using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.E2E;
using Sirim.Verification.E2E.Browser;
using Sirim.Verification.E2E.Evidence;
using Sirim.Verification.E2E.Flows;
using Sirim.Verification.Gates.Infrastructure;

namespace Sirim.Verification.Gates.E2E;

/// <summary>
/// The E2E gate: user flows through the deployed frontend against the deployed API in Chromium (one browser per run,
/// one context per flow). Besides its own steps every flow is judged by the guards: no console or page errors, no CSP
/// violation, no request without a response, every API call to the configured API origin with an expected status.
/// </summary>
[Gate(E2EGate.Name), Description("Browser flows through the real frontend"), Order(4)]
public sealed class E2EGateTests : GateTest
{
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);

    private readonly List<FlowResult> _results = [];
    private BrowserSession? _browser;
    private E2EOptions? _options;
    private string? _setupProblem;
    private CheckOutcome? _launchFailure;

    public static IEnumerable<TestCaseData> Flows() =>
        E2EFlows.All().Select(f => new TestCaseData(f.Id).SetName(f.Id).SetDescription(f.Title));

    [OneTimeSetUp]
    public async Task LaunchBrowser()
    {
        if (Suite.PreflightProblem is not null || Suite.Loaded.Options is null) return;
        var (options, errors) = E2EOptions.Load(Suite.Options);
        if (options is null)
        {
            _setupProblem = Suite.Redactor.Text("The E2E gate cannot run: " + string.Join(" ", errors));
            return;
        }
        _options = options;
        try
        {
            _browser = await BrowserSession.LaunchAsync(options, LaunchTimeout);
            TestContext.Progress.WriteLine($"[e2e] Chromium {_browser.Version} at {options.ChromiumPath}");
        }
        catch (E2ESetupException ex)
        {
            _launchFailure = E2EResultsReport.BrowserDidNotLaunch(ex.Message);
        }
    }

    [TestCaseSource(nameof(Flows)), Severity("critical")]
    public async Task Flow(string flowId)
    {
        if (_setupProblem is not null) Assert.Fail(_setupProblem);
        if (_launchFailure is not null)
        {
            AssertOutcomes([_launchFailure]);
            return;
        }
        var flow = E2EFlows.All().Single(f => f.Id == flowId);
        var runner = new FlowRunner(_browser!, Suite.Options, _options!, Suite.Redactor, TraceDirectory);
        var result = await runner.RunAsync(flow, new AllureFlowReporter(Allure), CancellationToken.None);
        lock (_results) _results.Add(result);
        foreach (var a in result.Attempts) TestContext.Progress.WriteLine($"[e2e] {flow.Id} attempt {a.Number}: {(a.Passed ? "pass" : "FAIL")} in {a.Elapsed.TotalSeconds:0.0} s ({a.PhaseSummary})");
        if (result.NotRun) Assert.Ignore("NOT RUN: " + result.NotRunReason);

        Allure.Parameter("attempts", result.Attempts.Count.ToString());
        foreach (var attempt in result.Attempts) AttachAttempt(result, attempt);
        if (flow is VersionFlow v && v.Shown is { } shown)
            Suite.Ledger.AddFigure(E2EGate.Name, new KeyFigure("frontend version", shown, _options!.ExpectedVersion ?? "(recorded only)",
                _options.ExpectedVersion is null ? null : shown == _options.ExpectedVersion));
        if (result.Flaky)
        {
            Flaky = true;
            TestContext.Progress.WriteLine($"[e2e] FLAKY: {flow.Id} failed on attempt 1 and passed on attempt {result.Attempts.Count}");
        }
        AssertOutcomes(result.Final.Outcomes);
    }

    private string TraceDirectory => Path.Combine(Suite.Run.Directory, "e2e", "traces");

    private void AttachAttempt(FlowResult result, FlowAttempt attempt)
    {
        var label = result.Attempts.Count > 1 ? $" (attempt {attempt.Number})" : "";
        Allure.AttachText("API calls" + label, E2EResultsReport.ApiCallList(attempt.Observation), "text/plain", "txt");
        // Traces of failed attempts (also those a retry made up for) are attached; every trace stays in the evidence folder.
        if (!attempt.Passed)
        {
            if (attempt.TracePath is { } trace)
                Allure.Attach(Allure.Writer.AttachBytes("Playwright trace" + label, File.ReadAllBytes(trace), E2EGate.PlaywrightTraceMime, "zip"));
            if (attempt.Failure?.Screenshot is { } png) Allure.Attach(Allure.Writer.AttachBytes("screenshot at failure" + label, png, "image/png", "png"));
            if (attempt.Failure?.Html is { } html) Allure.AttachText("page HTML at failure" + label, html, "text/html", "html");
            Allure.AttachText("console log" + label, attempt.ConsoleLog);
        }
    }

    [OneTimeTearDown]
    public async Task WriteEvidenceAndClose()
    {
        try
        {
            if (Suite.Loaded.Options is not null && _options is not null) WriteEvidence();
        }
        finally
        {
            if (_browser is not null) await _browser.DisposeAsync();
        }
    }

    private void WriteEvidence()
    {
        foreach (var figure in E2EResultsReport.Figures(_results)) Suite.Ledger.AddFigure(E2EGate.Name, figure);
        var doc = E2EResultsReport.Render(_options!, Suite.Options.Environment, _browser?.Version, _results, Suite.Run.Directory, Suite.Redactor);
        Suite.Ledger.AddEvidence(E2EGate.Name, Suite.Run.WriteMarkdown(E2EGate.EvidenceFile, doc));
    }
}
