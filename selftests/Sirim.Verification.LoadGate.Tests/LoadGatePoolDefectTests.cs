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
/// The pool gate in process (the gate's runner with the pool sampler and its checks against this fixture's own target
/// and cluster, so the sessions counted are this target's only), on one deployment in this order: the clean target's
/// pool proof with no application_name filter (first: the pool is whole), a list whose audit holds pooled connections
/// twice the pool timeout (switched on in place; its held connections do not outlive the restart that follows), and a
/// pool of 10 against the 20 expected (a defect the target's start-up wiring reads: one restart). Runs in parallel
/// with the other defect fixtures: the verdicts rest on what the defect makes certain, not on the machine's speed.
/// </summary>
[Parallelizable(ParallelScope.Self), Order(1)]
public sealed class LoadGatePoolDefectTests : LoadGateReferenceTests
{
    [Test, Order(3)]
    public async Task Pool_size_10_fails_the_pool_proof_with_the_observed_number()
    {
        // The API can never open more than 10 connections: a short copy of pool-ci (40 users back to back, 1 s ramp-up,
        // 1 s steady) shows it. A quarter of the way into the ramp-up 10 users wait on the pool of 10, half way 20 are
        // in flight, and from then on the pool stays full; the sampler reads pg_stat_activity every 200 ms, about 10
        // times in the 2 s plan.
        var run = await RunInProcessAsync("pool_size_10", ShortProfile("pool-ci", duration: "1s"), sampled: true);
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

    [Test, Order(2)]
    public async Task A_list_that_holds_pooled_connections_exhausts_the_pool_under_load()
    {
        // A short copy of pool-ci (40 users back to back, 3 s steady): the audits of the first list requests hold the
        // whole pool at once, and the requests then waiting for a connection answer 503 after the pool timeout (5 s),
        // within the request timeout (10 s) the run waits for its last requests.
        var run = await RunInProcessAsync("gastos_list_holds_connection", ShortProfile("pool-ci"), sampled: true);
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

    /// <summary>dbApplicationName set explicitly empty: the sessions of the API's database are counted whatever their application_name.</summary>
    [Test, Order(1)]
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
        var (outcome, text) = Judge(run, LoadGateChecks.Pool(20).Single(c => c.Id == "pool_reaches_expected_size"));
        var evidence = LoadEvidence.PoolSection(run, 20, [outcome], "pool_connections.png", "pool_samples.csv");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed), text);
            Assert.That(outcome.Subject, Does.EndWith("requests in flight; counted with no application_name filter"));
            Assert.That(evidence, Does.Contain("application_name = any").And.Contain("@application_name = NULL")
                .And.Contain("(sessions counted with no application_name filter)"));
        });
    }
}
