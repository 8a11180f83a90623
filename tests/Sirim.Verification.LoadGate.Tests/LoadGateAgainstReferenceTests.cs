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
/// The load and pool gates against the reference target: the real suite on the clean target (both gates pass, the
/// evidence is written without secrets), the suite refusing a host that is not allowed for load (nothing sent), and
/// each seeded defect of issue 6 in-process (the gate's runner and checks against one started target per defect: the
/// named check fails and its message names the figure). The CI profiles run in seconds; the defects are strong enough
/// (a 0.5 s query against a 300 ms budget, 1 failure in 20 against 1 %, a 1.5 s stall every 5 s against p99 &lt; 1 s,
/// a pool of 10 against 20, every delete rolled back, connections held twice the pool timeout, a list capped at 10
/// requests per second against 32 due per second) that the verdicts do not depend on the machine's speed.
/// </summary>
[NonParallelizable]
public sealed partial class LoadGateAgainstReferenceTests : AgainstReferenceTarget
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(4);

    [Test, Order(1)]
    public async Task Clean_target_passes_the_load_and_pool_gates_and_writes_the_evidence()
    {
        await Reference.UseDefectAsync(null);
        var run = await SuiteRunner.RunAsync(SuiteEnvironment(), "Category=Load|Category=Pool", SuiteTimeout);
        var load = run.ReadEvidenceIfWritten("load_results.md");
        var pool = run.ReadEvidenceIfWritten("pool_config_evidence.md");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
            Assert.That(run.Results.Select(r => r.Name), Is.EquivalentTo(new[]
            {
                "Profile_meets_budgets(\"normal-ci\")", "Profile_meets_budgets(\"peak-ci\")", "Pool_reaches_expected_size_without_exhaustion",
            }), run.Describe());
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
        var env = Reference.Environment;
        var monitorPassword = new Npgsql.NpgsqlConnectionStringBuilder(env["SIRIM_DB_MONITOR_CONNECTION"]).Password;
        foreach (var secret in new[] { env["SIRIM_PASSWORD"], monitorPassword }.Where(s => !string.IsNullOrEmpty(s)))
            Assert.That(SuiteRunner.FilesContaining(run.RunDirectory, secret!), Is.Empty, "a secret value was written to the reports");
    }

    [Test, Order(2)]
    public async Task A_host_not_allowed_for_load_is_refused_by_the_suite_before_any_request()
    {
        await Reference.UseDefectAsync(null);
        var before = await ServedRequestsAsync();
        var env = SuiteEnvironment(("SIRIM_LOAD_ALLOWED_HOSTS", "sirim-staging.example"));
        var run = await SuiteRunner.RunAsync(env, "Category=Load|Category=Pool", SuiteTimeout);
        var after = await ServedRequestsAsync();
        const string refusal = "NOT RUN: load is not allowed on host '127.0.0.1'; allowed hosts: sirim-staging.example. " +
                               "Add the host to loadAllowedHosts (SIRIM_LOAD_ALLOWED_HOSTS) only where load is agreed.";
        Assert.Multiple(() =>
        {
            Assert.That(run.Results, Has.Count.EqualTo(3), run.Describe());
            Assert.That(run.Results.Select(r => r.Status), Is.All.EqualTo("skipped"), run.Describe());
            Assert.That(run.Results.Select(r => r.Message), Is.All.EqualTo(refusal));
            Assert.That(run.GoNoGo, Does.Contain("NO-GO"));
            Assert.That(run.ReadEvidence("load_results.md"), Does.Contain(refusal));
            Assert.That(run.ReadEvidence("pool_config_evidence.md"), Does.Contain(refusal));
            // The target served nothing but the suite's reachability probe (/healthz) and our own /metrics reads.
            Assert.That(after, Is.EqualTo(before), "requests other than /healthz and /metrics reached the target");
        });
    }

    [Test]
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

    [Test]
    public async Task Pool_size_10_fails_the_pool_proof_with_the_observed_number()
    {
        // The API can never open more than 10 connections: a short copy of pool-ci (40 users back to back) shows it.
        var run = await RunInProcessAsync("pool_size_10", ShortProfile("pool-ci"), sampled: true);
        var outcomes = LoadGateChecks.Pool(20).Select(c => c.Evaluate(run)).ToList();
        var outcome = outcomes.Single(o => o.CheckId == "pool_reaches_expected_size");
        var text = FailureRenderer.Render(outcome, Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(CaughtBy("pool_size_10"), Is.EqualTo(outcome.CheckId), "defects.json names the check that fails");
            Assert.That(run.Pool!.Summary.MaxTotal, Is.EqualTo(10), "the API never has more than its 10 pooled connections");
            Assert.That(text, Does.Match(
                @"^\[pool\] pool_reaches_expected_size: pg_stat_activity during profile pool-ci   \(severity critical · budget exceeded\)\n" +
                @"Expected: at least 20 connections while at least 20 requests are in flight\n" +
                @"Actual:   observed at most 10 connections, expected 20 \(with up to \d+ requests in flight; counted with application_name = 'sirim-api'\)\n"));
            Assert.That(run.MaxConcurrentRequests, Is.GreaterThanOrEqualTo(20), "the load kept enough requests in flight to fill a pool of 20");
            Assert.That(outcomes.Single(o => o.CheckId == "pool_not_exhausted").Failed, Is.False,
                "a smaller pool slows requests down; it does not make them fail at this load");
        });
    }

    [Test]
    public async Task Slow_gastos_breaks_the_p95_budget()
    {
        // Every list request is slow: any measured window shows it, so a short copy of normal-ci is enough.
        var run = await RunInProcessAsync("slow_gastos", ShortProfile("normal-ci"));
        var (outcome, text) = Judge(run, new P95Budget());
        var p95 = run.Report.Thresholds.Single(t => t.Threshold == "p95 < 300ms");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(CaughtBy("slow_gastos"), Is.EqualTo(outcome.CheckId));
            // Eight iterations in ten are the list, and each list request sleeps 0.5 s in the database.
            Assert.That(p95.Actual, Is.GreaterThanOrEqualTo(500), "p95 in ms");
            Assert.That(text, Does.StartWith(
                "[load] p95_budget: profile normal-ci, all critical routes   (severity high · budget exceeded)\n" +
                "Expected: p95 < 300ms (setting p95Budget [Default])\n" +
                $"Actual:   p95 = {p95.ActualText} (per route: list_gastos "));
            Assert.That(Figure(text, "list_gastos"), Is.GreaterThanOrEqualTo(500), "the message names the slow route with its p95");
        });
    }

    [Test]
    public async Task Gastos_5pct_errors_breaks_the_error_rate_budget()
    {
        var run = await RunInProcessAsync("gastos_5pct_errors", "normal-ci");
        var (outcome, text) = Judge(run, new ErrorRateBudget());
        var list = run.Report.Steps.Single(s => s.Name == "list_gastos");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(CaughtBy("gastos_5pct_errors"), Is.EqualTo(outcome.CheckId));
            // Exactly one list request in twenty fails: about 5 % of the list, about 4 % overall (the list is 8 routes in 10).
            Assert.That(list.ErrorRate, Is.InRange(0.04, 0.06));
            Assert.That(list.StatusCodes.GetValueOrDefault(500), Is.EqualTo(list.Fail));
            Assert.That(text, Does.StartWith(
                "[load] error_rate_budget: profile normal-ci, all critical routes   (severity critical · budget exceeded)\n" +
                "Expected: error_rate < 1% (setting errorRateBudget [Default])\n" +
                "Actual:   error_rate = "));
            Assert.That(text, Does.Contain($"(per route: list_gastos {(list.ErrorRate * 100).ToString("0.00", CultureInfo.InvariantCulture)}% of {list.Count}")
                .And.Contain("← 500 Internal Server Error").And.Contain("Unexpected error while listing gastos.")
                .And.Contain("Reproduce: curl"));
        });
    }

    [Test]
    public async Task A_server_that_stalls_every_few_seconds_shows_in_the_open_model_p99()
    {
        var run = await RunInProcessAsync("stall_every_few_seconds", "normal-ci");
        var (outcome, text) = Judge(run, new P99Budget());
        var p99 = run.Report.Thresholds.Single(t => t.Threshold == "p99 < 1s");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(CaughtBy("stall_every_few_seconds"), Is.EqualTo(outcome.CheckId));
            Assert.That(run.Plan.Profile.Model, Is.EqualTo(Load.Simulations.LoadModel.Open), "latency from the intended start");
            // Iterations due in the first 0.5 s of a 1.5 s stall wait at least 1 s; the 8 s measured window holds a whole stall.
            Assert.That(p99.Actual, Is.GreaterThanOrEqualTo(1000), "p99 in ms");
            Assert.That(text, Does.StartWith(
                "[load] p99_budget: profile normal-ci, all critical routes   (severity high · budget exceeded)\n" +
                "Expected: p99 < 1s (setting p99Budget [Default])\n" +
                $"Actual:   p99 = {p99.ActualText} (per route: list_gastos "));
            Assert.That(text, Does.Contain("Hint:     Some requests wait far longer than the rest: periodic stalls"));
            Assert.That(run.Report.Iterations.Dropped, Is.Zero, "a stall shows as latency, not as dropped iterations");
        });
    }

    [Test]
    public async Task A_delete_that_is_never_committed_leaves_the_test_data_behind()
    {
        // Every delete is rolled back: any window shows it, so a short copy of normal-ci is enough.
        var run = await RunInProcessAsync("gasto_delete_not_committed", ShortProfile("normal-ci"));
        var (outcome, text) = Judge(run, new TestDataCleanedUp());
        var c = run.Cleanup;
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(outcome.Failed, Is.True, text);
                Assert.That(CaughtBy("gasto_delete_not_committed"), Is.EqualTo(outcome.CheckId));
                // Every DELETE answered 204, so only reading the gastos back shows that none of them is gone.
                Assert.That(run.Report.Steps.Single(s => s.Name == "write_gasto_delete").Fail, Is.Zero, "every DELETE answered 204");
                Assert.That(c.Results, Is.Not.Empty);
                Assert.That(c.NotGone, Has.Count.EqualTo(c.Results.Count), "every created gasto is still there");
                Assert.That(c.NotGone.Select(r => r.Verification), Is.All.EqualTo("still there after 3 DELETE attempt(s): DELETE → 204; GET → 200"),
                    "the load's own DELETE, then cleanupMaxAttempts (3) more, each read back");
                var first = c.NotGone[0];
                Assert.That(text, Does.StartWith(
                    $"[load] test_data_cleaned_up: profile normal-ci: test data tagged '{c.RunTag}': {c.Results.Count} resource(s) created by run {c.RunTag}   (severity medium · data left behind)\n" +
                    "Expected: every resource the run created deleted and read back as 404/410, and no item of the run left in the collections it wrote to\n" +
                    $"Actual:   {c.NotGone.Count} left: /api/gastos/{first.Resource.Id} (created by POST /api/gastos (write_gasto)): still there after 3 DELETE attempt(s)"));
                Assert.That(text, Does.Contain("Hint:     The deployment kept data the run created"));
                // The gastos listed after the cleanup show the same leftovers, each with the run's tag: the inventory agrees with the read-backs.
                Assert.That(c.InventoryConfirms, Is.True, string.Join("\n", c.InventoryNotes));
                Assert.That(c.Leftovers.Select(l => l.Id), Is.EquivalentTo(c.NotGone.Select(r => r.Resource.Id)));
                Assert.That(c.Leftovers.Select(l => (l.Tracked, l.Why)), Is.All.EqualTo((true, $"carries the run tag {c.RunTag} and is new since the start")));
                Assert.That(c.UntrackedLeftovers, Is.Empty, "each is named once, by the tracked cleanup");
                var listed = Regex.Match(c.InventoryNotes.Single(), @" listed (\d+) item\(s\) before the load and (\d+) after the cleanup\.$");
                Assert.That(listed.Success, Is.True, c.InventoryNotes.Single());
                Assert.That(int.Parse(listed.Groups[2].Value, CultureInfo.InvariantCulture) - int.Parse(listed.Groups[1].Value, CultureInfo.InvariantCulture),
                    Is.EqualTo(c.NotGone.Count), "the gastos listed after the cleanup are those before plus every one the load could not delete");
                // The evidence names each leftover with a redacted curl that removes it.
                var evidence = c.Render(new Core.Evidence.MarkdownDocument("t"), new Redactor([Reference.Environment["SIRIM_PASSWORD"]]), "Test data", 3).ToString();
                Assert.That(evidence, Does.Contain($"| /api/gastos/{first.Resource.Id} | POST /api/gastos (write_gasto); found by /id of its answer | **NO** |")
                    .And.Contain($"| /api/gastos/{first.Resource.Id} | carries the run tag {c.RunTag} and is new since the start | yes |")
                    .And.Contain(c.InventoryNotes.Single())
                    .And.Contain($"curl -X DELETE '{Reference.Environment["SIRIM_API_URL"].TrimEnd('/')}/api/gastos/{first.Resource.Id}' -H 'Authorization: Bearer [redacted]'"));
            });
        }
        finally
        {
            // The fixture's database is throwaway, but the gastos this run could not delete are removed all the same.
            await DeleteWithCleanTargetAsync(run.Plan, c.NotGone.Select(r => (r.Resource.CreatedByCase, r.Resource.Id!)).ToList());
        }
    }

    /// <summary>
    /// The committed routes list the load's empresa before the first request and after the cleanup: on the clean target
    /// both listings hold the same gastos, so the account says nothing is left and the inventory agrees; the list
    /// requests are not steps of the load (not in its statistics).
    /// </summary>
    [Test]
    public async Task A_clean_run_takes_the_inventory_and_it_agrees_that_nothing_is_left()
    {
        await Reference.UseDefectAsync(null);
        var options = Options();
        var plan = Prepare(options, ShortProfile("normal-ci"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var run = await LoadGateRunner.RunAsync(options, plan, null, null, timeout.Token);
        var (outcome, text) = Judge(run, new TestDataCleanedUp());
        var c = run.Cleanup;
        var evidence = c.Render(new Core.Evidence.MarkdownDocument("t"), Redactor.None, "Test data", 3).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed), text);
            Assert.That((c.InventoryConfirms, c.Leftovers.Count), Is.EqualTo((true, 0)), string.Join("\n", c.InventoryNotes));
            Assert.That(c.Results, Is.Not.Empty);
            Assert.That(c.InventoryNotes.Single(), Does.Match(
                @"^/api/gastos: GET /api/gastos\?empresaId=\{empresaId\}&page=\{page\}&pageSize=100 listed (\d+) item\(s\) before the load and \1 after the cleanup\.$"));
            Assert.That(evidence, Does.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees."));
            Assert.That(run.Report.Steps.Select(s => s.Name), Is.EquivalentTo(new[] { "list_gastos", "login", "write_gasto_create", "write_gasto_delete" }),
                "the inventory's list requests are no step of the load");
        });
    }

    /// <summary>
    /// A routes file of another shape than the committed one: the id from Location, numbers and per-request values in the
    /// body, a setting key in the path. Everything the write creates is deleted and read back as gone.
    /// </summary>
    [Test]
    public async Task A_templated_write_with_the_id_from_location_creates_and_deletes_with_per_request_values()
    {
        var dir = Directory.CreateTempSubdirectory("sirim-routes-").FullName;
        try
        {
            var routes = Path.Combine(dir, "routes.json");
            await File.WriteAllTextAsync(routes, """
                { "routes": [
                  { "name": "list", "method": "GET", "path": "/api/gastos?empresaId={loadEmpresaId}&pageSize=5", "weight": 3 },
                  { "name": "add", "method": "POST", "path": "/api/gastos", "expect": [201], "createdIdFromLocation": true,
                    "body": { "empresaId": "{loadEmpresaId:number}", "fecha": "{date}", "concepto": "{tag} #{n}", "monto": "{n:number}",
                              "categoria": "otros", "referencia": "{uuid}" },
                    "cleanup": { "path": "/api/gastos/{id}", "expect": [204] }, "weight": 1 }
                ] }
                """);
            await Reference.UseDefectAsync(null);
            var options = Options(("SIRIM_LOAD_ROUTES_FILE", routes));
            var plan = Prepare(options, ShortProfile("normal-ci"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var run = await LoadGateRunner.RunAsync(options, plan, null, null, timeout.Token);
            var (cleanup, text) = Judge(run, new TestDataCleanedUp());
            var add = run.Report.Steps.Single(s => s.Name == "add_create");
            Assert.Multiple(() =>
            {
                Assert.That(add.Count, Is.GreaterThan(0));
                Assert.That(add.Fail, Is.Zero, "every templated create answered 201 with a Location: " + string.Join("\n", run.FailureSamples.Keys));
                Assert.That(run.Report.Steps.Single(s => s.Name == "add_delete").Count, Is.EqualTo(add.Count));
                Assert.That(cleanup.Status, Is.EqualTo(CheckStatus.Passed), text);
                Assert.That(run.Cleanup.Results, Has.Count.GreaterThan(add.Count), "the measured creates, plus the priming and warm-up ones");
                Assert.That(run.Cleanup.Results.Select(r => r.Verification), Is.All.EqualTo("DELETE by the run → 204; GET → 404"), "every deletion read back as gone");
                Assert.That(run.Cleanup.Results.Select(r => r.Resource.FoundBy), Is.All.EqualTo("the Location header of its answer"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A write route whose created id is looked for in the wrong place: every create answers 201, so something was
    /// created that the run cannot delete; the ledger keeps it (not deletable, why) and test_data_cleaned_up fails.
    /// </summary>
    [Test]
    public async Task A_create_whose_id_cannot_be_found_is_accounted_for_and_fails_the_cleanup_check()
    {
        var dir = Directory.CreateTempSubdirectory("sirim-routes-").FullName;
        var tag = "";
        try
        {
            var routes = Path.Combine(dir, "routes.json");
            await File.WriteAllTextAsync(routes, """
                { "routes": [
                  { "name": "add", "method": "POST", "path": "/api/gastos", "expect": [201], "createdIdPointer": "/nope",
                    "body": { "empresaId": "{loadEmpresaId:number}", "fecha": "{date}", "concepto": "{tag} #{n}", "monto": "{n:number}", "categoria": "otros" },
                    "cleanup": { "path": "/api/gastos/{id}", "expect": [204] }, "weight": 1 }
                ] }
                """);
            await Reference.UseDefectAsync(null);
            var options = Options(("SIRIM_LOAD_ROUTES_FILE", routes));
            var plan = Prepare(options, "normal-ci");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var run = await LoadGateRunner.RunAsync(options, plan, null, null, timeout.Token);
            tag = run.Cleanup.RunTag;
            var (outcome, text) = Judge(run, new TestDataCleanedUp());
            Assert.Multiple(() =>
            {
                Assert.That(run.Cleanup.Results.Select(r => (r.Resource.Id, r.Gone, r.Verification)), Is.EqualTo(new[]
                {
                    ((string?)null, false, $"not deletable: its 201 answer had no id at /nope; look for '{tag}' by hand"),
                }), "one entry for the route, however many creates it sent");
                Assert.That(outcome.Failed, Is.True, text);
                Assert.That(text, Does.Contain($"Actual:   1 left: /api/gastos ← POST /api/gastos (add) (created by POST /api/gastos (add)): not deletable"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            // The gastos this run created and could not find again are removed from the throwaway database by their tag.
            if (tag.Length > 0)
            {
                await using var db = Npgsql.NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
                await using var cmd = db.CreateCommand("DELETE FROM gastos WHERE strpos(concepto, $1) > 0");
                cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = tag });
                await cmd.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>dbApplicationName set explicitly empty: the sessions of the API's database are counted whatever their application_name.</summary>
    [Test]
    public async Task Without_an_application_name_filter_the_pool_proof_counts_the_sessions_of_the_database()
    {
        await Reference.UseDefectAsync(null);
        var options = Options(("SIRIM_DB_APPLICATION_NAME", ""));
        var plan = Prepare(options, ShortProfile("pool-ci"));
        var (sampler, problems) = LoadGateChecks.SamplerOptions(options, plan.Profile.PlannedDuration);
        Assert.That(problems, Is.Empty);
        Assert.That(sampler!.ApplicationName, Is.Null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var run = await LoadGateRunner.RunAsync(options, plan, null, sampler, timeout.Token);
        var (outcome, text) = Judge(run, new PoolReachesExpectedSize(20));
        var evidence = LoadEvidence.PoolSection(run, 20, [outcome], "pool_connections.png", "pool_samples.csv");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed), text);
            Assert.That(outcome.Subject, Does.EndWith("requests in flight; counted with no application_name filter"));
            Assert.That(evidence, Does.Contain("application_name = any").And.Contain("@application_name = NULL")
                .And.Contain("(sessions counted with no application_name filter)"));
        });
    }

    [Test]
    public async Task A_list_that_holds_pooled_connections_exhausts_the_pool_under_load()
    {
        var run = await RunInProcessAsync("gastos_list_holds_connection", "pool-ci", sampled: true);
        var outcomes = LoadGateChecks.Pool(20).Select(c => c.Evaluate(run)).ToList();
        var outcome = outcomes.Single(o => o.CheckId == "pool_not_exhausted");
        var text = FailureRenderer.Render(outcome, Redactor.None);
        var unavailable = run.Report.Overall.StatusCodes.GetValueOrDefault(503);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(CaughtBy("gastos_list_holds_connection"), Is.EqualTo(outcome.CheckId));
            // Requests wait the pool timeout (5 s) for a connection the audit tasks hold for 10 s, then answer 503.
            Assert.That(unavailable, Is.GreaterThan(0));
            Assert.That(run.Signals.ServerErrors5xx, Is.EqualTo(unavailable), "every 5xx is the pool's 503");
            Assert.That(text, Does.StartWith(
                $"[pool] pool_not_exhausted: responses during profile pool-ci ({run.Report.Overall.Count} requests)   (severity critical · budget exceeded)\n" +
                "Expected: no pool timeout errors, no 5xx, no 'too many clients'\n" +
                $"Actual:   {unavailable} responses 5xx"));
            Assert.That(text, Does.Contain("← 503 Service Unavailable").And.Contain("The database is unavailable; retry later.")
                .And.Contain("Hint:     Requests waited longer than the pool timeout"));
            Assert.That(outcomes.Single(o => o.CheckId == "pool_reaches_expected_size").Failed, Is.False,
                "the pool does open its 20 connections; they are held, not missing");
        });
    }

    [Test]
    public async Task A_list_served_one_at_a_time_makes_the_open_model_drop_iterations()
    {
        var run = await RunInProcessAsync("gastos_list_serialized", "peak-ci");
        var (outcome, text) = Judge(run, new ProfileThresholds());
        var dropped = run.Report.Thresholds.Single(t => t.Threshold == "dropped == 0");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(CaughtBy("gastos_list_serialized"), Is.EqualTo(outcome.CheckId));
            Assert.That(run.Plan.Profile.Model, Is.EqualTo(Load.Simulations.LoadModel.Open), "iterations are due on schedule");
            // 32 list iterations are due per second and the list serves at most 10: the 100 slots fill and the rest cannot start.
            Assert.That(run.Report.Iterations.Dropped, Is.GreaterThan(0));
            Assert.That(dropped.Actual, Is.EqualTo(run.Report.Iterations.Dropped));
            Assert.That(text, Does.StartWith(
                "[load] profile_thresholds: profile peak-ci, its own thresholds   (severity medium · budget exceeded)\n" +
                "Expected: dropped == 0\n" +
                $"Actual:   overall dropped = {dropped.ActualText} (of {run.Report.Iterations.Started + run.Report.Iterations.Dropped} iterations due, with at most 100 in flight)\n"));
            Assert.That(text, Does.Contain("Hint:     Iterations were due but could not start"));
        });
    }

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

    /// <summary>Removes <paramref name="items"/> through the API of the clean target with their route's cleanup (bounded: one request each, with the request timeout).</summary>
    private async Task DeleteWithCleanTargetAsync(LoadGatePlan plan, IReadOnlyList<(string Route, string Id)> items)
    {
        if (items.Count == 0) return;
        await Reference.UseDefectAsync(null);
        var options = Options();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new ExchangeClient(options.RequestTimeout, options.TlsSkipVerify);
        var auth = await Authenticator.AuthenticateAsync(options, client, timeout.Token);
        Assert.That(auth.Succeeded, Is.True, auth.Problem);
        using var requests = new Http.SirimRequests(options, plan.Safety, 4, new Http.FailureLog()) { Token = auth.Token };
        var values = Routes.RouteValues.Bind(plan.Routes, options).Values!;
        foreach (var item in items) await requests.CleanupAsync("cleanup", plan.Routes.Single(r => r.Name == item.Route), values, item.Id, timeout.Token);
    }

    /// <summary>Starts the target with <paramref name="defect"/> and runs the gate's runner on <paramref name="profile"/> (with the pool sampler when asked).</summary>
    /// <summary>
    /// load_completed guards the run itself: no target behaviour stops the plan's clock (slow or failing answers are
    /// bounded by the request timeout and judged by the budgets), so a run ends early only when the suite is stopped (a
    /// CI job timeout, a cancelled test run) or reaches a safety cap. This is that case for real: a run against the
    /// clean target, stopped 4 s into its 12 s plan.
    /// </summary>
    [Test]
    public async Task A_run_stopped_half_way_fails_load_completed_and_still_cleans_up()
    {
        await Reference.UseDefectAsync(null);
        var options = Options();
        var plan = Prepare(options, "normal-ci");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var run = await LoadGateRunner.RunAsync(options, plan, null, null, stop.Token);
        var (outcome, text) = Judge(run, new LoadCompleted());
        var (cleanup, cleanupText) = Judge(run, new TestDataCleanedUp());
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(run.Report.Outcome, Is.EqualTo(Load.Stats.LoadOutcome.Cancelled));
            Assert.That(run.Report.Elapsed, Is.LessThan(run.Report.PlannedDuration));
            Assert.That(run.Report.Iterations.Started, Is.GreaterThan(0), "part of the plan ran");
            Assert.That(text, Does.StartWith($"[load] load_completed: profile normal-ci: {run.Report.Iterations.Started} iterations in ")
                .And.Contain($"Expected: the whole plan ({run.Report.PlannedDuration.TotalSeconds:0} s)\nActual:   cancelled: the run was cancelled by the caller"));
            Assert.That(cleanup.Failed, Is.False, "the gastos created before the stop are deleted all the same:\n" + cleanupText);
        });
    }

    private string _shortProfiles = null!;

    [OneTimeSetUp]
    public void MakeProfileFolder() => _shortProfiles = Directory.CreateTempSubdirectory("sirim-load-profiles-").FullName;

    [OneTimeTearDown]
    public void RemoveProfileFolder()
    {
        if (Directory.Exists(_shortProfiles)) Directory.Delete(_shortProfiles, recursive: true);
    }

    /// <summary>
    /// The committed profile <paramref name="name"/> with the same name, model, users, rate and thresholds but shorter
    /// stages (1 s ramp-up, 3 s steady, 1 s warm-up where it has one): for what every request shows (a defect, the
    /// pool's size under 40 users back to back), so the verdict does not depend on how long the window is. Returns the
    /// file's path (a profile setting may be a path to a .json file).
    /// </summary>
    private string ShortProfile(string name)
    {
        var path = Path.Combine(_shortProfiles, name + ".json");
        if (File.Exists(path)) return path;
        var profile = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(LoadGate.Profiles.LoadProfileFile.PathFor(name, RepositoryRoot.Find())))!;
        profile["rampUp"] = "1s";
        profile["duration"] = "3s";
        if ((string?)profile["warmUp"] is { } warmUp && warmUp != "0s") profile["warmUp"] = "1s";
        File.WriteAllText(path, profile.ToJsonString());
        return path;
    }

    private async Task<LoadGateResult> RunInProcessAsync(string defect, string profile, bool sampled = false)
    {
        await Reference.UseDefectAsync(defect);
        var options = Options();
        var plan = Prepare(options, profile);
        var sampler = sampled ? LoadGateChecks.SamplerOptions(options, plan.Profile.PlannedDuration) : null;
        Assert.That(sampler?.Errors, Is.Null.Or.Empty);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await LoadGateRunner.RunAsync(options, plan, null, sampler?.Options, timeout.Token);
    }

    /// <summary>The reference deployment's settings; progress as plain lines (no live line on the terminal of whoever runs the self-tests).</summary>
    private Dictionary<string, string> SuiteEnvironment(params (string Key, string Value)[] overrides)
    {
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_PROGRESS"] = "plain" };
        foreach (var (key, value) in overrides) env[key] = value;
        return env;
    }

    private TargetOptions Options(params (string Key, string Value)[] overrides)
    {
        var env = SuiteEnvironment(overrides);
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        return loaded.Options!;
    }

    private static LoadGatePlan Prepare(TargetOptions options, string profile)
    {
        var preparation = LoadGatePlanner.Prepare(options, RepositoryRoot.Find(), profile);
        Assert.That(preparation.Errors, Is.Empty);
        Assert.That(preparation.NotRunReason, Is.Null);
        return preparation.Options!;
    }

    private static (CheckOutcome Outcome, string Text) Judge(LoadGateResult run, ICheck<LoadGateResult> check)
    {
        var outcome = check.Evaluate(run);
        return (outcome, FailureRenderer.Render(outcome, Redactor.None));
    }

    /// <summary>The figure in milliseconds the message gives a route ("list_gastos 612.3 ms" or "list_gastos 1.48 s").</summary>
    private static double Figure(string text, string route)
    {
        var match = Regex.Match(text, Regex.Escape(route) + @" (?<n>[0-9.]+) (?<unit>ms|s)\b");
        Assert.That(match.Success, Is.True, $"no figure for {route} in:\n{text}");
        var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value == "s" ? n * 1000 : n;
    }

    /// <summary>Requests the target served, per route and status, except its health probe and metrics.</summary>
    private async Task<string> ServedRequestsAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await client.GetStringAsync(new Uri(new Uri(Reference.Environment["SIRIM_API_URL"]), "/metrics"));
        return string.Join("\n", metrics.Split('\n')
            .Where(l => l.StartsWith("http_server_requests_total{", StringComparison.Ordinal))
            .Where(l => !l.Contains("route=\"/healthz\"", StringComparison.Ordinal) && !l.Contains("route=\"/metrics\"", StringComparison.Ordinal)));
    }

    private static bool IsPng(string path) =>
        File.Exists(path) && File.ReadAllBytes(path) is [0x89, (byte)'P', (byte)'N', (byte)'G', ..];

    private static string CaughtBy(string defect) => SeededDefects.Get(defect).CaughtBy;
}
