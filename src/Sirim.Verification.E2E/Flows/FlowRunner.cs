using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Api;
using Sirim.Verification.E2E.Browser;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// Runs a flow: one fresh browser context per attempt, tracing on, the recorder listening; after the steps the guards
/// judge what the browser reported. On failure it keeps a screenshot, the page's HTML and the console log, and retries
/// up to <see cref="E2EOptions.Retries"/> times. After every attempt of a flow that writes, even after a failure, the
/// Core cleanup removes what it created (tracked from the API's answers and the page, and found by the run's tag in the
/// gastos lists), reads each one back, compares the lists before and after, and judges <c>test_data_cleaned_up</c>
/// over all attempts so far: data left behind fails the flow and is named with how to remove it. Last,
/// <c>target_stayed_up</c> judges every API call of the attempt (<see cref="FlowTargetStayedUp"/>): when the API went
/// down mid-flow the failure names the moment, and the flow is not retried (each step of a retry would only wait out its
/// action timeout against a target that is gone).
/// </summary>
public sealed class FlowRunner(BrowserSession browser, TargetOptions target, E2EOptions options, Redactor redactor, string traceDirectory)
{
    /// <summary>Upper bound of one attempt: a hung page cannot stall the run.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(90);

    public const string FlowCompletes = "flow_step_completes";

    public async Task<FlowResult> RunAsync(IFlow flow, IFlowReporter reporter, CancellationToken ct)
    {
        if (flow.Mutates && options.ReadOnly)
            return FlowResult.Skipped(flow, "read-only mode (readOnly=true): this flow creates data");
        var attempts = new List<FlowAttempt>();
        var cleanups = new List<CleanupAccount>();
        for (var n = 1; n <= options.Retries + 1; n++)
        {
            var attempt = await RunAttemptAsync(flow, n, reporter, cleanups, ct).ConfigureAwait(false);
            attempts.Add(attempt);
            // A retry against a target that went down would only wait out its timeouts again.
            if (attempt.Passed || attempt.TargetWentDown) break;
        }
        return new FlowResult(flow.Id, flow.Title, attempts, cleanups);
    }

