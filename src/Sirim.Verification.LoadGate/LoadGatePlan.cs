using System.Globalization;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.Load.Thresholds;
using Sirim.Verification.LoadGate.Profiles;
using Sirim.Verification.LoadGate.Routes;

namespace Sirim.Verification.LoadGate;

/// <summary>A budget the load is judged by: the check that reports it, the threshold text, and where the text came from.</summary>
public sealed record GateBudget(string CheckId, string Threshold, string Source);

/// <summary>A critical route that does not run in this environment, and why (read-only mode, no credentials).</summary>
public sealed record SkippedRoute(string Route, string Reason);

/// <summary>
/// Everything a load gate run needs, validated before any traffic: the profile, the critical routes that run (and the
/// ones skipped, with the reason), the budgets, the safety policy and the declared targets.
/// </summary>
public sealed record LoadGatePlan(
    LoadProfile Profile,
    IReadOnlyList<CriticalRoute> Routes,
    IReadOnlyList<SkippedRoute> Skipped,
    IReadOnlyList<GateBudget> Budgets,
    IReadOnlyList<string> ExtraThresholds,
    LoadSafetyPolicy Safety,
    IReadOnlyList<Uri> Targets,
    int EmpresaId)
{
    /// <summary>Every threshold handed to the engine: budgets first, then the profile's own.</summary>
    public IReadOnlyList<string> AllThresholds => [.. Budgets.Select(b => b.Threshold), .. ExtraThresholds];

    /// <summary>The route's URL as its first request sends it (<c>{n}</c> = 0); the host is the API's whatever the placeholders.</summary>
    public Uri RouteUrl(TargetOptions options, CriticalRoute route)
    {
        if (route.Kind == RouteKind.Login) return options.Api(options.Auth.LoginPath);
        var (values, errors) = RouteValues.Bind([route], options);
        if (values is null) throw new InvalidOperationException(string.Join("; ", errors));
        return options.Api(values.Path(route.Path!, new RequestValues(0, Guid.Empty.ToString())));
    }
}

/// <summary>Builds and validates a <see cref="LoadGatePlan"/> from the settings and the files of <c>scenarios/load/</c>.</summary>
public static class LoadGatePlanner
{
    /// <summary>Hard caps of every load the gates send, whatever a profile says.</summary>
    public static LoadSafetyPolicy SafetyFor(TargetOptions options) => new()
    {
        AllowedHosts = options.LoadAllowedHosts,
        MaxDuration = TimeSpan.FromMinutes(30),
        MaxRatePerSecond = 1000,
        MaxVirtualUsers = 1000,
        MaxTotalIterations = 2_000_000,
    };

