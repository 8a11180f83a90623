using Sirim.Verification.Core.Releases;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Evidence;
using Sirim.Verification.E2E.Flows;
using Sirim.Verification.E2E.Integrity;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The E2E gate's evidence (e2e_results.md, integridad_frontend_release.md) and its browser-launch failure, rendered by
/// the library from flow results and file comparisons, without a browser.
/// </summary>
public sealed class EvidenceReportTests
{
    private static E2EOptions Options(params (string Name, string Value)[] settings)
    {
        var env = new Dictionary<string, string>
        {
            ["SIRIM_API_URL"] = "http://127.0.0.1:5080", ["SIRIM_FRONTEND_URL"] = "http://127.0.0.1:5081", ["SIRIM_RUN_ID"] = "r1",
        };
        foreach (var (name, value) in settings) env[name] = value;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        var (options, errors) = E2EOptions.Load(loaded.Options ?? throw new InvalidOperationException(loaded.ErrorReport));
        Assert.That(errors, Is.Empty);
        return options!;
    }

    private static FlowObservation Observed(string flow, params ApiCall[] calls) =>
        FlowObservation.Empty(flow, "http://127.0.0.1:5080", "http://127.0.0.1:5081") with { ApiCalls = calls };

    private static FlowAttempt Attempt(int number, string flow, bool passed, string? trace, params ApiCall[] calls) => new(number,
        [passed ? CheckOutcome.Pass(E2EGate.Name, "login_valid", "login", Severity.High)
                : CheckOutcome.Fail(E2EGate.Name, "login_valid", "login", Severity.High, "the dashboard", "the login page again", "check the token storage")],
        Observed(flow, calls), TimeSpan.FromMilliseconds(1500), trace, null, "", [new PhaseTiming("navigate", 700), new PhaseTiming("assert", 800)]);

