using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Observability;

/// <summary>Names of the metric families the gate looks for (deployment conventions, defaults matching the reference target).</summary>
public sealed record MetricNames(string Latency, string Requests, string StatusLabel, string PoolSize);

/// <summary>
/// What the observability gate checks and how: the metrics route and metric names (null path: metrics NOT RUN), the
/// alert rules file (null: NOT RUN), the restart command and its bounds (null: NOT RUN, with the reason), the
/// request-id header and the routes probed for it. Every part is validated here, before the first request.
/// </summary>
public sealed record ObservabilityOptions(
    Uri ApiBaseUrl,
    string LivenessPath,
    string ReadinessPath,
    string? MetricsPath,
    string? MetricsNotRunReason,
    MetricNames Names,
    int ProbeRequests,
    string? AlertRulesFile,
    string? RestartCommand,
    string? RestartNotRunReason,
    TimeSpan RestartTimeout,
    TimeSpan RestartReadyBound,
    int StableProbes,
    string RequestIdHeader,
    IReadOnlyList<string> RequestIdPaths)
{
    /// <param name="resolvePath">Turns a configured path into a full one (relative paths are relative to the repository root).</param>
    public static OptionsResult<ObservabilityOptions> From(TargetOptions target, Func<string, string> resolvePath)
    {
        var errors = new List<string>();
        var settings = SettingsReader.For(target, errors, end: "");
        string Text(SettingDefinition d) => settings.Text(d);

        var metricsPath = target.Setting(SettingsCatalog.MetricsPath) ?? SettingsCatalog.MetricsPath.Default!;
        string? metricsNotRun = null;
        if (metricsPath.Length == 0)
            metricsNotRun = $"NOT RUN: {Name(SettingsCatalog.MetricsPath)} is empty (the deployment exposes no metrics route to the suite)";
        else if (!metricsPath.StartsWith('/'))
            errors.Add($"{Name(SettingsCatalog.MetricsPath)}: '{metricsPath}' must start with '/'; allowed: a route such as /metrics, or empty for NOT RUN");

        var names = new MetricNames(Text(SettingsCatalog.MetricsLatencyName), Text(SettingsCatalog.MetricsRequestsName),
            Text(SettingsCatalog.MetricsStatusLabel), Text(SettingsCatalog.MetricsPoolSizeName));
        foreach (var (d, v) in new[] { (SettingsCatalog.MetricsLatencyName, names.Latency), (SettingsCatalog.MetricsRequestsName, names.Requests),
                     (SettingsCatalog.MetricsStatusLabel, names.StatusLabel), (SettingsCatalog.MetricsPoolSizeName, names.PoolSize) })
            if (!System.Text.RegularExpressions.Regex.IsMatch(v, "^[a-zA-Z_:][a-zA-Z0-9_:]*$"))
                errors.Add($"{Name(d)}: '{v}' is not a Prometheus metric or label name; allowed: letters, digits, _ and : (not starting with a digit)");

        var probes = settings.Int(SettingsCatalog.MetricsProbeRequests, 1, 100);

        string? rules = null;
        if (target.Setting(SettingsCatalog.AlertRulesFile) is { Length: > 0 } rawRules)
        {
            rules = resolvePath(rawRules.Trim());
            if (!File.Exists(rules))
                errors.Add($"{Name(SettingsCatalog.AlertRulesFile)}: '{rawRules}' does not exist; name the release's Prometheus rules file (YAML) or leave it unset");
        }

        var command = target.Setting(SettingsCatalog.RestartCommand) is { Length: > 0 } c ? c : null;
        string? restartNotRun = null;
        var allowInReadOnly = Text(SettingsCatalog.RestartInReadOnly).ToLowerInvariant();
        if (allowInReadOnly is not ("true" or "false"))
            errors.Add($"{Name(SettingsCatalog.RestartInReadOnly)}: '{allowInReadOnly}' is not a boolean; allowed: true, false");
        if (command is null) restartNotRun = $"NOT RUN: no restart command ({Name(SettingsCatalog.RestartCommand)})";
        else if (target.ReadOnly && allowInReadOnly != "true")
            restartNotRun = $"NOT RUN: read-only mode (production): the restart command is not run unless {Name(SettingsCatalog.RestartInReadOnly)} is true";
        else if (!File.Exists("/bin/sh"))
            errors.Add($"{Name(SettingsCatalog.RestartCommand)} is set but /bin/sh does not exist; the command runs through /bin/sh -c");
        var timeout = settings.Int(SettingsCatalog.RestartTimeoutSeconds, 1, 3600);
        var ready = settings.Int(SettingsCatalog.RestartReadySeconds, 1, 600);
        var stable = settings.Int(SettingsCatalog.RestartStableProbes, 1, 100);

        var header = Text(SettingsCatalog.RequestIdHeader).Trim();
        if (header.Length == 0 || !header.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            errors.Add($"{Name(SettingsCatalog.RequestIdHeader)}: '{header}' is not a header name; allowed: letters, digits, - and _, e.g. X-Request-Id");
        var paths = (target.Setting(SettingsCatalog.RequestIdPaths) ?? $"{target.Health.Liveness},{target.Health.Readiness},/api/version,/api/gastos")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (paths.Count == 0) errors.Add($"{Name(SettingsCatalog.RequestIdPaths)} is empty; name at least one GET route, e.g. {target.Health.Liveness}");
        foreach (var p in paths.Where(p => !p.StartsWith('/')))
            errors.Add($"{Name(SettingsCatalog.RequestIdPaths)}: '{p}' must start with '/'");

        if (errors.Count > 0) return OptionsResult<ObservabilityOptions>.Invalid(errors);
        return OptionsResult<ObservabilityOptions>.Valid(new ObservabilityOptions(target.ApiBaseUrl, target.Health.Liveness, target.Health.Readiness,
            metricsNotRun is null ? metricsPath : null, metricsNotRun, names, probes, rules, restartNotRun is null ? command : null, restartNotRun,
            TimeSpan.FromSeconds(timeout), TimeSpan.FromSeconds(ready), stable, header, paths));
    }

    private static string Name(SettingDefinition d) => SettingsReader.Name(d);
}
