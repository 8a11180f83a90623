using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Canary;

/// <summary>
/// What the canary gate compares and how hard it probes: two base URLs, the read-only GET routes, the number of probes
/// per deployment (bounded), the number of workers, the time bound and the rules. Read once from the settings.
/// </summary>
public sealed record CanaryOptions(
    Uri BaselineUrl,
    Uri CanaryUrl,
    IReadOnlyList<string> ProbePaths,
    int RequestsPerSide,
    int Concurrency,
    TimeSpan MaxDuration,
    int WarmupPerPath,
    CanaryRules Rules)
{
    public const int MaxRequestsPerSide = 10_000;

    /// <summary>The options, or why the gate does not run (no canary URL), or every configuration error at once.</summary>
    public static OptionsResult<CanaryOptions> From(TargetOptions target)
    {
        var canaryRaw = target.Setting(SettingsCatalog.CanaryUrl);
        if (canaryRaw is null)
            return OptionsResult<CanaryOptions>.NotRun("NOT RUN: no canary deployment configured (canaryUrl / SIRIM_CANARY_URL)");
        var errors = new List<string>();
        var settings = SettingsReader.For(target, errors, end: "");
        var canary = Url(canaryRaw, SettingsCatalog.CanaryUrl, errors);
        var baseline = target.Setting(SettingsCatalog.CanaryBaselineUrl) is { } b ? Url(b, SettingsCatalog.CanaryBaselineUrl, errors) : target.ApiBaseUrl;

        // Default "{readinessPath},/api/version": the deployment's readiness route and the version route.
        var paths = (target.Setting(SettingsCatalog.CanaryProbePaths) ?? $"{target.Health.Readiness},/api/version")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length == 0) errors.Add($"{Name(SettingsCatalog.CanaryProbePaths)} is empty: name at least one read-only GET route, e.g. {target.Health.Readiness}");
        foreach (var p in paths.Where(p => !p.StartsWith('/')))
            errors.Add($"{Name(SettingsCatalog.CanaryProbePaths)}: '{p}' must start with '/'");

        var requests = settings.Int(SettingsCatalog.CanaryRequests, 10, MaxRequestsPerSide);
        var workers = settings.Int(SettingsCatalog.CanaryConcurrency, 1, 32);
        var seconds = settings.Int(SettingsCatalog.CanaryMaxSeconds, 5, 1800);
        var (rules, ruleErrors) = CanaryRules.Parse(target.Setting(SettingsCatalog.CanaryRules) ?? CanaryRules.DefaultText);
        errors.AddRange(ruleErrors.Select(e => $"{Name(SettingsCatalog.CanaryRules)}: {e}"));

        // Probe traffic goes only where the operator allowed load (the same allow-list as the load gates).
        foreach (var (label, url) in new[] { ("baseline", baseline), ("canary", canary) })
            if (url is not null && !target.IsLoadAllowed(url))
                errors.Add($"the {label} host '{url.Host}' is not in loadAllowedHosts (SIRIM_LOAD_ALLOWED_HOSTS: '{string.Join(",", target.LoadAllowedHosts)}'); " +
                           "canary probes are load traffic and go only to hosts listed there");
        if (baseline is not null && canary is not null && baseline == canary)
            errors.Add($"the baseline and the canary are the same URL ({canary}); compare two deployments");

        if (errors.Count > 0 || baseline is null || canary is null || rules is null) return OptionsResult<CanaryOptions>.Invalid(errors);
        return OptionsResult<CanaryOptions>.Valid(new CanaryOptions(baseline, canary, paths, requests, workers, TimeSpan.FromSeconds(seconds), WarmupPerPath: 20, rules));
    }

    private static string Name(SettingDefinition d) => SettingsReader.Name(d);

    private static Uri? Url(string raw, SettingDefinition d, List<string> errors)
    {
        if (Uri.TryCreate(raw, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query))
            return uri;
        errors.Add($"{Name(d)}: '{raw}' is not an absolute http(s) URL without a query");
        return null;
    }
}
