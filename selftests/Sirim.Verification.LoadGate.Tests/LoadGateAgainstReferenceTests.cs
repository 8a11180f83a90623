using System.Globalization;
using System.Text.RegularExpressions;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Evidence;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// The load and pool gates against the reference target through the real suite (a child run of the gates project): on
/// the clean target both gates pass and the evidence is written without secrets; the gate's runner refuses a host that
/// is not in its safety policy before the login. The seeded defects of the load and pool gates are proved in process by
/// the fixtures beside this one (LoadGatePoolDefectTests, LoadGateLatencyDefectTests, LoadGateCleanRunTests in LoadGateDataDefectTests.cs), each on
/// a deployment of its own and in parallel with each other; this fixture runs alone, so the clean run's budgets are
/// judged while no other load test of this project runs. The same deployment then serves the database stopped under
/// load (LoadGateWhenTheDatabaseStopsTests.cs, the other part of this class), last.
/// </summary>
[NonParallelizable]
public sealed partial class LoadGateAgainstReferenceTests : LoadGateReferenceTests
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(4);

    /// <summary>
    /// The real suite on the clean target with the reference runsettings, its loadProfiles and poolProfile given (as
    /// the settings allow) as paths to copies of normal-ci, peak-ci and pool-ci with a shorter steady stage (4 s, 4 s and
    /// 3 s instead of 8 s, 8 s and 6 s; the same users, rates, warm-ups and budgets): the gates, their evidence and
    /// their charts are the same whatever the window's length.
    /// </summary>
    [Test, Order(1)]
    public async Task Clean_target_passes_the_load_and_pool_gates_and_writes_the_evidence()
    {
        await Reference.UseDefectAsync(null);
        var normal = ShortProfile("normal-ci", duration: "4s", rampUp: "2s");
        var peak = ShortProfile("peak-ci", duration: "4s", rampUp: "2s");
        var poolProfile = ShortProfile("pool-ci", duration: "3s");
        var env = SuiteEnvironment(("SIRIM_LOAD_PROFILES", $"{normal},{peak}"), ("SIRIM_POOL_PROFILE", poolProfile));
        var run = await SuiteRunner.RunAsync(env, "Category=Load|Category=Pool", SuiteTimeout);
        var load = run.ReadEvidenceIfWritten("load_results.md");
        var pool = run.ReadEvidenceIfWritten("pool_config_evidence.md");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
            // One load case per profile of the setting (named by its path, as given), and the pool proof.
            Assert.That(run.Results, Has.Count.EqualTo(3), run.Describe());
            Assert.That(run.Results.Select(r => r.Name), Has.Exactly(2).StartsWith("Profile_meets_budgets(\"")
                .And.Exactly(1).EqualTo("Pool_reaches_expected_size_without_exhaustion"), run.Describe());
            Assert.That(run.Results.Select(r => r.Status), Is.All.EqualTo("passed"), run.Describe());
            Assert.That(run.Results.All(r => r.AttachmentCount >= 3), Is.True, "charts, CSV and Markdown are attached to Allure");
            Assert.That(run.GoNoGo, Does.Contain("| load | PASS |").And.Contain("| pool | PASS |"));

            // load_results.md: parameters, budgets with actual vs limit, per-step tables, charts and the raw timeline.
            Assert.That(load, Does.Contain("## Parameters").And.Contain("## Profile normal-ci").And.Contain("## Profile peak-ci")
                .And.Contain("| `p95_budget` | `p95 < 300ms` | setting p95Budget [Default] |")
                .And.Contain("| threshold | scope | actual | limit | result | note |").And.Contain("| `p95 < 300ms` | overall |")
                .And.Contain("### Load results: sirim_normal_ci — PASS (completed)").And.Contain("#### Thresholds")
                .And.Contain("| list_gastos |").And.Contain("| login |").And.Contain("| write_gasto_create |")
                .And.Contain("![requests per second](load_normal-ci_rps.png)").And.Contain("```csv")
                .And.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees.")
                .And.Not.Contain("could not confirm"));
            foreach (var file in new[] { "load_normal-ci_rps.png", "load_normal-ci_latency.png", "load_peak-ci_errors.png", "pool_connections.png" })
                Assert.That(IsPng(Path.Combine(run.RunDirectory, file)), Is.True, $"{file} is a PNG chart");
            Assert.That(File.Exists(Path.Combine(run.RunDirectory, "load_normal-ci_timeline.csv")), Is.True);

            // pool_config_evidence.md: the exact SQL, connection parameters without the password, max/percentiles, raw samples, chart.
            Assert.That(pool, Does.Contain("FROM pg_stat_activity").And.Contain("pg_backend_pid()").And.Contain("(password redacted)")
                .And.Contain("| total |").And.Contain("![connections vs concurrency](pool_connections.png)").And.Contain("pool_samples.csv"));
            Assert.That(Regex.Match(pool, @"\| `pool_reaches_expected_size` \| pass \| pg_stat_activity during profile pool-ci: observed at most (\d+) connections \(expected 20\)").Success,
                Is.True, "the pool proof passed with at least 20 connections:\n" + pool);
        });
        var secrets = Reference.Environment;
        var monitorPassword = new Npgsql.NpgsqlConnectionStringBuilder(secrets["SIRIM_DB_MONITOR_CONNECTION"]).Password;
        foreach (var secret in new[] { secrets["SIRIM_PASSWORD"], monitorPassword }.Where(s => !string.IsNullOrEmpty(s)))
            Assert.That(SuiteRunner.FilesContaining(run.RunDirectory, secret!), Is.Empty, "a secret value was written to the reports");
    }

    [Test, Order(2)]
    public async Task The_runner_refuses_a_host_not_in_the_safety_policy_before_the_login()
    {
        await Reference.UseDefectAsync(null);
        var options = Options();
        var plan = Prepare(options, "normal-ci") with { Safety = LoadSafetyPolicy.LoopbackOnly with { AllowedHosts = ["sirim-staging.example"] } };
        var before = await ServedRequestsAsync();
        var error = Assert.ThrowsAsync<LoadGateException>(() => LoadGateRunner.RunAsync(options, plan, null, null, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("the load run was refused before sending any traffic")
            .And.Contain("target host '127.0.0.1' is not allowed for load; add it to the allowed hosts of the load safety policy (allowed now: sirim-staging.example)"));
        Assert.That(await ServedRequestsAsync(), Is.EqualTo(before), "the login or a load request reached the target");
    }

    /// <summary>The defect cases are in LoadGatePoolDefectTests, LoadGateLatencyDefectTests and LoadGateDataDefectTests.cs (LoadGateCleanRunTests).</summary>
    [Test]
    public void Every_load_and_pool_defect_of_the_catalogue_has_a_test_above()
    {
        Assert.That(SeededDefects.OfGate("load", "pool").Select(d => d.Id),
            Is.EquivalentTo(new[]
            {
                "pool_size_10", "slow_gastos", "gastos_5pct_errors", "stall_every_few_seconds",
                "gasto_delete_not_committed", "gastos_list_holds_connection", "gastos_list_serialized",
            }));
    }

    private static bool IsPng(string path) =>
        File.Exists(path) && File.ReadAllBytes(path) is [0x89, (byte)'P', (byte)'N', (byte)'G', ..];
}
