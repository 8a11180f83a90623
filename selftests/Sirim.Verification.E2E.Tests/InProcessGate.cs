using System.Text.RegularExpressions;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Releases;
using Sirim.Verification.E2E.Browser;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.Flows;
using Sirim.Verification.E2E.Integrity;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.E2E.Tests;

/// <summary>What one gate test concluded in process: the rendered failure (empty when it passed) and the flow's result (null for the integrity check).</summary>
public sealed record InProcessResult(string Message, FlowResult? Flow);

/// <summary>
/// The E2E and integrity gate tests run in process against one fixture's reference deployment, as the gates project
/// runs them: the same settings (the deployment's environment over runsettings/reference.runsettings), one Chromium for
/// the fixture (launched at its first flow, closed at the end), a fresh browser context per flow attempt, the outcomes
/// rendered by the shared FailureRenderer with the run's redactor. Create it in the fixture's [OneTimeSetUp], dispose
/// it in its [OneTimeTearDown].
/// </summary>
public sealed partial class InProcessGate(ReferenceFixture reference) : IAsyncDisposable
{
    public static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);
    private BrowserSession? _browser;

    /// <summary>The fixture's temp folder (traces of the flows run here); deleted at the end.</summary>
    public string Work { get; } = Directory.CreateTempSubdirectory("sirim-e2e-selftest-").FullName;

    /// <summary>The fixture's Chromium, launched at the first call.</summary>
    public async Task<BrowserSession> BrowserAsync(E2EOptions options) => _browser ??= await BrowserSession.LaunchAsync(options, LaunchTimeout);

    /// <summary>
    /// Runs the gate test <paramref name="test"/> (a flow id, or the integrity check) in process against the target
    /// with <paramref name="defect"/> switched on (null: clean).
    /// </summary>
    public async Task<InProcessResult> RunAsync(string? defect, string test, IReadOnlyDictionary<string, string>? overrides = null, bool https = false)
    {
        await reference.UseDefectAsync(defect, https);
        var env = new Dictionary<string, string>(reference.Environment)
        {
            ["SIRIM_RUN_ID"] = "selftest-" + Guid.NewGuid().ToString("N")[..8],
            ["SIRIM_REPO_ROOT"] = Core.RepositoryRoot.Find(),
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string>()) env[k] = v;
        var loaded = ReferenceSettings.Load(env);
        var (options, errors) = E2EOptions.Load(loaded.Options!);
        Assert.That(errors, Is.Empty, "the E2E settings of the reference deployment are valid");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        if (test == "Deployed_frontend_matches_the_release_manifest")
        {
            var manifest = FrontendManifest.Load(Path.Combine(Core.RepositoryRoot.Find(), options!.FrontendManifest!), options.RuntimeFiles);
            using var http = DeployedFrontend.CreateClient(loaded.Options!.RequestTimeout, loaded.Options.TlsSkipVerify);
            var deployed = await new DeployedFrontend(http).DownloadAsync(options.FrontendBaseUrl, manifest, options.RuntimeFiles, timeout.Token);
            var rows = IntegrityComparison.Compare(manifest, deployed, options.RuntimeFiles);
            return new InProcessResult(FailureRenderer.RenderAll(FrontendFilesIntegrity.Evaluate(options.FrontendBaseUrl.ToString(), rows).ToList(), loaded.Redactor), null);
        }
        var browser = await BrowserAsync(options!);
        var flow = E2EFlows.All().Single(f => f.Id == test);
        var runner = new FlowRunner(browser, loaded.Options!, options!, loaded.Redactor, Path.Combine(Work, "traces"));
        var result = await runner.RunAsync(flow, new NullFlowReporter(), timeout.Token);
        return new InProcessResult(FailureRenderer.RenderAll(result.Final.Outcomes, loaded.Redactor), result);
    }

    /// <summary>
    /// The seeded defect <paramref name="defect"/> fails the gate test <paramref name="test"/> with exactly
    /// <paramref name="expectedChecks"/>, the message carries <paramref name="detail"/>, Expected and Hint, and a failed
    /// flow carries its trace, screenshot, HTML and console log.
    /// </summary>
    public async Task AssertCaughtAsync(string defect, string test, string[] expectedChecks, string detail)
    {
        // Where the UI cannot go on, the step fails only after the action timeout: 3 s (the setting) proves the same as the default 10 s.
        var overrides = expectedChecks.Contains("flow_step_completes")
            ? new Dictionary<string, string> { ["SIRIM_E2E_ACTION_TIMEOUT_SECONDS"] = "3" }
            : null;
        var run = await RunAsync(defect, test, overrides);
        Assert.Multiple(() =>
        {
            Assert.That(run.Message, Is.Not.Empty, "the gate test fails");
            Assert.That(FailedChecks(run.Message), Is.EqualTo(expectedChecks.Order().ToArray()),
                "the failing checks are exactly the defect's own (and, where the UI cannot go on, the step it stopped at):\n" + run.Message);
            Assert.That(run.Message, Does.Contain(detail).And.Contain("Expected:").And.Contain("Hint:"));
        });
        if (run.Flow is { } flow)
        {
            // What the gate attaches to a failed flow's result: its trace, a screenshot, the page's HTML and the console log.
            var failed = flow.Attempts.Where(a => !a.Passed).ToList();
            Assert.That(failed, Is.Not.Empty);
            Assert.That(failed.Select(a => (File.Exists(a.TracePath), a.Failure?.Screenshot is { Length: > 0 }, a.Failure?.Html is { Length: > 0 }, a.ConsoleLog is not null)),
                Is.All.EqualTo((true, true, true, true)), "a failed flow carries its trace, screenshot, HTML and console log");
        }
    }

    /// <summary>The check ids a failure message names ("[e2e] no_page_errors: …").</summary>
    public static IReadOnlyList<string> FailedChecks(SuiteTestResult r) => FailedChecks(r.Message);

    public static IReadOnlyList<string> FailedChecks(string? message) =>
        CheckIdPattern().Matches(message ?? "").Select(m => m.Groups[1].Value).Distinct().Order().ToList();

    [GeneratedRegex(@"\[(?:e2e|integrity)\] ([a-z_]+):")]
    private static partial Regex CheckIdPattern();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        if (Directory.Exists(Work)) Directory.Delete(Work, recursive: true);
    }
}

/// <summary>A test class against the reference target with an <see cref="InProcessGate"/> on its deployment, for the fixture's life.</summary>
public abstract class AgainstReferenceWithInProcessGate : AgainstReferenceTarget
{
    protected InProcessGate Gate { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartGate() => Gate = new InProcessGate(Reference);

    [OneTimeTearDown]
    public async Task CloseGate()
    {
        if (Gate is not null) await Gate.DisposeAsync();
    }
}
