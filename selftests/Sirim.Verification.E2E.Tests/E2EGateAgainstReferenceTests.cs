using Sirim.Verification.TestSupport;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The E2E and integrity gates against the reference target, in process (<see cref="InProcessGate"/>: the gate's flow
/// runner, guards and integrity comparison, rendered as the gate renders them): each seeded defect the target switches
/// while it runs, the page map and HTTPS cases. One reference deployment and one Chromium for the fixture, a fresh
/// browser context per flow attempt. The tests run in an order that restarts the target as little as possible: clean
/// cases first, then the defects switched in place, then HTTPS (a restart) and the target killed mid-flow. The frontend
/// configuration's defects and the real suite runs are in
/// <see cref="E2ESuiteAgainstReferenceTests"/>, on a deployment of its own, at the same time.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed partial class E2EGateAgainstReferenceTests : AgainstReferenceWithInProcessGate
{

    [TestCase("dashboard_js_error", "login_valid", new[] { "no_page_errors" },
        "TypeError: Cannot read properties of undefined (reading 'render')", TestName = "dashboard_js_error → no_page_errors")]
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
    [Order(2)]
    public Task Each_seeded_defect_fails_its_check_and_says_why(string defect, string test, string[] expectedChecks, string detail) =>
        Gate.AssertCaughtAsync(defect, test, expectedChecks, detail);

    [Test, Order(0)]
    public async Task Every_e2e_and_integrity_defect_of_the_catalogue_has_a_case_above_naming_its_check()
    {
        var here = CaseArguments(nameof(Each_seeded_defect_fails_its_check_and_says_why));
        // The frontend configuration's defects have their cases in the suite fixture.
        var elsewhere = typeof(E2ESuiteAgainstReferenceTests).GetMethod(nameof(E2ESuiteAgainstReferenceTests.Each_frontend_configuration_defect_fails_its_check_and_says_why))!
            .GetCustomAttributes(typeof(TestCaseAttribute), false).Cast<TestCaseAttribute>().Select(c => c.Arguments).ToList();
        var cases = here.Concat(elsewhere).ToDictionary(a => (string)a[0]!, a => (string[])a[2]!);
        // Defects of another gate that a flow also meets: the round trip deletes gastos, so a delete never committed stays behind here too.
        var catalogue = SeededDefects.OfGate("e2e", "integrity").Append(SeededDefects.Get("gasto_delete_not_committed")).ToList();
        Assert.That(cases.Keys, Is.EquivalentTo(catalogue.Select(d => d.Id)), "every e2e/integrity defect of defects.json (and each other gate's defect a flow meets) has exactly one case above");
        foreach (var d in catalogue.Where(d => cases.ContainsKey(d.Id)))
            Assert.That(cases[d.Id], Does.Contain(d.CaughtBy), $"defects.json says {d.Id} is caught by {d.CaughtBy}");
        // Every one of them switches in place: none is read by the target's start-up wiring (none costs a restart).
        var wired = await Reference.Deployment.Target!.DefectsReadAtStartupAsync(CancellationToken.None);
        Assert.That(catalogue.Select(d => d.Id).Where(wired.Contains), Is.Empty, "the e2e/integrity defects the target's start-up wiring reads");
    }

    /// <summary>The flows follow the configured page map: another selector or token key there changes what they look for.</summary>
    [TestCase("selectors", "login", "email", "[data-testid=login-mail]", new[] { "flow_step_completes" },
        "The call log names the page map's login.email [data-testid=login-mail]", TestName = "page map selector of login.email is the one the flow waits for")]
    [TestCase("token", null, "key", "sirim.elsewhere", new[] { "login_lands_on_dashboard" },
        ", token not stored", TestName = "page map token key is where the flow looks for the token")]
    [Order(1)]
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
            var run = await Gate.RunAsync(null, "login_valid",
                new Dictionary<string, string> { ["SIRIM_E2E_PAGE_MAP"] = path, ["SIRIM_E2E_ACTION_TIMEOUT_SECONDS"] = "3" });
            Assert.That(InProcessGate.FailedChecks(run.Message), Is.EqualTo(expectedChecks), run.Message);
            Assert.That(run.Message, Does.Contain(detail));
        }
        finally { File.Delete(path); }
    }

    [Test, Order(3)]
    public async Task Login_works_against_an_https_api_with_a_self_signed_certificate_when_tls_skip_verify_is_set()
    {
        var run = await Gate.RunAsync(null, "login_valid", https: true);
        Assert.That(Reference.Environment["SIRIM_API_URL"], Does.StartWith("https://"));
        Assert.That(run.Message, Is.Empty, "login_valid passes against the HTTPS API");
        Assert.That(run.Flow!.Passed, Is.True);
    }
}
