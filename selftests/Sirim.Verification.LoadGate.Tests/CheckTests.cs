using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.Pool;
using static Sirim.Verification.LoadGate.Tests.FakeRuns;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>Each check of the load and pool gates: a passing run and a failing run, with the rendered failure pinned.</summary>
public sealed class CheckTests
{
    private static string Render(CheckOutcome outcome) => FailureRenderer.Render(outcome, new Redactor(["secret-token"]));

    [Test]
    public void Budgets_pass_when_the_engine_says_they_hold()
    {
        var run = Run();
        Assert.That(new ICheck<LoadGateResult>[] { new P95Budget(), new P99Budget(), new ErrorRateBudget(), new ProfileThresholds(), new LoadCompleted() }
            .Select(c => c.Evaluate(run).Status), Is.All.EqualTo(CheckStatus.Passed));
    }

    [Test]
    public void P95_budget_names_the_budget_its_source_and_each_route()
    {
        var run = Run(
            thresholds: [Threshold("p95 < 300ms", "p95", "612.3 ms", false), Threshold("p99 < 1s", "p99", "700.0 ms", true), Threshold("error_rate < 1%", "error_rate", "0.00%", true)],
            steps: [Step("list_gastos", 160, 0, 640.1, 700.0), Step("login", 20, 0, 30.2, 35.0)]);
        Assert.That(Render(new P95Budget().Evaluate(run)), Is.EqualTo(
            "[load] p95_budget: profile normal-ci, all critical routes   (severity high · budget exceeded)\n" +
            "Expected: p95 < 300ms (setting p95Budget [Default])\n" +
            "Actual:   p95 = 612.3 ms (per route: list_gastos 640.1 ms, login 30.2 ms)\n" +
            "Hint:     The critical routes are slower than the budget under this load: look at the slowest route's queries, the database and the app's CPU; compare with the previous release.\n"));
    }

    [Test]
    public void P99_budget_fails_with_the_tail_of_each_route()
    {
        var run = Run(thresholds: [Threshold("p99 < 1s", "p99", "1480.0 ms", false)], steps: [Step("list_gastos", 160, 0, 900, 1480), Step("login", 20, 0, 800, 1400)]);
        var text = Render(new P99Budget().Evaluate(run));
        Assert.That(text, Does.StartWith("[load] p99_budget: profile normal-ci, all critical routes   (severity high · budget exceeded)\nExpected: p99 < 1s (setting p99Budget [Default])\n" +
                                         "Actual:   p99 = 1480.0 ms (per route: list_gastos 1480.0 ms, login 1400.0 ms)\nHint:     Some requests wait far longer"));
    }

    [Test]
    public void Error_rate_budget_shows_the_first_failed_response_with_a_curl_line()
    {
        var run = Run(
            thresholds: [Threshold("error_rate < 1%", "error_rate", "4.00%", false)],
            steps: [Step("list_gastos", 160, 8, 12, 20, new() { [200] = 152, [500] = 8 }), Step("login", 40, 0, 30, 35)],
            failures: new Dictionary<string, IReadOnlyList<HttpExchange>> { ["list_gastos"] = [Exchange(500, "{\"title\":\"Internal Server Error\"}")] });
        var text = Render(new ErrorRateBudget().Evaluate(run));
        Assert.That(text, Does.StartWith(
            "[load] error_rate_budget: profile normal-ci, all critical routes   (severity critical · budget exceeded)\n" +
            "Expected: error_rate < 1% (setting errorRateBudget [Default])\n" +
            "Actual:   error_rate = 4.00% (per route: list_gastos 5.00% of 160, login 0.00% of 40)\n"));
        Assert.That(text, Does.Contain("← 500 Internal Server Error (12 ms)").And.Contain("Reproduce: curl -i -X GET 'http://127.0.0.1:5080/api/gastos?empresaId=1' -H 'Authorization: Bearer [redacted]'"));
    }

