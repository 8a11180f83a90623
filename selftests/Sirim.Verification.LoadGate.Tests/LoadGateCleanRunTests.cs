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
/// The clean reference target (this fixture's own target and database): the suite refuses a host that is not allowed
/// for load before any request (a real suite run; nothing reaches the target), and the gate's runner in process: the
/// inventory agrees that nothing is left, a templated write creates and deletes with per-request values, and a run
/// stopped half way. The same deployment serves the defects of answers and data (LoadGateDataDefectTests.cs, the other
/// part of this class), each switched on in place by its test. Nothing here is judged against a budget of speed, so it
/// runs in parallel with the other fixtures.
/// </summary>
[Parallelizable(ParallelScope.Self), Order(3)]
public sealed partial class LoadGateCleanRunTests : LoadGateReferenceTests
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(4);

    [Test]
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
        var run = await RunWithRoutesFileAsync("""
            { "routes": [
              { "name": "list", "method": "GET", "path": "/api/gastos?empresaId={loadEmpresaId}&pageSize=5", "weight": 3 },
              { "name": "add", "method": "POST", "path": "/api/gastos", "expect": [201], "createdIdFromLocation": true,
                "body": { "empresaId": "{loadEmpresaId:number}", "fecha": "{date}", "concepto": "{tag} #{n}", "monto": "{n:number}",
                          "categoria": "otros", "referencia": "{uuid}" },
                "cleanup": { "path": "/api/gastos/{id}", "expect": [204] }, "weight": 1 }
            ] }
            """);
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

    /// <summary>
    /// load_completed guards the run itself: no target behaviour stops the plan's clock (slow or failing answers are
    /// bounded by the request timeout and judged by the budgets), so a run ends early only when the suite is stopped (a
    /// CI job timeout, a cancelled test run) or reaches a safety cap. This is that case for real: a run against the
    /// clean target on a short copy of normal-ci (1 s ramp-up that is all warm-up, 3 s steady), stopped at its first
    /// progress report a second or more into the measured window.
    /// </summary>
    [Test]
    public async Task A_run_stopped_half_way_fails_load_completed_and_still_cleans_up()
    {
        await Reference.UseDefectAsync(null);
        var options = Options();
        var plan = Prepare(options, ShortProfile("normal-ci"));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var halfWay = new ActAtProgress(ActAtProgress.MeasuredFor(plan.Profile.WarmUp, TimeSpan.FromSeconds(1)), () => stop.CancelAsync());
        var run = await LoadGateRunner.RunAsync(options, plan, halfWay, null, stop.Token);
        var (outcome, text) = Judge(run, new LoadCompleted());
        var (cleanup, cleanupText) = Judge(run, new TestDataCleanedUp());
        Assert.Multiple(() =>
        {
            Assert.That(halfWay.FiredAt, Is.Not.Null, "the run was stopped by its progress, not by the bound");
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(run.Report.Outcome, Is.EqualTo(Load.Stats.LoadOutcome.Cancelled));
            Assert.That(run.Report.Elapsed, Is.LessThan(run.Report.PlannedDuration));
            Assert.That(run.Report.Iterations.Started, Is.GreaterThan(0), "part of the plan ran");
            Assert.That(text, Does.StartWith($"[load] load_completed: profile normal-ci: {run.Report.Iterations.Started} iterations in ")
                .And.Contain($"Expected: the whole plan ({run.Report.PlannedDuration.TotalSeconds:0} s)\nActual:   cancelled: the run was cancelled by the caller"));
            Assert.That(cleanup.Failed, Is.False, "the gastos created before the stop are deleted all the same:\n" + cleanupText);
        });
    }
}
