using Sirim.Verification.Load.Engine;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Tests;

/// <summary>
/// The report of a finished run built from what the workers recorded, without running anything: per-worker recorders
/// merged per step and overall, iteration counters summed, thresholds judged on the merged figures, and how the run
/// stopped mapped to its outcome.
/// </summary>
public sealed class ReportBuilderTests
{
    private static readonly Scenario Closed = new("report", (_, _) => Task.CompletedTask)
    {
        Simulations = [LoadSimulation.KeepConstant(2, TimeSpan.FromSeconds(10))],
        WarmUp = TimeSpan.FromSeconds(2),
    };

    [Test]
    public void Merges_every_workers_recorders_per_step_and_overall()
    {
        var registry = new StepRegistry();
        var first = new WorkerState(0, Closed.Name, registry);
        var second = new WorkerState(1, Closed.Name, registry);
        Record(first, "list", StepResult.Ok(200, 100), micros: 1_000, times: 3);
        Record(second, "list", StepResult.Fail("status 503", 503, 10), micros: 9_000, times: 1);
        Record(second, "create", StepResult.Ok(201, 50), micros: 2_000, times: 2);
        Record(second, "create", StepResult.Ok(201, 50), micros: 2_000, times: 5, measured: false);

        var report = LoadReportBuilder.Build(Facts([first, second], registry) with { MeasuredDuration = TimeSpan.FromSeconds(2) });

        var list = report.Steps.Single(s => s.Name == "list");
        var create = report.Steps.Single(s => s.Name == "create");
        Assert.Multiple(() =>
        {
            Assert.That(report.Steps.Select(s => s.Name), Is.EqualTo(new[] { "list", "create" }), "steps in order of first use");
            Assert.That((list.Count, list.Ok, list.Fail, list.Bytes), Is.EqualTo((4L, 3L, 1L, 310L)));
            Assert.That(list.StatusCodes, Is.EqualTo(new SortedDictionary<int, long> { [200] = 3, [503] = 1 }));
            Assert.That(list.Errors, Is.EqualTo(new Dictionary<string, long> { ["status 503"] = 1 }));
            Assert.That(list.Rps, Is.EqualTo(2.0), "4 requests over the 2 s measured");
            Assert.That((create.Count, create.Ok), Is.EqualTo((2L, 2L)), "warm-up requests are not counted");
            Assert.That((report.Overall.Count, report.Overall.Ok, report.Overall.Fail), Is.EqualTo((6L, 5L, 1L)));
            Assert.That(report.Overall.StatusCodes, Is.EqualTo(new SortedDictionary<int, long> { [200] = 3, [201] = 2, [503] = 1 }));
            Assert.That(report.Overall.ResponseTime.MaxMs, Is.EqualTo(9).Within(0.01), "the slowest request of any worker");
            Assert.That(report.Workers, Is.EqualTo(2));
        });
    }

    [Test]
    public void Sums_iteration_counters_and_errors_and_notes_iterations_that_threw()
    {
        var registry = new StepRegistry();
        var first = new WorkerState(0, Closed.Name, registry) { Started = 5, Completed = 4, Dropped = 1 };
        var second = new WorkerState(1, Closed.Name, registry) { Started = 3, Completed = 1, Interrupted = 1 };
        first.RecordIterationError(new InvalidOperationException("boom"));
        second.RecordIterationError(new InvalidOperationException("boom"));

        var report = LoadReportBuilder.Build(Facts([first, second], registry) with { UnstartedIterations = 7, Notes = ["given"] });

        Assert.Multiple(() =>
        {
            var iterations = report.Iterations;
            Assert.That((iterations.Started, iterations.Completed, iterations.Failed, iterations.Interrupted), Is.EqualTo((8L, 5L, 2L, 1L)));
            Assert.That(iterations.Dropped, Is.EqualTo(8), "dropped by workers plus never handed to one");
            Assert.That(iterations.Errors, Is.EqualTo(new Dictionary<string, long> { ["InvalidOperationException: boom"] = 2 }));
            Assert.That(report.Notes, Is.EqualTo(new[] { "given", "2 iteration(s) threw an exception outside a step; see the iteration errors" }));
        });
    }

