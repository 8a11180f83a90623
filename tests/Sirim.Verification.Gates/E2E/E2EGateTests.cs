using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.E2E;
using Sirim.Verification.E2E.Browser;
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
            _setupProblem = "[e2e] browser_launches: Chromium\nExpected: a headless Chromium for the flows\nActual:   " + ex.Message;
        }
    }

    [TestCaseSource(nameof(Flows)), Severity("critical")]
    public async Task Flow(string flowId)
    {
        if (_setupProblem is not null) Assert.Fail(_setupProblem);
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
        Allure.AttachText("API calls" + label, ApiCallList(attempt.Observation), "text/plain", "txt");
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

    public static string ApiCallList(FlowObservation o) =>
        string.Join("\n", o.ApiCalls.Where(c => c.ResourceType is "fetch" or "xhr")
            .Select(c => $"{c.Status?.ToString() ?? "---"} {c.Method} {c.Url}{(c.DurationMs is { } ms ? $" ({ms:0} ms)" : "")}"));

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
        var o = _options!;
        var ran = _results.Where(r => !r.NotRun).ToList();
        var total = ran.Aggregate(TimeSpan.Zero, (t, r) => t + r.Elapsed);
        Suite.Ledger.AddFigure(E2EGate.Name, new KeyFigure("flows passed", $"{ran.Count(r => r.Passed)}/{ran.Count}", $"{ran.Count}/{ran.Count}", ran.All(r => r.Passed)));
        Suite.Ledger.AddFigure(E2EGate.Name, new KeyFigure("flaky flows (passed on retry)", ran.Count(r => r.Flaky).ToString(), "0", ran.All(r => !r.Flaky)));
        Suite.Ledger.AddFigure(E2EGate.Name, new KeyFigure("all flows duration", $"{total.TotalSeconds:0.0} s", "60 s (benchmark)", null));

        var doc = new MarkdownDocument($"E2E results — {Suite.Options.Environment}")
            .Paragraph("User flows through the deployed frontend against the deployed API, in a real Chromium (one browser per run, one fresh context per flow). " +
                       "Every flow is also judged by the guards: no console errors, no uncaught page errors, no CSP violation, no request without a response, " +
                       "every API call to the configured API origin with 2xx/3xx (or the status its step expects).")
            .Heading("Parameters")
            .KeyValues([("frontend", o.FrontendBaseUrl.ToString()), ("API origin (expected for every call)", o.ApiOrigin),
                ("browser", $"Chromium {_browser?.Version ?? "(not started)"} at {o.ChromiumPath}, headless"),
                ("retries", o.Retries.ToString()), ("action timeout", $"{o.ActionTimeout.TotalSeconds:0} s"),
                ("expected version", o.ExpectedVersion ?? "(not set: recorded only)"), ("data tag", o.DataTag),
                ("read-only", o.ReadOnly.ToString()), ("target stayed up", E2EOutageEvidence.Summary(_results)),
                ("page map (selectors, token storage, formats, test data, routes)",
                    $"{o.PageMap.Source}; token in {o.PageMap.Token}; locale {o.PageMap.Format.Locale}, {o.PageMap.Format.TimeZone}")])
            .Heading("Flows")
            .Table(["flow", "result", "attempts", "duration", "where the time went", "API calls", "trace"], _results.Select(r => (IReadOnlyList<string>)
            [
                $"{r.Flow}: {r.Title}",
                r.NotRun ? "NOT RUN" : r.Flaky ? "FLAKY (passed on retry)" : r.Passed ? "PASS" : "FAIL",
                r.Attempts.Count.ToString(), $"{r.Elapsed.TotalSeconds:0.0} s", r.NotRun ? "" : r.Final.PhaseSummary,
                r.NotRun ? "" : r.Final.Observation.ApiCalls.Count(c => c.ResourceType is "fetch" or "xhr").ToString(),
                r.NotRun ? r.NotRunReason! : string.Join(", ", r.Attempts.Select(a => a.TracePath is null ? "(none)" : Path.GetRelativePath(Suite.Run.Directory, a.TracePath))),
            ]))
            .Paragraph($"All flows: {total.TotalSeconds:0.0} s (budget on the reference target: under 60 s; measured by scripts/benchmark-e2e.sh). " +
                       "Open a trace with `npx playwright show-trace <file>` or in the Allure report.");

        E2EOutageEvidence.Render(doc, _results, Suite.Redactor);
        var failed = _results.Where(r => !r.NotRun).SelectMany(r => r.Attempts.Where(a => !a.Passed).Select(a => (r.Flow, a))).ToList();
        if (failed.Count > 0)
        {
            doc.Heading("Failures");
            foreach (var (flow, attempt) in failed)
                doc.Heading($"{flow}, attempt {attempt.Number}", 3).Code(FailureRenderer.RenderAll(attempt.Outcomes, Suite.Redactor));
        }
        doc.Heading("API calls of each flow");
        foreach (var r in _results.Where(r => !r.NotRun))
            doc.Heading(r.Flow, 3).Code(ApiCallList(r.Final.Observation) is { Length: > 0 } calls ? calls : "(no API calls)");
        // Per gasto: which flow (API request or UI step) created it, deleted or not, how verified; the inventory's verdict.
        var cleanups = _results.SelectMany(r => r.Cleanups).ToList();
        if (cleanups.Count == 0)
            doc.Heading("Data created by the flows and its removal").Paragraph(o.ReadOnly ? "Read-only mode: no flow wrote anything." : "No flow that writes ran.");
        else
            CleanupAccount.Combine(E2EGate.Name, o.DataTag, cleanups).Render(doc, Suite.Redactor, "Data created by the flows and its removal");
        Suite.Ledger.AddEvidence(E2EGate.Name, Suite.Run.WriteMarkdown(E2EGate.EvidenceFile, doc));
    }
}
