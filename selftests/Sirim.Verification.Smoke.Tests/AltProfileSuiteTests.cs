using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.LoadGate;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>
/// The whole suite against the reference target built another way (its alt convention profile: health at /health and
/// /health/ready as application/health+json, login POST /api/session with nested credentials and the token under
/// data, a YAML contract with an API-key scheme in Authorization, lists wrapped in {data, meta}, the frontend on the
/// API origin with data-qa ids and the token in localStorage, a pool without application_name), configured by
/// settings only (runsettings/reference-alt.runsettings): GO when clean, and a seeded defect of each gate still caught —
/// through the real suite for the contracts, security, E2E and integrity gates; for the smoke gate, and for the load and
/// pool gates, whose runs are long, through the gate's library in process with the same settings on the same alt target
/// (the clean run proves their suite wiring on this profile).
/// The clean run and the defect runs are two fixtures, each with an alt deployment of its own, run side by side.
/// </summary>
public abstract class AltProfileFixture : AgainstReferenceTarget
{
    protected const string RunSettings = "runsettings/reference-alt.runsettings";
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(6);
    private string _frontendBuild = null!;

    protected override ReferenceProfile? Profile => ReferenceProfile.Alt;

    [OneTimeSetUp]
    public async Task WriteTheReleasedFrontendBuild()
    {
        // The integrity gate compares the served frontend with the released build: the alt build, written as the CLI does.
        _frontendBuild = Path.Combine(Path.GetTempPath(), "sirim-alt-frontend-" + Guid.NewGuid().ToString("N")[..8]);
        await ReferenceDeployment.WriteFrontendBuildAsync(ReferenceProfile.Alt, _frontendBuild, Reference.Deployment.DllPath, CancellationToken.None);
    }

    /// <summary>A copy of the committed load profile <paramref name="name"/> with shorter stages, in this fixture's temp folder; returns its path.</summary>
    protected string ShortProfile(string name)
    {
        var folder = _frontendBuild + "-profiles";
        Directory.CreateDirectory(folder);
        var profile = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Core.RepositoryRoot.Find(), "scenarios", "load", name + ".json")))!;
        profile["rampUp"] = "1s";
        profile["duration"] = "3s";
        // The pool profile has no warm-up (its samples count from the start); the others keep a short one.
        if (profile["warmUp"]?.GetValue<string>() != "0s") profile["warmUp"] = "1s";
        var path = Path.Combine(folder, name + ".json");
        File.WriteAllText(path, profile.ToJsonString());
        return path;
    }

    [OneTimeTearDown]
    public void RemoveTheFrontendBuild()
    {
        if (Directory.Exists(_frontendBuild)) Directory.Delete(_frontendBuild, recursive: true);
        if (Directory.Exists(_frontendBuild + "-profiles")) Directory.Delete(_frontendBuild + "-profiles", recursive: true);
    }

    protected async Task<SuiteRunResult> RunAsync(string? defect, string filter, IReadOnlyDictionary<string, string>? overrides = null,
        IReadOnlyDictionary<string, string>? targetSettings = null)
    {
        await Reference.UseDefectAsync(defect, extra: targetSettings);
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_FRONTEND_MANIFEST"] = _frontendBuild };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string>()) env[k] = v;
        return await SuiteRunner.RunAsync(env, filter, SuiteTimeout, RunSettings);
    }

    /// <summary>
    /// What a defect run needs besides its gate's category: only the part of the gate that shows the defect runs (the
    /// gate still fails as a whole, and only it). The E2E defect is in the session flow; the security defect (a missing
    /// header) shows on the API routes' headers, so the rate-limit probe and its wait for the lock-out to end stay out.
    /// </summary>
    protected static string DefectRunFilter(string category) => category switch
    {
        "E2e" => "Category=E2e&Name=session_end",
        "Security" => "Category=Security&Name=Api_routes_send_hardening_headers_and_csp",
        _ => "Category=" + category,
    };

}