    [Test]
    public void Judges_thresholds_on_the_merged_figures_and_marks_those_that_failed_during_the_run()
    {
        var registry = new StepRegistry();
        var first = new WorkerState(0, Closed.Name, registry);
        var second = new WorkerState(1, Closed.Name, registry);
        Record(first, "list", StepResult.Ok(200), micros: 1_000, times: 99);
        Record(second, "list", StepResult.Fail("status 500", 500), micros: 1_000, times: 1);
        Record(second, "create", StepResult.Ok(201), micros: 500_000, times: 1);
        var (thresholds, errors) = ThresholdParser.ParseAll(["error_rate < 2%", "list: error_rate < 0.5%", "create: p95 < 300ms", "p95 < 300ms"]);
        Assert.That(errors, Is.Empty);

        var report = LoadReportBuilder.Build(Facts([first, second], registry) with { Thresholds = thresholds, FailedDuringRun = ["create: p95 < 300ms"] });

        Assert.Multiple(() =>
        {
            Assert.That(report.Thresholds.Select(t => t.Passed), Is.EqualTo(new[] { true, false, false, true }),
                "1 failure in 101 requests overall, 1 in 100 on list, one slow create");
            Assert.That(report.Thresholds[2].Note, Does.EndWith("failed during the run (abort)"));
            Assert.That(report.Thresholds[1].Note ?? "", Does.Not.Contain("during the run"));
            Assert.That(report.Passed, Is.False);
        });
    }

    [TestCase("Cancelled", "PlanEnded", LoadOutcome.Cancelled, "why")]
    [TestCase("Aborted", "None", LoadOutcome.Aborted, "why")]
    [TestCase("MaxDuration", "IterationLimit", LoadOutcome.SafetyStop, "why")]
    [TestCase("None", "IterationCap", LoadOutcome.SafetyStop, "the safety cap of 40 iterations was reached")]
    [TestCase("None", "IterationLimit", LoadOutcome.Completed, "the iteration limit of 40 was reached")]
    [TestCase("None", "PlanEnded", LoadOutcome.Completed, null)]
    public void Maps_how_the_run_stopped_to_its_outcome(string interruptedBy, string endedBy, LoadOutcome outcome, string? reason)
    {
        var interruption = Enum.Parse<StopReason>(interruptedBy);
        var end = Enum.Parse<StopReason>(endedBy);
        var report = LoadReportBuilder.Build(Facts([], new StepRegistry()) with
        {
            Interruption = interruption,
            InterruptionDetail = interruption == StopReason.None ? null : "why",
            EndReason = end,
            IterationBudget = 40,
        });

        Assert.That((report.Outcome, report.OutcomeReason), Is.EqualTo((outcome, reason)));
    }

    [Test]
    public void Parameters_put_the_models_own_lines_after_the_warm_up()
    {
        var report = LoadReportBuilder.Build(Facts([], new StepRegistry()) with { ModelParameters = [new("virtual users (max)", "2")] });

        Assert.That(report.Parameters.Select(p => p.Key).Take(7), Is.EqualTo(new[]
        {
            "scenario", "model", "simulations", "planned duration", "warm-up (excluded)", "virtual users (max)", "graceful stop",
        }));
        Assert.That(report.Parameters.Single(p => p.Key == "model").Value, Is.EqualTo("closed (virtual users looping)"));
    }

    private static LoadRunFacts Facts(IReadOnlyList<WorkerState> workers, StepRegistry registry) => new()
    {
        Scenario = Closed,
        Options = new LoadRunOptions { Safety = LoadSafetyPolicy.LoopbackOnly },
        Thresholds = [],
        Workers = workers,
        StepNames = registry.Names,
        StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Elapsed = TimeSpan.FromSeconds(11),
        MeasuredDuration = TimeSpan.FromSeconds(8),
    };

    private static void Record(WorkerState worker, string step, StepResult result, long micros, int times, bool measured = true)
    {
        for (var i = 0; i < times; i++)
        {
            worker.Step(step).Record(result, micros, micros, measured);
        }
    }
}