    [Test]
    public void Profile_thresholds_explain_dropped_iterations()
    {
        var run = Run(thresholds: [Threshold("dropped == 0", "dropped", "7", false)], iterations: new IterationStats(173, 173, 0, 0, 7, new Dictionary<string, long>()));
        Assert.That(Render(new ProfileThresholds().Evaluate(run)), Is.EqualTo(
            "[load] profile_thresholds: profile normal-ci, its own thresholds   (severity medium · budget exceeded)\n" +
            "Expected: dropped == 0\n" +
            "Actual:   overall dropped = 7 (of 180 iterations due, with at most 100 in flight)\n" +
            "Hint:     Iterations were due but could not start: the target (or the machine sending the load) could not keep up; their latency is unknown, which hides slowness.\n"));
    }

    [Test]
    public void Load_completed_fails_on_a_cancelled_run_but_not_on_a_budget_abort()
    {
        Assert.That(new LoadCompleted().Evaluate(Run(outcome: LoadOutcome.Aborted)).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new LoadCompleted().Evaluate(Run(outcome: LoadOutcome.Cancelled))), Is.EqualTo(
            "[load] load_completed: profile normal-ci: 180 iterations in 10.0 s   (severity high · budget exceeded)\n" +
            "Expected: the whole plan (10 s)\n" +
            "Actual:   cancelled: the caller cancelled the run\n" +
            "Hint:     The run stopped before the end of its plan; the figures are partial (load_results.md says how far it got).\n"));
    }

    [Test]
    public void Test_data_cleaned_up_lists_the_leftover_ids()
    {
        Assert.That(new TestDataCleanedUp().Evaluate(Run()).Status, Is.EqualTo(CheckStatus.NotApplicable));
        Assert.That(new TestDataCleanedUp().Evaluate(Run(cleanup: Cleanup(20))).Status, Is.EqualTo(CheckStatus.Passed));
        // A 204 that did not delete: found when the Core cleanup reads the deletions back after the run.
        Assert.That(Render(new TestDataCleanedUp().Evaluate(Run(cleanup: Cleanup(20, 4, 7)))), Is.EqualTo(
            "[load] test_data_cleaned_up: profile normal-ci: test data tagged 'sirim-verification load run1': 20 resource(s) created by run sirim-verification load run1   (severity medium · data left behind)\n" +
            "Expected: every resource the run created deleted and read back as 404/410, and no item of the run left in the collections it wrote to\n" +
            "Actual:   2 left: /api/gastos/4 (created by POST /api/gastos (write_gasto)): still there after 2 DELETE attempt(s): DELETE → 204; GET → 200; " +
            "/api/gastos/7 (created by POST /api/gastos (write_gasto)): still there after 2 DELETE attempt(s): DELETE → 204; GET → 200\n" +
            "Hint:     The deployment kept data the run created: its DELETE does not remove it (or the run could not find its id). Remove each with the DELETE line of the evidence, then fix the delete.\n"));
        // Thousands left by a load run: the failure names the first 20 and says where the rest are.
        Assert.That(Render(new TestDataCleanedUp().Evaluate(Run(cleanup: Cleanup(30, Enumerable.Range(1, 30).Select(i => (long)i).ToArray())))),
            Does.Contain("Actual:   30 left: /api/gastos/1 (created by").And.Contain("/api/gastos/20 (created by")
                .And.Not.Contain("/api/gastos/21 (created by").And.Contain("; … and 10 more (all listed in the evidence)"));
    }

    [Test]
    public void The_pool_checks_judge_the_pool_facts_of_a_load_run()
    {
        var run = Run(signals: new PoolExhaustionSignals(3, 3, 0),
            failures: new Dictionary<string, IReadOnlyList<HttpExchange>> { ["list_gastos"] = [Exchange(503, "{\"detail\":\"connection pool exhausted\"}")] });
        var outcomes = LoadGateChecks.Pool(20).Select(c => c.Evaluate(run)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => (o.Gate, o.CheckId)), Is.EqualTo(new[] { ("pool", "pool_reaches_expected_size"), ("pool", "pool_not_exhausted") }));
            Assert.That((outcomes[0].Status, outcomes[0].Subject), Is.EqualTo((CheckStatus.NotApplicable, "pg_stat_activity during profile normal-ci")),
                "a run without samples cannot prove the pool");
            Assert.That(Render(outcomes[1]), Does.StartWith("[pool] pool_not_exhausted: responses during profile normal-ci (180 requests)").And.Contain("← 503 Service Unavailable"));
        });
    }
}