/// <summary>The clean alt-profile run: GO, every required gate passing, the evidence following the alt conventions.</summary>
[Parallelizable(ParallelScope.Self)]
public sealed class AltProfileCleanRunTests : AltProfileFixture
{
    [Test]
    public async Task Clean_alt_profile_is_GO_with_every_required_gate_passing()
    {
        // Conventions, not durations, are what this run proves: the load and pool profiles run as short copies (same
        // users, rate and thresholds; 1 s ramp-up, 3 s steady), and the security gate's rate-limit probe waits out a 2 s window.
        var profiles = string.Join(",", new[] { "normal-ci", "peak-ci" }.Select(ShortProfile));
        var run = await RunAsync(null, "Category!=Canary",
            new Dictionary<string, string> { ["SIRIM_LOAD_PROFILES"] = profiles, ["SIRIM_POOL_PROFILE"] = ShortProfile("pool-ci") },
            new Dictionary<string, string> { ["SIRIM_REF_LOGIN_FAILURE_WINDOW_SECONDS"] = "2" });
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output[^Math.Min(4000, run.Output.Length)..]);
            Assert.That(run.Failed, Is.Empty, run.Describe());
            Assert.That(run.GoNoGo, Does.Contain("**Verdict: GO**"));
            foreach (var gate in new[] { "smoke", "contracts", "security", "e2e", "integrity", "load", "pool" })
                Assert.That(run.GoNoGo, Does.Contain($"| {gate} | PASS | yes |"), $"the {gate} gate passes on the alt profile");
            // The evidence shows the alt conventions were followed, not the reference defaults.
            Assert.That(run.ReadEvidenceIfWritten("health_readiness.md"), Does.Contain("/health/ready"));
            Assert.That(run.ReadEvidenceIfWritten("pool_config_evidence.md"), Does.Contain("no application_name filter"));
            Assert.That(run.ReadEvidenceIfWritten("security_hardening_report.md"), Does.Contain("not applicable: same origin"));
            Assert.That(run.ReadEvidenceIfWritten("e2e_results.md"), Does.Contain("page-map-alt.json").And.Contain("localStorage 'sirim.auth'"));
            Assert.That(run.ReadEvidenceIfWritten("contracts_validation.md"), Does.Not.Contain("could not be compiled").And.Not.Contain("apiKey"),
                "the YAML contract's schemas and its API-key scheme are understood, not listed as unsupported");
        });
    }
}

