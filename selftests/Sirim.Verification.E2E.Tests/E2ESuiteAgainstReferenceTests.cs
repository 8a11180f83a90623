using System.IO.Compression;
using System.Text.RegularExpressions;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The E2E and integrity gates through the real suite (the gates dll under dotnet test) against the reference target:
/// clean (every flow and the integrity check pass, the evidence holds no secret), another release than expected, and
/// where the suite itself decides before any flow (a broken page map, a missing Chromium). On the same deployment, in
/// process (<see cref="InProcessGate"/>, one Chromium for the fixture): the standard profile's <see cref="NoDataProof"/>,
/// then the frontend configuration's seeded defects (switched in place, after the suite runs). A
/// deployment of its own, so it runs next to <see cref="E2EGateAgainstReferenceTests"/>.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed partial class E2ESuiteAgainstReferenceTests : AgainstReferenceWithInProcessGate
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(4);

    private async Task<SuiteRunResult> RunAsync(string filter, IReadOnlyDictionary<string, string>? overrides = null)
    {
        await Reference.UseDefectAsync(null);
        var env = new Dictionary<string, string>(Reference.Environment);
        foreach (var (k, v) in overrides ?? new Dictionary<string, string>()) env[k] = v;
        return await SuiteRunner.RunAsync(env, filter, SuiteTimeout);
    }

    [Test, Order(1)]
    public async Task Clean_target_passes_every_flow_and_the_integrity_check_and_leaves_no_secret_or_data()
    {
        var run = await RunAsync("Category=E2e|Category=Integrity");
        var flows = new[] { "login_valid", "login_invalid", "empresas_list", "gasto_round_trip", "stored_xss", "session_end", "frontend_version" };
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
            Assert.That(run.Results.Select(r => r.Name), Is.EquivalentTo(flows.Append("Deployed_frontend_matches_the_release_manifest")), run.Describe());
            Assert.That(run.Results.Select(r => r.Status), Is.All.EqualTo("passed"), run.Describe());
            Assert.That(run.Results.Where(r => flows.Contains(r.Name)).All(r => r.Labels.Contains("epic=e2e") && r.AttachmentCount >= 2), Is.True,
                "every flow result carries the gate label, its API call list and key-step screenshots");
            Assert.That(run.GoNoGo, Does.Contain("| e2e | PASS |").And.Contain("| integrity | PASS |"));
            var e2e = run.ReadEvidence("e2e_results.md");
            Assert.That(e2e, Does.Contain("| PASS |").And.Contain("e2e/traces/gasto_round_trip-attempt1.zip").And.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees.")
                .And.Contain("gasto_round_trip, through the frontend); found by its id on the new row")
                .And.Contain("scenarios/e2e/page-map.json; token in sessionStorage 'sirim.accessToken'; locale es-DO, America/Santo_Domingo")
                .And.Contain("POST http://127.0.0.1"));
            Assert.That(run.ReadEvidence("integridad_frontend_release.md"), Does.Contain("**Cero cambios de UI**").And.Contain("| app.js | UNCHANGED |"));
            Assert.That(Directory.EnumerateFiles(Path.Combine(run.RunDirectory, "e2e", "traces"), "*.zip").Count(), Is.EqualTo(flows.Length));
        });

        var secrets = new[] { Reference.Environment["SIRIM_PASSWORD"], Reference.Environment["JWT_SECRET"] };
        foreach (var secret in secrets)
            Assert.That(SuiteRunner.FilesContaining(run.RunDirectory, secret), Is.Empty, "a secret value was written to the reports");
        foreach (var zip in Directory.EnumerateFiles(run.RunDirectory, "*.zip", SearchOption.AllDirectories))
        {
            using var archive = ZipFile.OpenRead(zip);
            foreach (var entry in archive.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var text = reader.ReadToEnd();
                Assert.That(secrets.Any(s => text.Contains(s, StringComparison.Ordinal)) || JwtPattern().IsMatch(text), Is.False,
                    $"{Path.GetFileName(zip)}/{entry.FullName} carries the password or an access token");
            }
        }
    }

    [Test, Order(2)]
    public async Task A_broken_page_map_stops_the_gate_before_the_browser_with_every_problem_listed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"page-map-{Guid.NewGuid():N}.json");
        var root = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Core.RepositoryRoot.Find(), "scenarios", "e2e", "page-map.json")))!;
        root["token"]!["storage"] = "cookie";
        root["api"]!["me"]!["path"] = "api/me";
        await File.WriteAllTextAsync(path, root.ToJsonString());
        try
        {
            var run = await RunAsync("Name=login_valid", new Dictionary<string, string> { ["SIRIM_E2E_PAGE_MAP"] = path });
            var message = run.Failed.Single().Message;
            // The suite checks every gate's settings before the first request: the page map's problems are in that one report.
            Assert.That(message, Does.StartWith("The configuration is not valid; nothing was sent to the target.")
                .And.Contain($"- e2e: e2ePageMap (SIRIM_E2E_PAGE_MAP) {path}: token.storage: 'cookie' is not a storage kind;")
                .And.Contain($"- e2e: e2ePageMap (SIRIM_E2E_PAGE_MAP) {path}: api.me.path: 'api/me' does not start with '/'"), run.Describe());
            Assert.That(run.RunDirectory is { } dir && Directory.Exists(Path.Combine(dir, "e2e", "traces")) &&
                        Directory.EnumerateFiles(Path.Combine(dir, "e2e", "traces")).Any(), Is.False, "no flow ran, so no trace was written");
        }
        finally { File.Delete(path); }
    }

    [Test, Order(3)]
    public async Task Missing_chromium_fails_the_flows_with_one_line_naming_the_setting()
    {
        var run = await RunAsync("Name=login_valid", new Dictionary<string, string> { ["SIRIM_CHROMIUM_PATH"] = "/nonexistent/chromium" });
        Assert.That(run.Failed.Single().Message, Does.Contain("[e2e] browser_launches: Chromium")
            .And.Contain("Chromium not found at '/nonexistent/chromium' (setting chromiumPath, SIRIM_CHROMIUM_PATH)"), run.Describe());
    }

    [Test, Order(4)]
    public async Task Another_release_than_expected_fails_the_version_check_with_both_versions()
    {
        var run = await RunAsync("Name=frontend_version", new Dictionary<string, string> { ["SIRIM_EXPECTED_VERSION"] = "9.9.9" });
        var failed = run.Failed.Single();
        Assert.That(InProcessGate.FailedChecks(failed), Is.EqualTo(new[] { "frontend_version_matches" }), run.Describe());
        Assert.That(failed.Message, Does.Contain("Expected: 9.9.9\nActual:   1.4.2\n"));
        Assert.That(run.GoNoGo, Does.Contain("frontend version"));
    }

    /// <summary><see cref="NoDataProof"/> in the standard convention profile (the alt one: <see cref="WritingGatesLeaveNoDataTests"/>).</summary>
    [Test, Order(5)]
    public Task Contracts_e2e_and_load_leave_no_row_carrying_the_run_id_in_any_table() =>
        NoDataProof.AssertLeavesNoDataAsync(Reference, "runsettings/reference.runsettings", Gate);

    /// <summary>
    /// Seeded defects of the frontend's configuration (API origin, CSP), in process on this fixture's deployment and
    /// Chromium after its suite runs, so the two fixtures that run at once share the in-process cases;
    /// <see cref="E2EGateAgainstReferenceTests.Each_seeded_defect_fails_its_check_and_says_why"/> has the others, and its
    /// catalogue test counts these cases too.
    /// </summary>
    [TestCase("frontend_wrong_api_origin", "login_valid", new[] { "api_calls_to_configured_origin" },
        "Actual:   4 call(s) to http://localhost:", TestName = "frontend_wrong_api_origin → api_calls_to_configured_origin")]
    [TestCase("csp_blocks_own_script", "login_valid", new[] { "flow_step_completes", "no_csp_violations" },
        "script-src-elem blocked http://127.0.0.1:", TestName = "csp_blocks_own_script → no_csp_violations")]
    [TestCase("gasto_concepto_html_inline_script_allowed", "stored_xss", new[] { "stored_xss_not_executed", "stored_xss_not_rendered_as_markup" },
        "img_onerror in concepto of gasto ", TestName = "gasto_concepto_html_inline_script_allowed → stored_xss_not_executed")]
    [Order(6)]
    public Task Each_frontend_configuration_defect_fails_its_check_and_says_why(string defect, string test, string[] expectedChecks, string detail) =>
        Gate.AssertCaughtAsync(defect, test, expectedChecks, detail);

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+")]
    private static partial Regex JwtPattern();
}
