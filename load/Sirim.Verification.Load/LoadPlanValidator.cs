using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load;

/// <summary>The run was refused before any traffic; <see cref="Errors"/> lists every problem found.</summary>
public sealed class LoadPlanException(IReadOnlyList<string> errors)
    : Exception($"the load run was refused before sending any traffic ({errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}):"
                + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "- " + e)))
{
    /// <summary>Every problem, one sentence each.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Checks a scenario and its run options against themselves and the safety policy, listing every error at once.</summary>
public static class LoadPlanValidator
{
    /// <summary>Every problem of the plan; empty when it may run.</summary>
    public static IReadOnlyList<string> Validate(Scenario scenario, LoadRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(scenario.Name))
        {
            errors.Add("scenario: name is empty; give it a short name such as \"gastos\"");
        }

        if (scenario.Iteration is null)
        {
            errors.Add("scenario: the iteration function is missing");
        }

        var simulations = scenario.Simulations ?? [];
        if (simulations.Count == 0)
        {
            errors.Add("scenario: no load simulations; add at least one of Inject, RampingInject, KeepConstant, RampingConstant");
        }

        for (var i = 0; i < simulations.Count; i++)
        {
            errors.AddRange(simulations[i].Validate(i + 1));
        }

        var models = simulations.Select(s => s.Model).Distinct().ToList();
        if (models.Count > 1)
        {
            errors.Add("scenario: simulations mix the open model (Inject, RampingInject) and the closed model (KeepConstant, RampingConstant); "
                       + "use one model per scenario and split the profile into two scenarios");
        }

        var planned = scenario.PlannedDuration;
        if (scenario.WarmUp < TimeSpan.Zero)
        {
            errors.Add($"scenario: warm-up is {LoadSimulation.Format(scenario.WarmUp)}; it must be 0 or more");
        }
        else if (planned > TimeSpan.Zero && scenario.WarmUp >= planned)
        {
            errors.Add($"scenario: warm-up ({LoadSimulation.Format(scenario.WarmUp)}) is not shorter than the planned duration "
                       + $"({LoadSimulation.Format(planned)}); nothing would be measured");
        }

        ValidateExecutor(options, models, errors);

        var (_, thresholdErrors) = ThresholdParser.ParseAll(options.Thresholds ?? []);
        errors.AddRange(thresholdErrors);

        ValidateSafety(scenario, options, models, errors);
        return errors;
    }

    private static void ValidateExecutor(LoadRunOptions options, List<LoadModel> models, List<string> errors)
    {
        if (models.Contains(LoadModel.Open) && options.MaxInFlight <= 0)
        {
            errors.Add($"options: max in-flight is {options.MaxInFlight}; the open model needs at least 1 slot");
        }

        if (options.MaxStartDelay < TimeSpan.Zero)
        {
            errors.Add($"options: max start delay is {LoadSimulation.Format(options.MaxStartDelay)}; it must be 0 or more");
        }

        if (options.GracefulStop < TimeSpan.Zero)
        {
            errors.Add($"options: graceful stop is {LoadSimulation.Format(options.GracefulStop)}; it must be 0 or more");
        }

        if (options.ThresholdGracePeriod < TimeSpan.Zero)
        {
            errors.Add($"options: threshold grace period is {LoadSimulation.Format(options.ThresholdGracePeriod)}; it must be 0 or more");
        }

        if (options.HookTimeout <= TimeSpan.Zero)
        {
            errors.Add($"options: hook timeout is {LoadSimulation.Format(options.HookTimeout)}; it must be greater than zero");
        }

        if (options.IterationLimit is <= 0)
        {
            errors.Add($"options: iteration limit is {options.IterationLimit}; it must be greater than zero (or unset to run the whole plan)");
        }
    }

    private static void ValidateSafety(Scenario scenario, LoadRunOptions options, List<LoadModel> models, List<string> errors)
    {
        var policy = options.Safety;
        if (policy is null)
        {
            errors.Add("safety: no load safety policy; load needs an explicit list of allowed hosts");
            return;
        }

        errors.AddRange(policy.Validate());

        var targets = options.Targets ?? [];
        if (targets.Count == 0)
        {
            errors.Add("safety: no targets declared; list every URL the scenario sends load to so their hosts can be checked against the allowed hosts");
        }

        foreach (var target in targets)
        {
            var refusal = target is null ? "a declared target is null" : policy.RefusalFor(target);
            if (refusal is not null)
            {
                errors.Add("safety: " + refusal);
            }
        }

        var planned = scenario.PlannedDuration;
        if (policy.MaxDuration > TimeSpan.Zero && planned > policy.MaxDuration)
        {
            errors.Add($"safety: planned duration {LoadSimulation.Format(planned)} exceeds the maximum of {LoadSimulation.Format(policy.MaxDuration)}");
        }

        var simulations = scenario.Simulations ?? [];
        var valid = simulations.All(s => s is not null && !s.Validate(0).Any());
        if (!valid || models.Count != 1)
        {
            return;
        }

        if (models[0] == LoadModel.Open)
        {
            var schedule = new ArrivalSchedule(simulations);
            if (policy.MaxRatePerSecond > 0 && schedule.PeakRatePerSecond > policy.MaxRatePerSecond)
            {
                errors.Add($"safety: peak arrival rate {schedule.PeakRatePerSecond:0.##}/s exceeds the maximum of {policy.MaxRatePerSecond:0.##}/s");
            }

            if (policy.MaxVirtualUsers > 0 && options.MaxInFlight > policy.MaxVirtualUsers)
            {
                errors.Add($"safety: max in-flight {options.MaxInFlight} exceeds the maximum of {policy.MaxVirtualUsers} virtual users");
            }

            if (policy.MaxTotalIterations > 0 && schedule.PlannedArrivals > policy.MaxTotalIterations && options.IterationLimit is null)
            {
                errors.Add($"safety: the plan starts {schedule.PlannedArrivals} iterations, more than the maximum of {policy.MaxTotalIterations}");
            }
        }
        else
        {
            var plan = new ConcurrencyPlan(simulations);
            if (policy.MaxVirtualUsers > 0 && plan.MaxVirtualUsers > policy.MaxVirtualUsers)
            {
                errors.Add($"safety: {plan.MaxVirtualUsers} virtual users exceed the maximum of {policy.MaxVirtualUsers}");
            }
        }
    }
}
