using Sirim.Verification.Core.Releases;
using System.Text.RegularExpressions;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Browser;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.Flows;
using Sirim.Verification.E2E.Integrity;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The E2E and integrity gates against the reference target. Each seeded defect, the page map and HTTPS cases run the
/// gate's library in process (its flow runner, guards and integrity comparison, rendered as the gate renders them):
/// one reference deployment and one Chromium for the fixture, a fresh browser context per flow attempt; the target
/// restarts per defect. The real suite (the gates dll under dotnet test) runs here where it judges the release (another
/// version), and in <see cref="E2ESuiteAgainstReferenceTests"/> (clean, broken page map, missing Chromium) on a
/// deployment of its own, at the same time.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed partial class E2EGateAgainstReferenceTests : AgainstReferenceTarget
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);
    private BrowserSession? _browser;
    private string _work = null!;

    [OneTimeSetUp]
    public void MakeWorkFolder() => _work = Directory.CreateTempSubdirectory("sirim-e2e-selftest-").FullName;

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    private async Task<SuiteRunResult> RunAsync(string? defect, string filter, IReadOnlyDictionary<string, string>? overrides = null, bool https = false)
    {
        await Reference.UseDefectAsync(defect, https);
        var env = new Dictionary<string, string>(Reference.Environment);
        foreach (var (k, v) in overrides ?? new Dictionary<string, string>()) env[k] = v;
        return await SuiteRunner.RunAsync(env, filter, SuiteTimeout);
    }

    /// <summary>What one gate test concluded in process: the rendered failure (empty when it passed) and the flow's result (null for the integrity check).</summary>
    private sealed record InProcessResult(string Message, FlowResult? Flow);

    /// <summary>
    /// Runs the gate test <paramref name="test"/> (a flow id, or the integrity check) in process as the gates project
    /// does: the same settings (the deployment's environment over runsettings/reference.runsettings), the shared
    /// Chromium, the outcomes rendered by the shared FailureRenderer with the run's redactor.
    /// </summary>
    private async Task<InProcessResult> RunInProcessAsync(string? defect, string test, IReadOnlyDictionary<string, string>? overrides = null, bool https = false)
    {
        await Reference.UseDefectAsync(defect, https);
        var env = new Dictionary<string, string>(Reference.Environment)
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
        _browser ??= await BrowserSession.LaunchAsync(options!, LaunchTimeout);
        var flow = E2EFlows.All().Single(f => f.Id == test);
        var runner = new FlowRunner(_browser, loaded.Options!, options!, loaded.Redactor, Path.Combine(_work, "traces"));
        var result = await runner.RunAsync(flow, new NullFlowReporter(), timeout.Token);
        return new InProcessResult(FailureRenderer.RenderAll(result.Final.Outcomes, loaded.Redactor), result);
    }

    /// <summary>The check ids a failure message names ("[e2e] no_page_errors: …").</summary>
    private static IReadOnlyList<string> FailedChecks(SuiteTestResult r) => FailedChecks(r.Message);

    private static IReadOnlyList<string> FailedChecks(string? message) =>
        CheckIdPattern().Matches(message ?? "").Select(m => m.Groups[1].Value).Distinct().Order().ToList();

    [TestCase("frontend_wrong_api_origin", "login_valid", new[] { "api_calls_to_configured_origin" },
        "Actual:   4 call(s) to http://localhost:", TestName = "frontend_wrong_api_origin → api_calls_to_configured_origin")]
    [TestCase("dashboard_js_error", "login_valid", new[] { "no_page_errors" },
        "TypeError: Cannot read properties of undefined (reading 'render')", TestName = "dashboard_js_error → no_page_errors")]
    [TestCase("csp_blocks_own_script", "login_valid", new[] { "flow_step_completes", "no_csp_violations" },
        "script-src-elem blocked http://127.0.0.1:", TestName = "csp_blocks_own_script → no_csp_violations")]
    [TestCase("gasto_update_500", "gasto_round_trip", new[] { "api_calls_answer_expected_status", "gasto_edit_reaches_api" },
        "→ 500", TestName = "gasto_update_500 → api_calls_answer_expected_status")]
    [TestCase("frontend_asset_modified", "Deployed_frontend_matches_the_release_manifest", new[] { "frontend_file_unchanged" },
        "1 file(s) changed:\n  styles.css: sha256", TestName = "frontend_asset_modified → frontend_file_unchanged")]
    [TestCase("dashboard_console_error", "login_valid", new[] { "no_console_errors" },
        "1 console error(s):\n  widget \"resumen\" failed to load", TestName = "dashboard_console_error → no_console_errors")]
    [TestCase("empresas_list_drops_last", "empresas_list", new[] { "empresas_match_api" },
        "missing in the UI: 3 Servicios Ozama EIRL", TestName = "empresas_list_drops_last → empresas_match_api")]
    [TestCase("frontend_asset_missing", "Deployed_frontend_matches_the_release_manifest", new[] { "frontend_file_present" },
        "1 file(s) missing:\n  styles.css: answered 404", TestName = "frontend_asset_missing → frontend_file_present")]
    [TestCase("login_header_wrong_name", "login_valid", new[] { "login_lands_on_dashboard" },
        "Actual:   dashboard visible, user name 'Usuario', token stored", TestName = "login_header_wrong_name → login_lands_on_dashboard")]
    [TestCase("login_failure_stores_token", "login_invalid", new[] { "login_rejects_bad_credentials" },
        "token STORED\nHint:     A refused login left a value in sessionStorage 'sirim.accessToken'", TestName = "login_failure_stores_token → login_rejects_bad_credentials")]
    [TestCase("logout_keeps_token", "session_end", new[] { "logout_clears_session" },
        "after logout   (severity high · broken flow)\nExpected: login view, dashboard hidden, no token stored\nActual:   login view visible, dashboard hidden, token STILL STORED",
        TestName = "logout_keeps_token → logout_clears_session")]
    [TestCase("refused_token_kept", "session_end", new[] { "invalid_token_returns_to_login" },
        "reload with a token the API refuses   (severity high · broken flow)\nExpected: login view, dashboard hidden, no token stored\nActual:   login view visible, dashboard hidden, token STILL STORED",
        TestName = "refused_token_kept → invalid_token_returns_to_login")]
    [TestCase("gasto_create_drops_cents", "gasto_round_trip", new[] { "gasto_ui_to_api" },
        "Actual:   the API shows monto 1234.00 (expected 1234.56)", TestName = "gasto_create_drops_cents → gasto_ui_to_api")]
    [TestCase("gasto_fecha_shown_day_before", "gasto_round_trip", new[] { "gasto_api_to_ui" },
        "Actual:   the UI shows fecha '", TestName = "gasto_fecha_shown_day_before → gasto_api_to_ui")]
    [TestCase("gasto_delete_not_sent", "gasto_round_trip", new[] { "gasto_delete_reaches_api" },
        "Actual:   200 (the gasto is still there); the page sent no DELETE /api/gastos/", TestName = "gasto_delete_not_sent → gasto_delete_reaches_api")]
    // The row stays in the list after the UI delete (the step stops there) and the cleanup names both gastos as still there.
    [TestCase("gasto_delete_not_committed", "gasto_round_trip", new[] { "flow_step_completes", "test_data_cleaned_up" },
        "(created by POST /api/gastos (gasto_round_trip)): still there after 3 DELETE attempt(s): DELETE → 204; GET → 200",
        TestName = "gasto_delete_not_committed → test_data_cleaned_up")]
    [TestCase("stylesheet_connection_dropped", "login_valid", new[] { "no_failed_requests" },
        "/styles.css (stylesheet): net::ERR_", TestName = "stylesheet_connection_dropped → no_failed_requests")]
    [TestCase("frontend_extra_file", "Deployed_frontend_matches_the_release_manifest", new[] { "frontend_file_unchanged", "frontend_no_extra_file" },
        "1 file(s) extra:\n  analytics.js: served (", TestName = "frontend_extra_file → frontend_no_extra_file")]
    [TestCase("gasto_concepto_rendered_as_html", "stored_xss", new[] { "no_csp_violations", "stored_xss_not_rendered_as_markup" },
        "concepto of gasto ", TestName = "gasto_concepto_rendered_as_html → stored_xss_not_rendered_as_markup")]
    [TestCase("gasto_concepto_html_inline_script_allowed", "stored_xss", new[] { "stored_xss_not_executed", "stored_xss_not_rendered_as_markup" },
        "img_onerror in concepto of gasto ", TestName = "gasto_concepto_html_inline_script_allowed → stored_xss_not_executed")]
    public async Task Each_seeded_defect_fails_its_check_and_says_why(string defect, string test, string[] expectedChecks, string detail)
    {
        // Where the UI cannot go on, the step fails only after the action timeout: 3 s (the setting) proves the same as the default 10 s.
        var overrides = expectedChecks.Contains("flow_step_completes")
            ? new Dictionary<string, string> { ["SIRIM_E2E_ACTION_TIMEOUT_SECONDS"] = "3" }
            : null;
        var run = await RunInProcessAsync(defect, test, overrides);
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

    [Test]
    public void Every_e2e_and_integrity_defect_of_the_catalogue_has_a_case_above_naming_its_check()
    {
        var cases = CaseArguments(nameof(Each_seeded_defect_fails_its_check_and_says_why)).ToDictionary(a => (string)a[0]!, a => (string[])a[2]!);
        // Defects of another gate that a flow also meets: the round trip deletes gastos, so a delete never committed stays behind here too.
        var catalogue = SeededDefects.OfGate("e2e", "integrity").Append(SeededDefects.Get("gasto_delete_not_committed")).ToList();
        Assert.That(cases.Keys, Is.EquivalentTo(catalogue.Select(d => d.Id)), "every e2e/integrity defect of defects.json (and each other gate's defect a flow meets) has exactly one case above");
        foreach (var d in catalogue.Where(d => cases.ContainsKey(d.Id)))
            Assert.That(cases[d.Id], Does.Contain(d.CaughtBy), $"defects.json says {d.Id} is caught by {d.CaughtBy}");
    }

    [Test]
    public async Task Another_release_than_expected_fails_the_version_check_with_both_versions()
    {
        var run = await RunAsync(null, "Name=frontend_version", new Dictionary<string, string> { ["SIRIM_EXPECTED_VERSION"] = "9.9.9" });
        var failed = run.Failed.Single();
        Assert.That(FailedChecks(failed), Is.EqualTo(new[] { "frontend_version_matches" }), run.Describe());
        Assert.That(failed.Message, Does.Contain("Expected: 9.9.9\nActual:   1.4.2\n"));
        Assert.That(run.GoNoGo, Does.Contain("frontend version"));
    }

    /// <summary>The flows follow the configured page map: another selector or token key there changes what they look for.</summary>
    [TestCase("selectors", "login", "email", "[data-testid=login-mail]", new[] { "flow_step_completes" },
        "The call log names the page map's login.email [data-testid=login-mail]", TestName = "page map selector of login.email is the one the flow waits for")]
    [TestCase("token", null, "key", "sirim.elsewhere", new[] { "login_lands_on_dashboard" },
        ", token not stored", TestName = "page map token key is where the flow looks for the token")]
    public async Task The_flows_follow_the_configured_page_map(string section, string? group, string key, string value, string[] expectedChecks, string detail)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Core.RepositoryRoot.Find(), "scenarios", "e2e", "page-map.json")))!;
        var parent = group is null ? root[section]! : root[section]![group]!;
        parent[key] = value;
        var path = Path.Combine(Path.GetTempPath(), $"page-map-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, root.ToJsonString());
        try
        {
            // A selector the page does not have fails only after the action timeout: 3 s (the setting) proves the same as the default 10 s.
            var run = await RunInProcessAsync(null, "login_valid",
                new Dictionary<string, string> { ["SIRIM_E2E_PAGE_MAP"] = path, ["SIRIM_E2E_ACTION_TIMEOUT_SECONDS"] = "3" });
            Assert.That(FailedChecks(run.Message), Is.EqualTo(expectedChecks), run.Message);
            Assert.That(run.Message, Does.Contain(detail));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public async Task Login_works_against_an_https_api_with_a_self_signed_certificate_when_tls_skip_verify_is_set()
    {
        var run = await RunInProcessAsync(null, "login_valid", https: true);
        Assert.That(Reference.Environment["SIRIM_API_URL"], Does.StartWith("https://"));
        Assert.That(run.Message, Is.Empty, "login_valid passes against the HTTPS API");
        Assert.That(run.Flow!.Passed, Is.True);
    }

    [GeneratedRegex(@"\[(?:e2e|integrity)\] ([a-z_]+):")]
    private static partial Regex CheckIdPattern();
}
