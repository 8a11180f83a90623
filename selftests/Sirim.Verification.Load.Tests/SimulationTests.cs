using Sirim.Verification.Load.Safety;
using Sirim.Verification.Load.Simulations;

namespace Sirim.Verification.Load.Tests;

public sealed class SimulationTests
{
    private static readonly TimeSpan S1 = TimeSpan.FromSeconds(1);

    [Test]
    public void Inject_spreads_arrivals_evenly_over_each_interval()
    {
        var schedule = new ArrivalSchedule([LoadSimulation.Inject(10, S1, TimeSpan.FromSeconds(3))]);
        var offsets = schedule.Offsets().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(offsets, Has.Count.EqualTo(30));
            Assert.That(schedule.PlannedArrivals, Is.EqualTo(30));
            Assert.That(offsets.Take(3), Is.EqualTo(new[] { 0.0, 0.1, 0.2 }).Within(1e-9));
            Assert.That(offsets[^1], Is.EqualTo(2.9).Within(1e-9));
            Assert.That(schedule.PeakRatePerSecond, Is.EqualTo(10));
            Assert.That(schedule.Duration, Is.EqualTo(TimeSpan.FromSeconds(3)));
        });
    }

    [Test]
    public void The_interval_scales_the_rate()
    {
        var schedule = new ArrivalSchedule([LoadSimulation.Inject(10, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4))]);

        Assert.That(schedule.Offsets().Count(), Is.EqualTo(20));
        Assert.That(schedule.PeakRatePerSecond, Is.EqualTo(5));
    }

    [Test]
    public void RampingInject_ramps_from_zero_with_growing_density()
    {
        var schedule = new ArrivalSchedule([LoadSimulation.RampingInject(10, S1, TimeSpan.FromSeconds(2))]);
        var offsets = schedule.Offsets().ToList();
        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(offsets, Has.Count.EqualTo(10)); // area of the ramp: 0.5 · 10/s · 2 s
            Assert.That(offsets, Is.Ordered.Ascending);
            Assert.That(gaps, Is.Ordered.Descending);
            Assert.That(offsets[^1], Is.LessThan(2.0));
            Assert.That(schedule.RateAt(TimeSpan.FromSeconds(1)), Is.EqualTo(5).Within(1e-9));
        });
    }

    [Test]
    public void Stages_follow_each_other_and_a_ramp_starts_from_the_previous_rate()
    {
        var schedule = new ArrivalSchedule(
        [
            LoadSimulation.Inject(5, S1, S1),
            LoadSimulation.RampingInject(15, S1, TimeSpan.FromSeconds(2)),
            LoadSimulation.RampingInject(0, S1, TimeSpan.FromSeconds(2)),
        ]);
        var offsets = schedule.Offsets().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(offsets, Has.Count.EqualTo(5 + 20 + 15));
            Assert.That(schedule.PlannedArrivals, Is.EqualTo(offsets.Count));
            Assert.That(offsets, Is.Ordered.Ascending);
            Assert.That(offsets.Count(o => o < 1), Is.EqualTo(5));
            Assert.That(schedule.PeakRatePerSecond, Is.EqualTo(15));
            Assert.That(schedule.Duration, Is.EqualTo(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void A_zero_rate_stage_is_a_pause()
    {
        var schedule = new ArrivalSchedule([LoadSimulation.Inject(0, S1, S1), LoadSimulation.Inject(2, S1, S1)]);

        Assert.That(schedule.Offsets(), Is.EqualTo(new[] { 1.0, 1.5 }).Within(1e-9));
    }

    [Test]
    public void Concurrency_plan_keeps_and_ramps_virtual_users()
    {
        var plan = new ConcurrencyPlan(
        [
            LoadSimulation.RampingConstant(10, TimeSpan.FromSeconds(10)),
            LoadSimulation.KeepConstant(10, TimeSpan.FromSeconds(5)),
            LoadSimulation.RampingConstant(2, TimeSpan.FromSeconds(4)),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(plan.TargetAt(TimeSpan.Zero), Is.EqualTo(0));
            Assert.That(plan.TargetAt(TimeSpan.FromSeconds(5)), Is.EqualTo(5));
            Assert.That(plan.TargetAt(TimeSpan.FromSeconds(9.99)), Is.EqualTo(9));
            Assert.That(plan.TargetAt(TimeSpan.FromSeconds(12)), Is.EqualTo(10));
            Assert.That(plan.TargetAt(TimeSpan.FromSeconds(17)), Is.EqualTo(6));
            Assert.That(plan.TargetAt(TimeSpan.FromSeconds(19)), Is.EqualTo(0));
            Assert.That(plan.MaxVirtualUsers, Is.EqualTo(10));
            Assert.That(plan.Duration, Is.EqualTo(TimeSpan.FromSeconds(19)));
        });
    }

    [TestCase(0, 0, "0s")]
    [TestCase(0, 250, "250ms")]
    [TestCase(30, 0, "30s")]
    [TestCase(300, 0, "5m")]
    [TestCase(90, 0, "1m30s")]
    public void Durations_are_written_compactly(int seconds, int milliseconds, string expected)
    {
        Assert.That(LoadSimulation.Format(TimeSpan.FromSeconds(seconds) + TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
    }

    private static readonly Uri Target = new("http://127.0.0.1:5080/api/gastos");

    private static LoadRunOptions Options() => new() { Safety = LoadSafetyPolicy.LoopbackOnly, Targets = [Target] };

    private static Scenario Scenario(params LoadSimulation[] simulations) =>
        new("gastos", (_, _) => Task.CompletedTask) { Simulations = simulations };

    private static IEnumerable<TestCaseData> InvalidPlans()
    {
        static TestCaseData Case(string name, Scenario scenario, LoadRunOptions options, string error) =>
            new TestCaseData(scenario, options, error).SetName(name);

        var s10 = TimeSpan.FromSeconds(10);
        yield return Case("no simulations", Scenario(), Options(),
            "scenario: no load simulations; add at least one of Inject, RampingInject, KeepConstant, RampingConstant");
        yield return Case("negative rate", Scenario(LoadSimulation.Inject(-5, S1, s10)), Options(),
            "simulation #1 (Inject): rate is -5; it must be 0 or more");
        yield return Case("zero interval", Scenario(LoadSimulation.Inject(5, TimeSpan.Zero, s10)), Options(),
            "simulation #1 (Inject): interval is 0s; it must be greater than zero (e.g. 1s)");
        yield return Case("zero duration", Scenario(LoadSimulation.KeepConstant(5, s10), LoadSimulation.RampingConstant(1, TimeSpan.Zero)), Options(),
            "simulation #2 (RampingConstant): during is 0s; it must be greater than zero (e.g. 30s)");
        yield return Case("negative copies", Scenario(LoadSimulation.KeepConstant(-1, s10)), Options(),
            "simulation #1 (KeepConstant): copies is -1; it must be 0 or more");
        yield return Case("mixed models", Scenario(LoadSimulation.Inject(5, S1, s10), LoadSimulation.KeepConstant(5, s10)), Options(),
            "scenario: simulations mix the open model (Inject, RampingInject) and the closed model (KeepConstant, RampingConstant); use one model per scenario and split the profile into two scenarios");
        yield return Case("warm-up as long as the plan", Scenario(LoadSimulation.KeepConstant(5, s10)) with { WarmUp = s10 }, Options(),
            "scenario: warm-up (10s) is not shorter than the planned duration (10s); nothing would be measured");
        yield return Case("invalid threshold", Scenario(LoadSimulation.KeepConstant(5, s10)), Options() with { Thresholds = ["p95 < 300"] },
            "threshold \"p95 < 300\" is invalid: latency limit '300' has no unit; allowed units: us, ms, s (e.g. 300ms, 1.5s)");
        yield return Case("no in-flight slot", Scenario(LoadSimulation.Inject(5, S1, s10)), Options() with { MaxInFlight = 0 },
            "options: max in-flight is 0; the open model needs at least 1 slot");
        yield return Case("zero iteration limit", Scenario(LoadSimulation.KeepConstant(5, s10)), Options() with { IterationLimit = 0 },
            "options: iteration limit is 0; it must be greater than zero (or unset to run the whole plan)");
    }

    [TestCaseSource(nameof(InvalidPlans))]
    public void Invalid_plans_are_refused_with_a_clear_error(Scenario scenario, LoadRunOptions options, string error)
    {
        Assert.That(LoadRunner.Validate(scenario, options), Does.Contain(error));
    }

    [Test]
    public void Validation_lists_every_error_at_once()
    {
        var scenario = new Scenario("", (_, _) => Task.CompletedTask)
        {
            Simulations = [LoadSimulation.Inject(-1, TimeSpan.Zero, TimeSpan.Zero)],
        };
        var options = Options() with { Thresholds = ["p95 < 1", "rps >"], MaxInFlight = 0 };

        var errors = LoadRunner.Validate(scenario, options);

        Assert.That(errors, Is.EqualTo(new[]
        {
            "scenario: name is empty; give it a short name such as \"gastos\"",
            "simulation #1 (Inject): rate is -1; it must be 0 or more",
            "simulation #1 (Inject): interval is 0s; it must be greater than zero (e.g. 1s)",
            "simulation #1 (Inject): during is 0s; it must be greater than zero (e.g. 30s)",
            "options: max in-flight is 0; the open model needs at least 1 slot",
            "threshold \"p95 < 1\" is invalid: latency limit '1' has no unit; allowed units: us, ms, s (e.g. 300ms, 1.5s)",
            "threshold \"rps >\" is invalid: the limit after '>' is missing; e.g. \"rps > 50\"",
        }));
    }

    [Test]
    public void A_valid_plan_has_no_errors()
    {
        var scenario = Scenario(LoadSimulation.RampingInject(20, S1, TimeSpan.FromSeconds(30)), LoadSimulation.Inject(20, S1, TimeSpan.FromMinutes(1)))
            with { WarmUp = TimeSpan.FromSeconds(5) };

        Assert.That(LoadRunner.Validate(scenario, Options() with { Thresholds = ["p95 < 300ms", "list_gastos: error_rate < 1%"] }), Is.Empty);
    }
}