    [Test]
    public void Results_show_each_flow_its_failures_and_its_api_calls()
    {
        var call = new ApiCall("POST", "http://127.0.0.1:5080/api/auth/login", 200, "fetch", TimeSpan.Zero, 12.4);
        var image = new ApiCall("GET", "http://127.0.0.1:5081/logo.png", 200, "image", TimeSpan.Zero, 1);
        FlowResult[] results =
        [
            new("login_valid", "a valid user logs in", [Attempt(1, "login_valid", false, "/tmp/run/e2e/traces/login_valid-1.zip", call), Attempt(2, "login_valid", true, null, call, image)], []),
            new("session_ends", "logout ends the session", [Attempt(1, "session_ends", false, null)], []),
            new("gasto_round_trip", "a gasto made in the UI is in the API", [], [], "read-only mode"),
        ];
        var text = EvidenceReportTests.Render(results, Options());
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("# E2E results — reference\n\nUser flows through the deployed frontend against the deployed API, in a real Chromium"));
            Assert.That(text, Does.Contain("| browser | Chromium 156.0 at /usr/bin/chromium, headless |"));
            Assert.That(text, Does.Contain("| flow | result | attempts | duration | where the time went | API calls | trace |\n| --- | --- | --- | --- | --- | --- | --- |\n" +
                "| login_valid: a valid user logs in | FLAKY (passed on retry) | 2 | 3.0 s | navigate 0.7 s, assert 0.8 s | 1 | e2e/traces/login_valid-1.zip, (none) |\n" +
                "| session_ends: logout ends the session | FAIL | 1 | 1.5 s | navigate 0.7 s, assert 0.8 s | 0 | (none) |\n" +
                "| gasto_round_trip: a gasto made in the UI is in the API | NOT RUN | 0 | 0.0 s |  |  | read-only mode |\n\n" +
                "All flows: 4.5 s (budget on the reference target: under 60 s; measured by scripts/benchmark-e2e.sh)."));
            Assert.That(text, Does.Contain("## Failures\n\n### login_valid, attempt 1\n\n```text\n[e2e] login_valid: login   (severity high · broken flow)\n" +
                "Expected: the dashboard\nActual:   the login page again\nHint:     check the token storage\n```\n\n### session_ends, attempt 1\n\n"));
            Assert.That(text, Does.Contain("## API calls of each flow\n\n### login_valid\n\n```text\n200 POST http://127.0.0.1:5080/api/auth/login (12 ms)\n```\n\n" +
                "### session_ends\n\n```text\n(no API calls)\n```\n\n## Data created by the flows and its removal\n\nNo flow that writes ran.\n\n"));
            Assert.That(text, Does.Not.Contain("### gasto_round_trip"), "a flow that did not run has no API calls section");
        });
        var figures = E2EResultsReport.Figures(results);
        Assert.That(figures.Select(f => (f.Name, f.Actual, f.Ok)), Is.EqualTo(new (string, string, bool?)[]
        {
            ("flows passed", "1/2", false), ("flaky flows (passed on retry)", "1", false), ("all flows duration", "4.5 s", null),
        }));
    }

    private static string Render(IReadOnlyList<FlowResult> results, E2EOptions o) =>
        E2EResultsReport.Render(o, "reference", "156.0", results, "/tmp/run", Redactor.None).ToString();

    [Test]
    public void Read_only_results_say_no_flow_wrote_anything()
    {
        var text = E2EResultsReport.Render(Options(("SIRIM_READ_ONLY", "true")), "production", null, [], "/tmp/run", Redactor.None).ToString();
        Assert.That(text, Does.Contain("| browser | Chromium (not started) at /usr/bin/chromium, headless |")
            .And.Contain("## Data created by the flows and its removal\n\nRead-only mode: no flow wrote anything.").And.Not.Contain("## Failures"));
    }

    [Test]
    public void A_browser_that_does_not_start_fails_with_the_setting_to_fix()
    {
        var text = FailureRenderer.Render(E2EResultsReport.BrowserDidNotLaunch("Chromium not found at '/nonexistent/chromium' (setting chromiumPath, SIRIM_CHROMIUM_PATH)"), Redactor.None);
        Assert.That(text, Is.EqualTo("[e2e] browser_launches: Chromium   (severity critical · prerequisite)\nExpected: a headless Chromium for the flows\n" +
            "Actual:   Chromium not found at '/nonexistent/chromium' (setting chromiumPath, SIRIM_CHROMIUM_PATH)\n" +
            "Hint:     Install Chromium (apt-get install chromium) or set chromiumPath (SIRIM_CHROMIUM_PATH) to its executable.\n"));
    }

    [Test]
    public void Integrity_evidence_says_zero_changes_or_counts_them_file_by_file()
    {
        var o = Options(("SIRIM_FRONTEND_MANIFEST", "release/manifest.json"));
        var manifest = new FrontendManifest("build", DateTimeOffset.UnixEpoch, [new ManifestFile("index.html", 10, "aa"), new ManifestFile("app.js", 20, "bb")]);
        DeployedFile Served(string path, long size, string sha, string? from) => new(path, "http://127.0.0.1:5081/" + path, 200, size, sha, "text/html", from, null, 1);
        var same = new[] { Served("index.html", 10, "aa", null), Served("app.js", 20, "bb", "index.html") };
        var changed = new[] { Served("index.html", 10, "aa", null), Served("app.js", 21, "cc", "index.html") };
        var clean = FrontendIntegrityReport.Render(o, "staging", manifest, same, IntegrityComparison.Compare(manifest, same, o.RuntimeFiles), "").ToString();
        var dirty = FrontendIntegrityReport.Render(o, "staging", manifest, changed, IntegrityComparison.Compare(manifest, changed, o.RuntimeFiles), null).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(clean, Does.StartWith("# Integridad del frontend — staging\n\n**Cero cambios de UI**: the 2 files of the released build are served byte-identical (SHA-256)"));
            Assert.That(clean, Does.Contain("| release manifest | release/manifest.json |").And.Contain("| files in the manifest | 2 |\n| runtime configuration, not compared | config.json |\n| files downloaded | 2 |"));
            Assert.That(clean, Does.Contain("| app.js | UNCHANGED | 20 | bb | 200 | 20 | bb | index.html |\n| index.html | UNCHANGED | 10 | aa | 200 | 10 | aa | entry page |"));
            Assert.That(clean, Does.EndWith("## Sources of the build folder\n\n`git status --porcelain -- release/manifest.json` (empty: the build folder equals the commit):\n\n```console\n(empty)\n```\n\n"));
            Assert.That(dirty, Does.Contain("**1 CHANGE(S) FOUND**: the deployed frontend is not the released build (see the table).")
                .And.Contain("| app.js | CHANGED | 20 | bb | 200 | 21 | cc | index.html |").And.Not.Contain("## Sources of the build folder"));
        });
    }
}