/// <summary>A seeded defect of each gate on the alt profile, on a deployment of its own (the defect switched in place).</summary>
[Parallelizable(ParallelScope.Self)]
public sealed class AltProfileSuiteTests : AltProfileFixture
{
    // One seeded defect per gate, switched on in the alt profile: the gate fails naming the check that catches it.
    [TestCase("contracts_empresa_missing_field", "Contracts", "contracts", "response_schema_conformance")]
    [TestCase("header_missing_nosniff", "Security", "security", "nosniff")]
    [TestCase("logout_keeps_token", "E2e", "e2e", "logout_clears_session")]
    [TestCase("frontend_asset_modified", "Integrity", "integrity", "frontend_file_unchanged")]
    public async Task A_seeded_defect_of_each_gate_is_caught_on_the_alt_profile(string defect, string category, string gate, string check)
    {
        var run = await RunAsync(defect, DefectRunFilter(category));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.Describe());
            Assert.That(run.Failed.Select(f => f.Message ?? ""), Has.Some.Contain($"[{gate}] {check}:"), run.Describe());
            Assert.That(run.Failed.Where(f => !f.Labels.Contains("epic=" + gate)).Select(f => f.FullName), Is.Empty, "only the defect's gate fails");
            Assert.That(run.GoNoGo, Does.Contain($"| {gate} | FAIL | yes |").And.Contain("NO-GO"));
        });
    }

    // The smoke gate's seeded defect on the alt profile, through the gate's library with the suite's alt settings
    // (/health and /health/ready as application/health+json, the nested login), test by test as the gate's fixture
    // calls it: only the readiness test fails, naming the alt readiness route, in the standard shape.
    [Test]
    public async Task A_seeded_defect_of_the_smoke_gate_is_caught_on_the_alt_profile()
    {
        const string defect = "readyz_ignores_database", check = "readiness_depends_on_database";
        var tests = await SmokeGateAgainstReferenceTests.RunSmokeInProcessAsync(Reference, defect, RunSettings);
        var failed = tests.Where(t => t.Value.Count > 0).ToDictionary(t => t.Key, t => string.Join("\n", t.Value));
        var described = string.Join("\n", tests.Select(t => $"  {(t.Value.Count > 0 ? "failed" : "passed"),-7} {t.Key}"));
        Assert.Multiple(() =>
        {
            Assert.That(SeededDefects.Get(defect).CaughtBy, Is.EqualTo(check), "defects.json names the check that fails");
            Assert.That(tests.Keys, Is.SupersetOf(new[] { "Probe_answers_200_json_repeatedly(\"/health\")", "Probe_answers_200_json_repeatedly(\"/health/ready\")", "Login_succeeds" }),
                "the alt routes are probed, and the alt login succeeds");
            Assert.That(failed.Keys, Is.EquivalentTo(new[] { "Readiness_depends_on_the_database" }), described);
            Assert.That(failed.GetValueOrDefault("Readiness_depends_on_the_database"), Does.Contain($"[smoke] {check}: GET /health/ready")
                .And.Contain("Expected: ").And.Contain("Actual:   ").And.Contain("Reproduce: curl"));
        });
    }

    // The load and pool gates' seeded defects on the alt profile, through the gate library with the suite's alt
    // settings (routes-alt.json, no application_name filter): the check that catches each fails in the standard shape.
    [TestCase("gasto_delete_not_committed", "load", "normal-ci", "test_data_cleaned_up")]
    [TestCase("gastos_list_holds_connection", "pool", "pool-ci", "pool_not_exhausted")]
    public async Task A_seeded_defect_of_the_load_and_pool_gates_is_caught_on_the_alt_profile(string defect, string gate, string profile, string check)
    {
        var pool = gate == "pool";
        await Reference.UseDefectAsync(defect);
        var options = ReferenceSettings.Load(new Dictionary<string, string>(Reference.Environment) { ["SIRIM_PROGRESS"] = "plain" }, RunSettings).Options!;
        // The load defect shows in any profile: a short copy of normal-ci. The pool's 503s come after its 5 s pool
        // timeout, so the pool profile runs as committed (pool-ci: 1 s ramp-up, 6 s steady).
        var preparation = LoadGatePlanner.Prepare(options, Core.RepositoryRoot.Find(), pool ? profile : ShortProfile(profile));
        Assert.That(preparation.Errors, Is.Empty);
        var sampler = pool ? LoadGateChecks.SamplerOptions(options, preparation.Options!.Profile.PlannedDuration) : null;
        Assert.That(sampler?.Errors, Is.Null.Or.Empty);
        LoadGateResult run;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            run = await LoadGateRunner.RunAsync(options, preparation.Options!, null, sampler?.Options, timeout.Token);
        try
        {
            var outcomes = (pool ? LoadGateChecks.Pool(options.Database.ExpectedPoolSize) : LoadGateChecks.Load).Select(c => c.Evaluate(run)).ToList();
            var failed = outcomes.Where(o => o.Failed).ToList();
            var text = string.Join("\n", failed.Select(o => FailureRenderer.Render(o, Redactor.None)));
            Assert.Multiple(() =>
            {
                Assert.That(SeededDefects.Get(defect).CaughtBy, Is.EqualTo(check), "defects.json names the check that fails");
                Assert.That(failed.Select(o => o.CheckId), Does.Contain(check), text);
                Assert.That(text, Does.Contain($"[{gate}] {check}:").And.Contain("Expected: ").And.Contain("Actual:   "));
                if (pool)
                {
                    Assert.That(sampler!.Options!.ApplicationNameFilter, Is.EqualTo("no application_name filter"), "the alt pool names no sessions");
                    Assert.That(outcomes.Single(o => o.CheckId == "pool_reaches_expected_size").Failed, Is.False, "the pool opens its connections; they are held, not missing");
                }
                else Assert.That(run.Plan.Routes.Single(r => r.Inventory is not null).Inventory!.ItemsPointer, Is.EqualTo("/data"), "routes-alt.json is the routes file");
            });
        }
        finally
        {
            if (!pool)
            {
                // The fixture's database is throwaway, but what this run could not delete is removed all the same.
                await Reference.UseDefectAsync(null);
                await using var db = Npgsql.NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
                await using var cmd = db.CreateCommand("DELETE FROM gastos WHERE strpos(concepto, $1) > 0");
                cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = run.Cleanup.RunTag });
                await cmd.ExecuteNonQueryAsync();
            }
        }
    }
}
