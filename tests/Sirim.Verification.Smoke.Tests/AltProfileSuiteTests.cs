using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>
/// The whole suite against the reference target built another way (its alt convention profile: health at /health and
/// /health/ready as application/health+json, login POST /api/session with nested credentials and the token under
/// data, a YAML contract with an API-key scheme in Authorization, lists wrapped in {data, meta}, the frontend on the
/// API origin with data-qa ids and the token in localStorage, a pool without application_name), configured by
/// settings only (runsettings/reference-alt.runsettings): GO when clean, and a seeded defect of each gate still caught.
/// </summary>
[NonParallelizable]
public sealed class AltProfileSuiteTests : AgainstReferenceTarget
{
    private const string RunSettings = "runsettings/reference-alt.runsettings";
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
    private string ShortProfile(string name)
    {
        var folder = _frontendBuild + "-profiles";
        Directory.CreateDirectory(folder);
        var profile = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Core.RepositoryRoot.Find(), "scenarios", "load", name + ".json")))!;
        profile["rampUp"] = "1s";
        profile["duration"] = "3s";
        profile["warmUp"] = "1s";
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

    private async Task<SuiteRunResult> RunAsync(string? defect, string filter, IReadOnlyDictionary<string, string>? overrides = null,
        IReadOnlyDictionary<string, string>? targetSettings = null)
    {
        await Reference.UseDefectAsync(defect, extra: targetSettings);
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_FRONTEND_MANIFEST"] = _frontendBuild };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string>()) env[k] = v;
        return await SuiteRunner.RunAsync(env, filter, SuiteTimeout, RunSettings);
    }

    /// <summary>
    /// What a defect run needs besides its gate's category: only the part of the gate that shows the defect runs (the
    /// gate still fails as a whole, and only it). The E2E defect is in the session flow; the load defect shows in one
    /// profile; the security gate runs whole with the target's login-failure window at 2 s, so its rate-limit probe
    /// waits about two seconds for the lock-out to end instead of the default window.
    /// </summary>
    private static (string Filter, Dictionary<string, string> Overrides, Dictionary<string, string>? Target) DefectRun(string category) => category switch
    {
        "E2e" => ("Category=E2e&Name=session_end", [], null),
        "Security" => ("Category=Security", [], new() { ["SIRIM_REF_LOGIN_FAILURE_WINDOW_SECONDS"] = "2" }),
        "Load" => ("Category=Load", new() { ["SIRIM_LOAD_PROFILES"] = "normal-ci" }, null),
        _ => ("Category=" + category, [], null),
    };

    [Test]
    public async Task Clean_alt_profile_is_GO_with_every_required_gate_passing()
    {
        // Conventions, not durations, are what this run proves: the load profiles run as short copies (same users, rate
        // and thresholds; 1 s ramp-up, 3 s steady), and the security gate's rate-limit probe waits out a 2 s window.
        var profiles = string.Join(",", new[] { "normal-ci", "peak-ci" }.Select(ShortProfile));
        var run = await RunAsync(null, "Category!=Canary", new Dictionary<string, string> { ["SIRIM_LOAD_PROFILES"] = profiles },
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

    // One seeded defect per gate, switched on in the alt profile: the gate fails naming the check that catches it.
    [TestCase("readyz_ignores_database", "Smoke", "smoke", "readiness_depends_on_database")]
    [TestCase("contracts_empresa_missing_field", "Contracts", "contracts", "response_schema_conformance")]
    [TestCase("header_missing_nosniff", "Security", "security", "nosniff")]
    [TestCase("logout_keeps_token", "E2e", "e2e", "logout_clears_session")]
    [TestCase("frontend_asset_modified", "Integrity", "integrity", "frontend_file_unchanged")]
    [TestCase("gasto_delete_not_committed", "Load", "load", "test_data_cleaned_up")]
    [TestCase("gastos_list_holds_connection", "Pool", "pool", "pool_not_exhausted")]
    public async Task A_seeded_defect_of_each_gate_is_caught_on_the_alt_profile(string defect, string category, string gate, string check)
    {
        var (filter, overrides, targetSettings) = DefectRun(category);
        var run = await RunAsync(defect, filter, overrides, targetSettings);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.Describe());
            Assert.That(run.Failed.Select(f => f.Message ?? ""), Has.Some.Contain($"[{gate}] {check}:"), run.Describe());
            Assert.That(run.Failed.Where(f => !f.Labels.Contains("epic=" + gate)).Select(f => f.FullName), Is.Empty, "only the defect's gate fails");
            Assert.That(run.GoNoGo, Does.Contain($"| {gate} | FAIL | yes |").And.Contain("NO-GO"));
        });
    }
}