    private async Task<FlowAttempt> RunAttemptAsync(IFlow flow, int number, IFlowReporter reporter, List<CleanupAccount> cleanups, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var phases = new List<PhaseTiming>();
        var phaseStart = TimeSpan.Zero;
        void Phase(string name) { phases.Add(new PhaseTiming(name, (watch.Elapsed - phaseStart).TotalMilliseconds)); phaseStart = watch.Elapsed; }
        var recorder = new FlowRecorder(flow.Id, options);
        using var client = new ExchangeClient(options.RequestTimeout, target.TlsSkipVerify);
        var api = new E2EApi(target, client, options.PageMap.Api, flow.Id, options.DataTag);
        // The gastos lists before the first write: whatever is new afterwards (tagged or not) is named if it stays.
        var before = flow.Mutates ? await api.InventoryAsync(ct).ConfigureAwait(false) : null;
        var context = await browser.NewContextAsync(options).ConfigureAwait(false);
        context.SetDefaultTimeout((float)options.ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)options.ActionTimeout.TotalMilliseconds * 2);
        await recorder.AttachAsync(context).ConfigureAwait(false);
        await context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true, Title = $"{flow.Id} (attempt {number})" }).ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(AttemptTimeout);
        Phase("context");
        var flowContext = new FlowContext(flow, page, target, options, api, recorder, reporter, timeout.Token);

        var outcomes = new List<CheckOutcome>();
        string? tracePath = null;
        FailureCapture? failure = null;
        try
        {
            try
            {
                outcomes.AddRange(await flow.RunAsync(flowContext).WaitAsync(timeout.Token).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException or E2EFlowException or OperationCanceledException)
            {
                outcomes.Add(StepFailed(flow, flowContext.CurrentStep, ex, options.PageMap));
            }
            Phase("steps");
            // What the page created and the flow did not get to read off the page (it stopped first): tracked for the cleanup.
            foreach (var (url, answer) in await recorder.CreatedAnswersAsync().ConfigureAwait(false)) api.TrackCreatedByPage(url, answer);
            // Let late console messages and responses of the last step arrive before the guards judge them.
            await page.WaitForLoadStateAsync(LoadState.Load).ConfigureAwait(false);
            outcomes.AddRange(FlowGuards.Evaluate(recorder.Observation()));
            if (outcomes.Any(o => o.Failed)) failure = await CaptureAsync(page).ConfigureAwait(false);
            Phase("guards");
        }
        finally
        {
            tracePath = await StopTraceAsync(context, flow, number).ConfigureAwait(false);
            Phase("trace");
            try { await context.CloseAsync().ConfigureAwait(false); } catch (PlaywrightException) { }
            if (before is not null)
            {
                cleanups.Add(await api.CleanUpAsync(before, options.CleanupMaxAttempts, CancellationToken.None).ConfigureAwait(false));
                // Over every attempt so far: a retry that passes does not hide what an earlier attempt left behind.
                outcomes.Add(CleanupAccount.Combine(E2EGate.Name, options.DataTag, cleanups).Judge());
            }
            Phase("close and cleanup");
            // Over every API call of the attempt, the cleanup's included: did the API answer until the last one?
            List<HttpExchange> suiteCalls;
            lock (api.Exchanges) suiteCalls = [.. api.Exchanges];
            outcomes.Add(FlowTargetStayedUp.Evaluate(recorder.Observation(), recorder.StartedAt, suiteCalls));
        }
        var observation = recorder.Observation();
        return new FlowAttempt(number, outcomes, observation, watch.Elapsed, tracePath, failure, ConsoleLog(observation), phases);
    }

    /// <param name="map">The page map: the roles whose selectors the message names are added to the hint (null: none).</param>
    public static CheckOutcome StepFailed(IFlow flow, string step, Exception ex, E2EPageMap? map = null)
    {
        var message = ex is OperationCanceledException
            ? $"the flow did not finish within {AttemptTimeout.TotalSeconds:0} s"
            : ex.Message.Trim();
        // Playwright's messages carry a call log (what it waited for, what it saw): keep it, it is the best hint.
        if (message.Length > 1500) message = message[..1500] + " …";
        var hint = "The UI did not reach the state this step waits for: see the screenshot, the page HTML and the trace (steps, DOM snapshots, network).";
        if (map is not null && RolesIn(message, map) is { Count: > 0 } roles)
            hint += $" The call log names the page map's {string.Join(", ", roles.Select(map.Describe))} ({map.Source}): " +
                    "if the frontend marks these elements otherwise, the map needs the new selectors, not the code.";
        return CheckOutcome.Fail(E2EGate.Name, FlowCompletes, $"flow {flow.Id}: step '{step}'", Severity.High,
            $"step '{step}' completes", message, hint);
    }

    /// <summary>The roles whose selector <paramref name="message"/> quotes (Playwright's call log quotes each locator's selector).</summary>
    public static IReadOnlyList<string> RolesIn(string message, E2EPageMap map) =>
        map.Selectors.Where(r => message.Contains($"\"{r.Value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"", StringComparison.Ordinal) ||
                                 message.Contains($"'{r.Value}'", StringComparison.Ordinal))
            .Select(r => r.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();

    private async Task<FailureCapture> CaptureAsync(IPage page)
    {
        byte[]? png = null;
        string? html = null;
        try { png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Timeout = 5000 }).ConfigureAwait(false); }
        catch (PlaywrightException) { }
        try { html = redactor.Text(await page.ContentAsync().ConfigureAwait(false)); }
        catch (PlaywrightException) { }
        return new FailureCapture(png, html);
    }

    private async Task<string?> StopTraceAsync(IBrowserContext context, IFlow flow, int number)
    {
        Directory.CreateDirectory(traceDirectory);
        var path = Path.Combine(traceDirectory, $"{flow.Id}-attempt{number}.zip");
        try
        {
            await context.Tracing.StopAsync(new TracingStopOptions { Path = path }).ConfigureAwait(false);
            TraceRedactor.Redact(path, redactor);
            return path;
        }
        catch (PlaywrightException)
        {
            return null;
        }
    }

    public static string ConsoleLog(FlowObservation o)
    {
        var sb = new StringBuilder();
        sb.Append("# console (").Append(o.Console.Count).Append(")\n");
        foreach (var c in o.Console) sb.Append($"[{c.At.TotalSeconds,7:0.000}s] {c.Type,-7} {c.Text}{(c.Location is null ? "" : "  @ " + c.Location)}\n");
        sb.Append("\n# uncaught page errors (").Append(o.PageErrors.Count).Append(")\n");
        foreach (var e in o.PageErrors) sb.Append($"[{e.At.TotalSeconds,7:0.000}s] {e.Stack ?? e.Message}\n");
        sb.Append("\n# CSP violations (").Append(o.CspViolations.Count).Append(")\n");
        foreach (var v in o.CspViolations) sb.Append($"[{v.At.TotalSeconds,7:0.000}s] {v.Directive} blocked {v.BlockedUri} ({v.SourceFile})\n");
        sb.Append("\n# requests without a response (").Append(o.FailedRequests.Count).Append(")\n");
        foreach (var f in o.FailedRequests) sb.Append($"[{f.At.TotalSeconds,7:0.000}s] {f.Method} {f.Url} ({f.ResourceType}): {f.Failure}\n");
        sb.Append("\n# requests (").Append(o.ApiCalls.Count).Append(")\n");
        foreach (var c in o.ApiCalls)
            sb.Append($"[{c.At.TotalSeconds,7:0.000}s] {c.Status?.ToString() ?? "---"} {c.Method} {c.Url} ({c.ResourceType}{(c.DurationMs is { } ms ? $", {ms:0} ms" : "")})\n");
        return sb.ToString();
    }
}
