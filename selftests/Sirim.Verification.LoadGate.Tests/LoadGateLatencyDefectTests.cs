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
/// The load gate's latency defects in process (the gate's runner and checks against this fixture's own target, one
/// start per defect): a 0.5 s query against a 300 ms budget, a 1.5 s stall every 5 s against p99 &lt; 1 s, a list capped
/// at 10 requests per second against 32 due per second. Short copies of the committed profiles: each defect shows in
/// any window of the length used. Runs in parallel with the other defect fixtures: the verdicts do not depend on the
/// machine's speed. The same deployment then serves the target killed under load (LoadGateWhenTheTargetDiesTests.cs,
/// the other part of this class), last (the tests' [Order]).
/// </summary>
[Parallelizable(ParallelScope.Self), Order(2)]
public sealed partial class LoadGateLatencyDefectTests : LoadGateReferenceTests
{
    // The fixture's target starts with the stall for the first test (Order 1, no switch needed); the other defects and
    // the clean target (Order 4, which kills the target, last) are switched on in place.
    protected override string? FirstDefect => "stall_every_few_seconds";

    [Test, Order(3)]
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

    [Test, Order(1)]
    public async Task A_server_that_stalls_every_few_seconds_shows_in_the_open_model_p99()
    {
        // A stall starts every 5 s: a 6 s measured window (after a 1 s ramp-up that is all warm-up) holds the first 0.5 s
        // of one whatever the phase, and at 20 iterations per second that is about 10 requests in 120, far above 1 %.
        var run = await RunInProcessAsync("stall_every_few_seconds", ShortProfile("normal-ci", duration: "6s"));
        var (outcome, text) = Judge(run, new P99Budget());
        var p99 = run.Report.Thresholds.Single(t => t.Threshold == "p99 < 1s");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(CaughtBy("stall_every_few_seconds"), Is.EqualTo(outcome.CheckId));
            Assert.That(run.Plan.Profile.Model, Is.EqualTo(Load.Simulations.LoadModel.Open), "latency from the intended start");
            // Iterations due in the first 0.5 s of a 1.5 s stall wait at least 1 s; the 6 s measured window holds that part of one.
            Assert.That(p99.Actual, Is.GreaterThanOrEqualTo(1000), "p99 in ms");
            Assert.That(text, Does.StartWith(
                "[load] p99_budget: profile normal-ci, all critical routes   (severity high · budget exceeded)\n" +
                "Expected: p99 < 1s (setting p99Budget [Default])\n" +
                $"Actual:   p99 = {p99.ActualText} (per route: list_gastos "));
            Assert.That(text, Does.Contain("Hint:     Some requests wait far longer than the rest: periodic stalls"));
            Assert.That(run.Report.Iterations.Dropped, Is.Zero, "a stall shows as latency, not as dropped iterations");
        });
    }

    [Test, Order(2)]
    public async Task A_list_served_one_at_a_time_makes_the_open_model_drop_iterations()
    {
        // A short copy of peak-ci (the same 40 iterations due per second) with 20 slots instead of 100: they fill within
        // about a second of the measured window, and the queue left at the end drains in 2 s instead of 10 s.
        var run = await RunInProcessAsync("gastos_list_serialized", ShortProfile("peak-ci", maxInFlight: 20));
        var (outcome, text) = Judge(run, new ProfileThresholds());
        var dropped = run.Report.Thresholds.Single(t => t.Threshold == "dropped == 0");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True, text);
            Assert.That(CaughtBy("gastos_list_serialized"), Is.EqualTo(outcome.CheckId));
            Assert.That(run.Plan.Profile.Model, Is.EqualTo(Load.Simulations.LoadModel.Open), "iterations are due on schedule");
            // 32 list iterations are due per second and the list serves at most 10: the 20 slots fill and the rest cannot start.
            Assert.That(run.Plan.Profile.MaxInFlight, Is.EqualTo(20));
            Assert.That(run.Report.Iterations.Dropped, Is.GreaterThan(0));
            Assert.That(dropped.Actual, Is.EqualTo(run.Report.Iterations.Dropped));
            Assert.That(text, Does.StartWith(
                "[load] profile_thresholds: profile peak-ci, its own thresholds   (severity medium · budget exceeded)\n" +
                "Expected: dropped == 0\n" +
                $"Actual:   overall dropped = {dropped.ActualText} (of {run.Report.Iterations.Started + run.Report.Iterations.Dropped} iterations due, with at most 20 in flight)\n"));
            Assert.That(text, Does.Contain("Hint:     Iterations were due but could not start"));
        });
    }
}
