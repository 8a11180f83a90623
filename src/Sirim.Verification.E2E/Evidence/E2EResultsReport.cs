using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Evidence;

/// <summary>
/// Renders <c>e2e_results.md</c>: the parameters of the browser run, one row per flow (result, attempts, where the time
/// went, traces), every failed attempt in the standard failure shape, the API calls of each flow and the account of the
/// data the flows created and removed.
/// </summary>
public static class E2EResultsReport
{
    /// <summary>The fetch/XHR calls a flow made, one per line: status, method, URL and duration.</summary>
    public static string ApiCallList(FlowObservation o) =>
        string.Join("\n", o.ApiCalls.Where(c => c.ResourceType is "fetch" or "xhr")
            .Select(c => $"{c.Status?.ToString() ?? "---"} {c.Method} {c.Url}{(c.DurationMs is { } ms ? $" ({ms:0} ms)" : "")}"));

    /// <summary>The gate's key figures: flows passed, flaky flows, the duration of all flows.</summary>
    public static IReadOnlyList<KeyFigure> Figures(IReadOnlyList<FlowResult> results)
    {
        var ran = results.Where(r => !r.NotRun).ToList();
        var total = ran.Aggregate(TimeSpan.Zero, (t, r) => t + r.Elapsed);
        return
        [
            new KeyFigure("flows passed", $"{ran.Count(r => r.Passed)}/{ran.Count}", $"{ran.Count}/{ran.Count}", ran.All(r => r.Passed)),
            new KeyFigure("flaky flows (passed on retry)", ran.Count(r => r.Flaky).ToString(), "0", ran.All(r => !r.Flaky)),
            new KeyFigure("all flows duration", $"{total.TotalSeconds:0.0} s", "60 s (benchmark)", null),
        ];
    }

    /// <param name="browserVersion">Chromium's version, or null when the browser did not start.</param>
    /// <param name="runDirectory">The run's evidence folder: trace paths are shown relative to it.</param>
    public static MarkdownDocument Render(E2EOptions o, string environment, string? browserVersion, IReadOnlyList<FlowResult> results,
        string runDirectory, Redactor redactor)
    {
        var ran = results.Where(r => !r.NotRun).ToList();
        var total = ran.Aggregate(TimeSpan.Zero, (t, r) => t + r.Elapsed);
        var doc = new MarkdownDocument($"E2E results — {environment}")
            .Paragraph("User flows through the deployed frontend against the deployed API, in a real Chromium (one browser per run, one fresh context per flow). " +
                       "Every flow is also judged by the guards: no console errors, no uncaught page errors, no CSP violation, no request without a response, " +
                       "every API call to the configured API origin with 2xx/3xx (or the status its step expects).")
            .Heading("Parameters")
            .KeyValues([("frontend", o.FrontendBaseUrl.ToString()), ("API origin (expected for every call)", o.ApiOrigin),
                ("browser", $"Chromium {browserVersion ?? "(not started)"} at {o.ChromiumPath}, headless"),
                ("retries", o.Retries.ToString()), ("action timeout", $"{o.ActionTimeout.TotalSeconds:0} s"),
                ("expected version", o.ExpectedVersion ?? "(not set: recorded only)"), ("data tag", o.DataTag),
                ("read-only", o.ReadOnly.ToString()), ("target stayed up", E2EOutageEvidence.Summary(results)),
                ("page map (selectors, token storage, formats, test data, routes)",
                    $"{o.PageMap.Source}; token in {o.PageMap.Token}; locale {o.PageMap.Format.Locale}, {o.PageMap.Format.TimeZone}")])
            .Heading("Flows")
            .Table(["flow", "result", "attempts", "duration", "where the time went", "API calls", "trace"], results.Select(r => (IReadOnlyList<string>)
            [
                $"{r.Flow}: {r.Title}",
                r.NotRun ? "NOT RUN" : r.Flaky ? "FLAKY (passed on retry)" : r.Passed ? "PASS" : "FAIL",
                r.Attempts.Count.ToString(), $"{r.Elapsed.TotalSeconds:0.0} s", r.NotRun ? "" : r.Final.PhaseSummary,
                r.NotRun ? "" : r.Final.Observation.ApiCalls.Count(c => c.ResourceType is "fetch" or "xhr").ToString(),
                r.NotRun ? r.NotRunReason! : string.Join(", ", r.Attempts.Select(a => a.TracePath is null ? "(none)" : Path.GetRelativePath(runDirectory, a.TracePath))),
            ]))
            .Paragraph($"All flows: {total.TotalSeconds:0.0} s (budget on the reference target: under 60 s; measured by scripts/benchmark-e2e.sh). " +
                       "Open a trace with `npx playwright show-trace <file>` or in the Allure report.");

        E2EOutageEvidence.Render(doc, results, redactor);
        var failed = results.Where(r => !r.NotRun).SelectMany(r => r.Attempts.Where(a => !a.Passed).Select(a => (r.Flow, a))).ToList();
        if (failed.Count > 0)
        {
            doc.Heading("Failures");
            foreach (var (flow, attempt) in failed)
                doc.Heading($"{flow}, attempt {attempt.Number}", 3).Code(FailureRenderer.RenderAll(attempt.Outcomes, redactor));
        }
        doc.Heading("API calls of each flow");
        foreach (var r in results.Where(r => !r.NotRun))
            doc.Heading(r.Flow, 3).Code(ApiCallList(r.Final.Observation) is { Length: > 0 } calls ? calls : "(no API calls)");
        // Per gasto: which flow (API request or UI step) created it, deleted or not, how verified; the inventory's verdict.
        var cleanups = results.SelectMany(r => r.Cleanups).ToList();
        if (cleanups.Count == 0)
            doc.Heading("Data created by the flows and its removal").Paragraph(o.ReadOnly ? "Read-only mode: no flow wrote anything." : "No flow that writes ran.");
        else
            CleanupAccount.Combine(E2EGate.Name, o.DataTag, cleanups).Render(doc, redactor, "Data created by the flows and its removal");
        return doc;
    }

    /// <summary>The failure when Chromium cannot be started: every flow fails with it, nothing is sent.</summary>
    public static CheckOutcome BrowserDidNotLaunch(string problem) =>
        CheckOutcome.Fail(E2EGate.Name, "browser_launches", "Chromium", Severity.Critical, "a headless Chromium for the flows", problem,
            "Install Chromium (apt-get install chromium) or set chromiumPath (SIRIM_CHROMIUM_PATH) to its executable.");
}
