using System.Collections.Concurrent;
using Sirim.Verification.Load.Progress;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Stats;

namespace Sirim.Verification.Load.Tests;

/// <summary>
/// The executors with fake steps (no network). Assertions are on counts, orderings and lower bounds that the
/// scenario itself guarantees (a step that waits 600 ms takes at least 600 ms), never on speed. Each test has its own
/// scenario and run (no state in the fixture), so they run in parallel with each other.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class EngineTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private static LoadRunOptions Options() => new()
    {
        Safety = LoadSafetyPolicy.LoopbackOnly,
        Targets = [new Uri("http://127.0.0.1/fake")],
        GracefulStop = TimeSpan.FromSeconds(5),
    };

    private static ValueTask<StepResult> Ok(CancellationToken _) => ValueTask.FromResult(StepResult.Ok(200, 2));

    [Test]
    [CancelAfter(60_000)]
    public async Task Closed_model_runs_its_virtual_users_and_counts_every_step(CancellationToken cancellationToken)
    {
        var workersSeen = new ConcurrentDictionary<int, bool>();
        var innerTicks = new ConcurrentBag<long>();
        var scenario = new Scenario("closed", async (ctx, ct) =>
        {
            workersSeen[ctx.WorkerId] = true;
            await ctx.StepAsync("work", async c =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await Task.Delay(5, c);
                innerTicks.Add(System.Diagnostics.Stopwatch.GetTimestamp() - started);
                return StepResult.Ok(200, 2);
            });
        })
        {
            Simulations = [LoadSimulation.KeepConstant(4, OneSecond)],
        };

        var report = await LoadRunner.RunAsync(scenario, Options(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Completed));
            Assert.That(report.Workers, Is.EqualTo(4));
            Assert.That(workersSeen.Keys, Is.EquivalentTo(new[] { 0, 1, 2, 3 }));
            Assert.That(report.Overall.Count, Is.GreaterThan(0));
            Assert.That(report.Overall.Count, Is.EqualTo(report.Iterations.Completed));
            Assert.That(report.Iterations.Started, Is.EqualTo(report.Iterations.Completed));
            Assert.That(report.Steps.Select(s => s.Name), Is.EqualTo(new[] { "work" }));
            Assert.That(report.Overall.StatusCodes, Is.EqualTo(new Dictionary<int, long> { [200] = report.Overall.Count }));
            Assert.That(report.Overall.Bytes, Is.EqualTo(2 * report.Overall.Count));
            Assert.That(report.Overall.Fail, Is.Zero);
            // The engine's clock wraps the step: its shortest time is at least the shortest the step itself measured
            // (a timer may fire early, so the 5 ms wait is not a bound; HdrHistogram keeps 3 significant digits).
            var innerMinMs = innerTicks.Min() * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
            Assert.That(report.Overall.ResponseTime.MinMs, Is.GreaterThanOrEqualTo(innerMinMs * 0.99), "the step's own duration is inside what the engine measured");
            Assert.That(innerMinMs, Is.GreaterThan(0), "each step waits before it answers");
            Assert.That(report.Timeline, Is.Not.Empty);
            Assert.That(report.Timeline.Sum(p => p.Requests), Is.EqualTo(report.Overall.Count), "no warm-up: the timeline holds every request");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Warm_up_iterations_are_excluded_from_the_statistics(CancellationToken cancellationToken)
    {
        long measured = 0, all = 0;
        var scenario = new Scenario("warm", async (ctx, ct) =>
        {
            Interlocked.Increment(ref all);
            if (ctx.IsMeasured)
            {
                Interlocked.Increment(ref measured);
            }

            await ctx.StepAsync("work", async c =>
            {
                await Task.Delay(5, c);
                return StepResult.Ok(200);
            });
        })
        {
            Simulations = [LoadSimulation.KeepConstant(2, TimeSpan.FromSeconds(1.5))],
            WarmUp = TimeSpan.FromSeconds(0.5),
        };

        var report = await LoadRunner.RunAsync(scenario, Options(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(measured, Is.GreaterThan(0));
            Assert.That(all, Is.GreaterThan(measured), "some iterations ran during the warm-up");
            Assert.That(report.Overall.Count, Is.EqualTo(measured));
            Assert.That(report.Iterations.Started, Is.EqualTo(measured));
            Assert.That(report.Timeline[0].WarmUp, Is.True);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Open_model_starts_exactly_the_planned_iterations(CancellationToken cancellationToken)
    {
        var scenario = new Scenario("open", async (ctx, ct) => await ctx.StepAsync("work", Ok))
        {
            Simulations = [LoadSimulation.Inject(20, OneSecond, OneSecond)],
        };

        var report = await LoadRunner.RunAsync(scenario, Options(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Completed));
            Assert.That(report.Iterations.Started, Is.EqualTo(20));
            Assert.That(report.Iterations.Dropped, Is.Zero);
            Assert.That(report.Overall.Count, Is.EqualTo(20));
            Assert.That(report.Model, Is.EqualTo(LoadModel.Open));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Iterations_that_find_no_free_slot_are_counted_as_dropped(CancellationToken cancellationToken)
    {
        // One slot, held until the run stops: the first iteration runs, the nine others can never start.
        var scenario = new Scenario("blocked", async (ctx, ct) =>
            await ctx.StepAsync("hang", async c =>
            {
                await Task.Delay(Timeout.Infinite, c);
                return StepResult.Ok();
            }))
        {
            Simulations = [LoadSimulation.Inject(10, OneSecond, OneSecond)],
        };

        var report = await LoadRunner.RunAsync(scenario, Options() with { MaxInFlight = 1, GracefulStop = TimeSpan.Zero }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Iterations.Started, Is.EqualTo(1));
            Assert.That(report.Iterations.Interrupted, Is.EqualTo(1));
            Assert.That(report.Iterations.Dropped, Is.EqualTo(9));
            Assert.That(report.Overall.Count, Is.Zero, "an interrupted step is not a measurement");
            Assert.That(report.Notes, Has.Some.StartsWith("1 iteration(s) still running 0s after the end of the plan were cancelled"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Iterations_later_than_the_max_start_delay_are_dropped_and_the_rest_run(CancellationToken cancellationToken)
    {
        // 10 arrivals 100 ms apart, one slot, the first step holds it for 650 ms, max start delay 200 ms:
        // arrivals due at 0.1 .. 0.4 s can start at 0.65 s at the earliest, at least 250 ms late, so they are dropped.
        var calls = 0;
        var scenario = new Scenario("late", async (ctx, ct) =>
            await ctx.StepAsync("work", async c =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    await Task.Delay(650, c);
                }

                return StepResult.Ok();
            }))
        {
            Simulations = [LoadSimulation.Inject(10, OneSecond, OneSecond)],
        };

        var report = await LoadRunner.RunAsync(scenario, Options() with { MaxInFlight = 1, MaxStartDelay = TimeSpan.FromMilliseconds(200) }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Iterations.Dropped, Is.GreaterThanOrEqualTo(4));
            Assert.That(report.Iterations.Started + report.Iterations.Dropped, Is.EqualTo(10), "every arrival is either run or counted as dropped");
            Assert.That(report.Timeline.Sum(p => p.Dropped), Is.EqualTo(report.Iterations.Dropped));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_stalled_step_shows_in_the_open_model_latency_measured_from_the_intended_start(CancellationToken cancellationToken)
    {
        // 60 arrivals 20 ms apart through one slot; the 5th step stalls 600 ms. The 20 arrivals due during the first
        // 400 ms of the stall start at least 200 ms after their intended start. Their service time is tiny, but their
        // response time (from the intended start) is at least 200 ms: a third of all samples, so p75 shows it.
        // p99 of 60 samples is the 59th value: the first queued arrival, about 580 ms late. Bounds leave room for
        // timers firing up to a millisecond early.
        var calls = 0;
        var scenario = new Scenario("stall", async (ctx, ct) =>
            await ctx.StepAsync("work", async c =>
            {
                if (Interlocked.Increment(ref calls) == 5)
                {
                    await Task.Delay(600, c);
                }

                return StepResult.Ok(200);
            }))
        {
            Simulations = [LoadSimulation.Inject(50, OneSecond, TimeSpan.FromSeconds(1.2))],
        };

        var report = await LoadRunner.RunAsync(scenario, Options() with { MaxInFlight = 1, MaxStartDelay = TimeSpan.FromSeconds(5) }, cancellationToken);
        var response = report.Overall.ResponseTime;
        var service = report.Overall.ServiceTime;

        Assert.Multiple(() =>
        {
            Assert.That(report.Overall.Count, Is.EqualTo(60));
            Assert.That(report.Iterations.Dropped, Is.Zero);
            Assert.That(service.MaxMs, Is.GreaterThanOrEqualTo(590), "the stalled step itself");
            Assert.That(response.P99Ms, Is.GreaterThanOrEqualTo(550), "p99 from the intended start shows the stall");
            Assert.That(response.P75Ms, Is.GreaterThanOrEqualTo(180), "the queued arrivals carry the stall in their response time");
            Assert.That(service.P75Ms, Is.LessThan(response.P75Ms), "service time alone hides the stall (coordinated omission)");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_cancelled_run_stops_promptly_and_returns_a_partial_report(CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = 0;
        var scenario = new Scenario("cancel", async (ctx, ct) =>
            await ctx.StepAsync("work", async c =>
            {
                if (Interlocked.Increment(ref steps) == 20)
                {
                    enough.TrySetResult();
                }

                await Task.Delay(10, c);
                return StepResult.Ok(200);
            }))
        {
            Simulations = [LoadSimulation.KeepConstant(3, TimeSpan.FromMinutes(5))],
        };

        var run = LoadRunner.RunAsync(scenario, Options() with { GracefulStop = TimeSpan.FromMinutes(1) }, cancel.Token);
        await enough.Task.WaitAsync(cancellationToken);
        await cancel.CancelAsync();
        var report = await run;

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Cancelled));
            Assert.That(report.OutcomeReason, Is.EqualTo("the run was cancelled by the caller"));
            // 20 steps had started; the (at most 3) still in flight when cancelled are interrupted, not measured.
            Assert.That(report.Overall.Count, Is.GreaterThanOrEqualTo(17), "completed steps before the cancellation are kept");
            Assert.That(report.Iterations.Interrupted, Is.InRange(1, 3));
            Assert.That(report.Elapsed, Is.LessThan(report.PlannedDuration));
            Assert.That(report.Passed, Is.False);
            Assert.That(Reporting.LoadReportMarkdown.Render(report), Does.Contain("> **Partial report**: the run ended early (cancelled): the run was cancelled by the caller"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_cancelled_open_model_run_counts_due_iterations_it_could_not_start_as_dropped(CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = new Scenario("cancel-open", async (ctx, ct) =>
            await ctx.StepAsync("hang", async c =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, c);
                return StepResult.Ok();
            }))
        {
            Simulations = [LoadSimulation.Inject(20, OneSecond, TimeSpan.FromMinutes(5))],
        };

        var run = LoadRunner.RunAsync(scenario, Options() with { MaxInFlight = 1, MaxStartDelay = TimeSpan.FromMinutes(1) }, cancel.Token);
        await started.Task.WaitAsync(cancellationToken);
        await Task.Delay(300, cancellationToken); // let a few more arrivals fall due behind the busy slot
        await cancel.CancelAsync();
        var report = await run;

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Cancelled));
            Assert.That(report.Iterations.Started, Is.EqualTo(1));
            Assert.That(report.Iterations.Interrupted, Is.EqualTo(1));
            Assert.That(report.Iterations.Dropped, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_failing_threshold_aborts_the_run_when_asked(CancellationToken cancellationToken)
    {
        var scenario = new Scenario("abort", async (ctx, ct) =>
            await ctx.StepAsync("broken", async c =>
            {
                await Task.Delay(5, c);
                return StepResult.Fail("status 500", 500);
            }))
        {
            Simulations = [LoadSimulation.KeepConstant(2, TimeSpan.FromMinutes(5))],
        };
        var options = Options() with
        {
            Thresholds = ["fail_count == 0", "rps > 1000000"],
            AbortOnThresholdFailure = true,
            ThresholdGracePeriod = TimeSpan.Zero,
        };

        var report = await LoadRunner.RunAsync(scenario, options, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Aborted));
            Assert.That(report.OutcomeReason, Does.StartWith("threshold \"fail_count == 0\" failed during the run at "));
            Assert.That(report.OutcomeReason, Does.EndWith("; the load was stopped so it does not keep hurting a failing target"));
            Assert.That(report.Elapsed, Is.LessThan(report.PlannedDuration));
            Assert.That(report.Thresholds[0].Passed, Is.False);
            Assert.That(report.Thresholds[0].Note, Is.EqualTo("failed during the run (abort)"));
            Assert.That(report.Thresholds[1].Note, Is.Null, "a lower bound on rps is only judged at the end");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Thresholds_are_judged_at_the_end_per_step_and_overall(CancellationToken cancellationToken)
    {
        var listCalls = 0;
        var scenario = new Scenario("thresholds", async (ctx, ct) =>
        {
            await ctx.StepAsync("login", Ok);
            await ctx.StepAsync("list_gastos", _ => ValueTask.FromResult(
                Interlocked.Increment(ref listCalls) % 2 == 0 ? StepResult.Fail("status 500", 500) : StepResult.Ok(200)));
        })
        {
            Simulations = [LoadSimulation.Inject(20, OneSecond, OneSecond)],
        };
        var options = Options() with { Thresholds = ["login: fail_count == 0", "list_gastos: error_rate < 1%", "error_rate < 30%", "missing: p95 < 1s", "count == 40"] };

        var report = await LoadRunner.RunAsync(scenario, options, cancellationToken);

        Assert.That(report.Thresholds.Select(t => (t.Threshold, t.Passed)), Is.EqualTo(new[]
        {
            ("login: fail_count == 0", true),
            ("list_gastos: error_rate < 1%", false),
            ("error_rate < 30%", true),
            ("missing: p95 < 1s", false),
            ("count == 40", true),
        }));
        Assert.That(report.Steps.Select(s => s.Name), Is.EqualTo(new[] { "login", "list_gastos" }));
        Assert.That(report.Steps[1].Errors, Is.EqualTo(new Dictionary<string, long> { ["status 500"] = report.Steps[1].Fail }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Exceptions_are_counted_not_fatal(CancellationToken cancellationToken)
    {
        var scenario = new Scenario("exceptions", async (ctx, ct) =>
        {
            await ctx.StepAsync("throws", _ => throw new InvalidOperationException("step broke"));
            throw new InvalidOperationException("boom");
        })
        {
            Simulations = [LoadSimulation.Inject(10, OneSecond, OneSecond)],
        };

        var report = await LoadRunner.RunAsync(scenario, Options(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Completed));
            Assert.That(report.Iterations.Failed, Is.EqualTo(10));
            Assert.That(report.Iterations.Errors, Is.EqualTo(new Dictionary<string, long> { ["InvalidOperationException: boom"] = 10 }));
            Assert.That(report.Steps[0].Errors, Is.EqualTo(new Dictionary<string, long> { ["exception: InvalidOperationException"] = 10 }));
            Assert.That(report.Notes, Does.Contain("10 iteration(s) threw an exception outside a step; see the iteration errors"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_iteration_limit_ends_the_run_after_exactly_that_many_iterations(CancellationToken cancellationToken)
    {
        var scenario = new Scenario("limit", async (ctx, ct) => await ctx.StepAsync("work", Ok))
        {
            Simulations = [LoadSimulation.KeepConstant(3, TimeSpan.FromMinutes(5))],
        };

        var report = await LoadRunner.RunAsync(scenario, Options() with { IterationLimit = 50 }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Completed));
            Assert.That(report.OutcomeReason, Is.EqualTo("the iteration limit of 50 was reached"));
            Assert.That(report.Iterations.Started, Is.EqualTo(50));
            Assert.That(report.Overall.Count, Is.EqualTo(50));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_safety_cap_on_iterations_stops_the_run(CancellationToken cancellationToken)
    {
        var scenario = new Scenario("cap", async (ctx, ct) => await ctx.StepAsync("work", Ok))
        {
            Simulations = [LoadSimulation.KeepConstant(2, TimeSpan.FromMinutes(5))],
        };
        var options = Options() with { Safety = LoadSafetyPolicy.LoopbackOnly with { MaxTotalIterations = 40 } };

        var report = await LoadRunner.RunAsync(scenario, options, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.SafetyStop));
            Assert.That(report.OutcomeReason, Is.EqualTo("the safety cap of 40 iterations was reached"));
            Assert.That(report.Iterations.Started, Is.EqualTo(40));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Progress_is_reported_and_the_last_report_is_final(CancellationToken cancellationToken)
    {
        var reports = new ConcurrentQueue<LoadProgress>();
        var scenario = new Scenario("progress", async (ctx, ct) => await ctx.StepAsync("work", Ok))
        {
            Simulations = [LoadSimulation.Inject(10, OneSecond, TimeSpan.FromSeconds(1.5))],
        };

        var report = await LoadRunner.RunAsync(scenario, Options() with { Progress = new CollectingProgress(reports) }, cancellationToken);

        var last = reports.Last();
        Assert.Multiple(() =>
        {
            Assert.That(reports.Count(r => r.Final), Is.EqualTo(1));
            Assert.That(last.Final, Is.True);
            Assert.That(last.Requests, Is.EqualTo(report.Overall.Count));
            Assert.That(last.Planned, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
            Assert.That(last.Scenario, Is.EqualTo("progress"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Init_runs_before_and_clean_after_even_when_cancelled(CancellationToken cancellationToken)
    {
        var events = new ConcurrentQueue<string>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scenario = new Scenario("hooks", async (ctx, ct) =>
        {
            events.Enqueue("iteration");
            await cancel.CancelAsync();
        })
        {
            Simulations = [LoadSimulation.KeepConstant(1, TimeSpan.FromMinutes(1))],
            Init = _ =>
            {
                events.Enqueue("init");
                return Task.CompletedTask;
            },
            Clean = _ =>
            {
                events.Enqueue("clean");
                return Task.CompletedTask;
            },
        };

        var report = await LoadRunner.RunAsync(scenario, Options(), cancel.Token);

        Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Cancelled));
        Assert.That(events.First(), Is.EqualTo("init"));
        Assert.That(events.Last(), Is.EqualTo("clean"));
    }

    [Test]
    [CancelAfter(60_000)]
    public void A_failing_init_stops_the_run_before_any_iteration(CancellationToken cancellationToken)
    {
        var iterations = 0;
        var scenario = new Scenario("init-fails", (_, _) =>
        {
            Interlocked.Increment(ref iterations);
            return Task.CompletedTask;
        })
        {
            Simulations = [LoadSimulation.KeepConstant(1, OneSecond)],
            Init = _ => throw new InvalidOperationException("login failed: 401"),
        };

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => LoadRunner.RunAsync(scenario, Options(), cancellationToken));

        Assert.That(error!.Message, Is.EqualTo("login failed: 401"));
        Assert.That(iterations, Is.Zero);
    }

    private sealed class CollectingProgress(ConcurrentQueue<LoadProgress> reports) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => reports.Enqueue(value);
    }
}
