using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Browser;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Tests;

/// <summary>The runner without a target: read-only skip; with the real Chromium and a local page (below): retries, flaky reporting, evidence of failure.</summary>
public sealed class FlowRunnerTests
{
    internal sealed class FailsOnceFlow : IFlow
    {
        private int _runs;
        public string Id => "fails_once";
        public string Title => "fails on the first attempt only";
        public bool Mutates => false;
        public int Runs => _runs;

        public async Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f)
        {
            await f.Page.SetContentAsync("<p data-testid=hello>hello</p>");
            await f.StepAsync("first attempt fails", () =>
                Interlocked.Increment(ref _runs) == 1 ? throw new E2EFlowException("first attempt: the element was not there") : Task.CompletedTask);
            return [f.Pass("hello_shown", "hello", Severity.Low)];
        }
    }

    private sealed class WritingFlow : IFlow
    {
        public string Id => "writes";
        public string Title => "writes data";
        public bool Mutates => true;
        public Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f) => throw new InvalidOperationException("must not run in read-only mode");
    }

    internal static (TargetOptions, E2EOptions) Options(int retries, bool readOnly = false)
    {
        var env = new Dictionary<string, string>
        {
            ["SIRIM_API_URL"] = "http://127.0.0.1:9", ["SIRIM_FRONTEND_URL"] = "http://127.0.0.1:9", ["SIRIM_RUN_ID"] = "unit",
            ["SIRIM_E2E_RETRIES"] = retries.ToString(), ["SIRIM_READ_ONLY"] = readOnly ? "true" : "false",
        };
        var target = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null)).Options!;
        return (target, E2EOptions.Load(target).Options!);
    }

    [Test]
    public async Task Read_only_mode_skips_flows_that_write()
    {
        var (target, options) = Options(retries: 0, readOnly: true);
        // No browser is needed to decide the skip.
        var result = await new FlowRunner(null!, target, options, Redactor.None, Path.GetTempPath()).RunAsync(new WritingFlow(), new NullFlowReporter(), CancellationToken.None);
        Assert.That((result.NotRun, result.NotRunReason), Is.EqualTo((true, "read-only mode (readOnly=true): this flow creates data")));
    }
}

/// <summary>
/// The runner with the real Chromium and a local page (no target): a flow that passes only on its retry. It borrows
/// the reference fixture's Chromium (a browser launch costs more than the test) and does not touch the target.
/// </summary>
public sealed partial class E2EGateAgainstReferenceTests
{
    [Test]
    public async Task A_flow_that_passes_only_on_retry_is_reported_flaky_with_the_first_attempt_kept()
    {
        var (target, options) = FlowRunnerTests.Options(retries: 1);
        if (options.ChromiumProblem() is { } problem) Assert.Ignore(problem);
        var traces = Path.Combine(Path.GetTempPath(), "sirim-e2e-runner-" + Guid.NewGuid().ToString("N")[..8]);
        var browser = await Gate.BrowserAsync(options);
        try
        {
            var flow = new FlowRunnerTests.FailsOnceFlow();
            var result = await new FlowRunner(browser, target, options, Redactor.None, traces).RunAsync(flow, new NullFlowReporter(), CancellationToken.None);
            Assert.Multiple(() =>
            {
                Assert.That((result.Passed, result.Flaky, result.Attempts.Count, flow.Runs), Is.EqualTo((true, true, 2, 2)));
                var first = result.Attempts[0];
                Assert.That(first.Outcomes.Where(o => o.Failed).Select(o => o.CheckId), Is.EqualTo(new[] { FlowRunner.FlowCompletes }));
                Assert.That(first.Outcomes.Single(o => o.Failed).Actual, Is.EqualTo("first attempt: the element was not there"));
                Assert.That(File.Exists(first.TracePath), Is.True, "the failed attempt's trace is kept");
                Assert.That(first.Failure?.Screenshot, Is.Not.Null.And.Not.Empty);
                Assert.That(first.Failure?.Html, Does.Contain("data-testid=\"hello\""));
                Assert.That(result.Attempts[1].Failure, Is.Null);
            });
        }
        finally { Directory.Delete(traces, recursive: true); }
    }
}
