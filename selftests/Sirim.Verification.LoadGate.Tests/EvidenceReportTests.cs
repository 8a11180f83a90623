using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Evidence;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// The load gate's and the pool proof's evidence documents (load_results.md, pool_config_evidence.md) and the failures
/// that stop a run before its budgets are judged, rendered by the library from what the gate saw.
/// </summary>
public sealed class EvidenceReportTests
{
    private static TargetOptions Options(params (string Name, string Value)[] settings)
    {
        var env = new Dictionary<string, string>
        {
            ["SIRIM_API_URL"] = "http://127.0.0.1:5080", ["SIRIM_ENVIRONMENT"] = "staging", ["SIRIM_RUN_ID"] = "run-7",
        };
        foreach (var (name, value) in settings) env[name] = value;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        return loaded.Options!;
    }

    [Test]
    public void Load_results_list_parameters_then_profiles_not_run_then_each_profile_section()
    {
        var text = LoadResultsReport.Render(Options(("SIRIM_LOAD_ALLOWED_HOSTS", "127.0.0.1")), ["normal-ci", "peak-ci"],
            ["peak-ci: NOT RUN: peak load is not allowed in production"], ["## Profile normal-ci\n\nsection body\n\n"]).ToString();
        Assert.That(text, Is.EqualTo(
            "# Load results — staging\n\n" +
            "Each profile sends the critical routes of SIRIM on its schedule and is judged by its budgets. Open-model profiles start iterations on time " +
            "whatever the server does and measure latency from the intended start, so a stalling server shows in the percentiles (coordinated omission corrected). " +
            "Warm-up seconds are excluded from the figures.\n\n" +
            "## Parameters\n\n| parameter | value |\n| --- | --- |\n| API | http://127.0.0.1:5080/ |\n| profiles | normal-ci, peak-ci |\n" +
            "| load allowed on | 127.0.0.1 |\n| read-only | no |\n| run id (tags created data) | run-7 |\n| request timeout | 10 s |\n\n" +
            "## Not run\n\n- peak-ci: NOT RUN: peak load is not allowed in production\n\n" +
            "## Profile normal-ci\n\nsection body\n\n"));
    }

    [Test]
    public void Load_results_say_no_host_and_read_only_and_leave_out_an_empty_not_run_list()
    {
        var text = LoadResultsReport.Render(Options(("SIRIM_READ_ONLY", "true")), ["normal-ci"], [], []).ToString();
        Assert.That(text, Does.Contain("| load allowed on | no host |\n| read-only | yes: the write route is skipped |").And.Not.Contain("## Not run"));
    }

    [Test]
    public void Pool_evidence_shows_the_filter_and_whether_the_monitoring_connection_is_set_never_its_value()
    {
        const string connection = "Host=127.0.0.1;Username=monitor;Password=pool-secret-9";
        var ran = PoolEvidenceReport.Render(Options(("SIRIM_DB_MONITOR_CONNECTION", connection), ("SIRIM_EXPECTED_POOL_SIZE", "12")), null, "## Samples\n\nrows\n").ToString();
        var notRun = PoolEvidenceReport.Render(Options(("SIRIM_DB_APPLICATION_NAME", "")), "NOT RUN: dbMonitorConnection is not set", null).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(ran, Does.StartWith("# Pool configuration evidence — staging\n\nProof that the API's database pool is effective, not only configured: " +
                "while the pool profile keeps at least 12 requests in flight"));
            Assert.That(ran, Does.EndWith("| API | http://127.0.0.1:5080/ |\n| expected pool size | 12 |\n| application_name filter | application_name = 'sirim-api' |\n" +
                "| monitoring connection | set (secret, environment only) |\n\n## Samples\n\nrows\n\n"));
            Assert.That(ran, Does.Not.Contain("pool-secret-9").And.Not.Contain("## Not run"));
            Assert.That(notRun, Does.Contain("| application_name filter | no application_name filter (dbApplicationName is empty) |\n| monitoring connection | not set |\n\n" +
                "## Not run\n\nNOT RUN: dbMonitorConnection is not set\n\n"));
        });
    }

    [Test]
    public void A_run_stopped_before_its_budgets_fails_in_the_standard_shape()
    {
        var plan = FailureRenderer.Render(LoadPreconditions.PlanInvalid(LoadGateNames.Load, "peak", ["route /api/x: unknown", "token=abc.def.ghi"]), new Redactor(["abc.def.ghi"]));
        var started = FailureRenderer.Render(LoadPreconditions.NotStarted(LoadGateNames.Pool, "pool", "the host 10.0.0.5 is not in loadAllowedHosts"), Redactor.None);
        var sampler = FailureRenderer.Render(LoadPreconditions.SamplerNotConfigured("the connection string has no Host"), Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(plan, Is.EqualTo("[load] load_plan_valid: profile peak   (severity high · prerequisite)\n" +
                "Expected: a valid load plan (checked before any traffic)\nActual:   2 problem(s):\n  - route /api/x: unknown\n  - token=[redacted]\n" +
                "Hint:     Fix the profile, its routes file or the settings named above; no request was sent.\n"));
            Assert.That(started, Does.StartWith("[pool] load_started: profile pool   (severity high · ")
                .And.Contain("\nExpected: the load starts\nActual:   the host 10.0.0.5 is not in loadAllowedHosts\nHint:     "));
            Assert.That(sampler, Does.StartWith("[pool] pool_sampler_configured: SIRIM_DB_MONITOR_CONNECTION   (severity high · ")
                .And.Contain("Expected: a usable monitoring connection\nActual:   the connection string has no Host\nHint:     Set SIRIM_DB_MONITOR_CONNECTION"));
        });
    }
}