    /// <summary>The plan, or why the gate does not run (load not allowed on the host), or every configuration error at once.</summary>
    public static OptionsResult<LoadGatePlan> Prepare(TargetOptions options, string repositoryRoot, string profileNameOrPath)
    {
        // Safety first: a host that is not explicitly allowed never receives load, whatever else is configured.
        var safety = SafetyFor(options);
        if (!options.IsLoadAllowed(options.ApiBaseUrl) || safety.RefusalFor(options.ApiBaseUrl) is not null)
            return OptionsResult<LoadGatePlan>.NotRun($"NOT RUN: load is not allowed on host '{options.ApiBaseUrl.Host}'; " +
                                 $"allowed hosts: {(options.LoadAllowedHosts.Count == 0 ? "none" : string.Join(", ", options.LoadAllowedHosts))}. " +
                                 $"Add the host to {SettingsReader.Name(SettingsCatalog.LoadAllowedHosts)} only where load is agreed.");

        var errors = new List<string>();
        var settings = SettingsReader.For(options, errors);
        var (profile, profileErrors) = LoadProfileFile.Load(LoadProfileFile.PathFor(profileNameOrPath, repositoryRoot));
        errors.AddRange(profileErrors);

        var routesPath = settings.Text(SettingsCatalog.LoadRoutesFile);
        var (routes, routeErrors) = RoutesFile.Load(Path.IsPathRooted(routesPath) ? routesPath : Path.Combine(repositoryRoot, routesPath));
        errors.AddRange(routeErrors);

        var empresaText = settings.Text(SettingsCatalog.LoadEmpresaId);
        if (!int.TryParse(empresaText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var empresaId) || empresaId < 1)
            settings.Error(SettingsCatalog.LoadEmpresaId, $"'{empresaText}' is not a positive empresa id.");

        var budgets = new List<GateBudget>();
        if (profile is not null)
        {
            budgets.Add(Budget(options, "p95_budget", SettingsCatalog.P95Budget, profile.Budgets.P95, profile.Name));
            budgets.Add(Budget(options, "p99_budget", SettingsCatalog.P99Budget, profile.Budgets.P99, profile.Name));
            budgets.Add(Budget(options, "error_rate_budget", SettingsCatalog.ErrorRateBudget, profile.Budgets.ErrorRate, profile.Name));
            foreach (var budget in budgets)
            {
                if (!ThresholdParser.TryParse(budget.Threshold, out var parsed, out var error)) errors.Add($"{budget.CheckId} ({budget.Source}): {error}");
                else if (!MatchesCheck(budget.CheckId, parsed!))
                    errors.Add($"{budget.CheckId} ({budget.Source}): \"{budget.Threshold}\" measures {parsed!.MetricName}; this budget must measure {budget.CheckId.Replace("_budget", "")}");
            }
            foreach (var text in profile.Thresholds)
                if (!ThresholdParser.TryParse(text, out _, out var error)) errors.Add($"profile {profile.Name}: {error}");
        }

        var skipped = new List<SkippedRoute>();
        var active = new List<CriticalRoute>();
        foreach (var route in routes)
        {
            if (route.Mutates && options.ReadOnly)
                skipped.Add(new(route.Name, $"read-only mode (readOnly=true): {route.Method} changes data; the route is not measured"));
            else if (route.Kind == RouteKind.Login && (options.Auth.Username is null || options.Auth.Password is null))
                skipped.Add(new(route.Name, "no credentials (a ready token is used): the login route is not measured"));
            else active.Add(route);
        }
        if (routes.Count > 0 && active.Count == 0) errors.Add("every critical route is skipped in this environment; nothing would be measured");
        errors.AddRange(RouteValues.Bind(active, options).Errors);
        if (!options.Auth.CanAuthenticate && active.Any(r => r.Kind != RouteKind.Login))
            errors.Add("no credentials: set SIRIM_USERNAME and SIRIM_PASSWORD (or SIRIM_TOKEN) in the environment; the critical routes need a bearer token");

        if (errors.Count > 0 || profile is null) return OptionsResult<LoadGatePlan>.Invalid(errors);
        var plan = new LoadGatePlan(profile, active, skipped, budgets, profile.Thresholds, safety, [], empresaId);
        return OptionsResult<LoadGatePlan>.Valid(plan with { Targets = active.Select(r => plan.RouteUrl(options, r)).Distinct().ToList() });
    }

    /// <summary>A setting given in the environment or the runsettings wins; otherwise the profile's budget; otherwise the setting's default.</summary>
    private static GateBudget Budget(TargetOptions options, string checkId, SettingDefinition setting, string? fromProfile, string profile)
    {
        var resolved = options.Settings.FirstOrDefault(s => s.Definition == setting);
        if (resolved is { Origin: SettingOrigin.Environment or SettingOrigin.RunSettings, Value: { } explicitValue })
            return new(checkId, explicitValue, $"setting {setting.Key} [{resolved.Origin}]");
        if (fromProfile is not null) return new(checkId, fromProfile, $"profile {profile}");
        return new(checkId, resolved?.Value ?? setting.Default!, $"setting {setting.Key} [Default]");
    }

    private static bool MatchesCheck(string checkId, Threshold threshold) => checkId switch
    {
        "p95_budget" => threshold is { Metric: ThresholdMetric.Percentile, Percentile: 95, Scope: null },
        "p99_budget" => threshold is { Metric: ThresholdMetric.Percentile, Percentile: 99, Scope: null },
        _ => threshold is { Metric: ThresholdMetric.ErrorRate, Scope: null },
    };
}
