using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Observability.Tests;

/// <summary>The gate's settings: defaults, NOT RUN reasons, read-only mode and every error at once before any request.</summary>
public sealed class ObservabilityOptionsTests
{
    private static OptionsResult<ObservabilityOptions> Load(Dictionary<string, string> env)
    {
        env.TryAdd("SIRIM_API_URL", "https://api.sirim.example");
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        return ObservabilityOptions.From(loaded.Options!, p => Path.Combine("/repo", p));
    }

    [Test]
    public void Defaults_match_the_reference_target_and_leave_alerts_and_restart_not_run()
    {
        var o = Load([]).Options!;
        Assert.Multiple(() =>
        {
            Assert.That(o.MetricsPath, Is.EqualTo("/metrics"));
            Assert.That(o.Names, Is.EqualTo(new MetricNames("http_server_request_duration_seconds", "http_server_requests_total", "status", "sirim_db_pool_max_connections")));
            Assert.That(o.ProbeRequests, Is.EqualTo(5));
            Assert.That(o.AlertRulesFile, Is.Null);
            Assert.That(o.RestartCommand, Is.Null);
            Assert.That(o.RestartNotRunReason, Is.EqualTo("NOT RUN: no restart command (restartCommand (SIRIM_RESTART_COMMAND))"));
            Assert.That(o.RequestIdHeader, Is.EqualTo("X-Request-Id"));
            Assert.That(o.RequestIdPaths, Is.EqualTo(new[] { "/healthz", "/readyz", "/api/version", "/api/gastos" }));
        });
    }

    [Test]
    public void An_empty_metrics_path_is_not_run_with_the_reason()
    {
        var o = Load(new() { ["SIRIM_METRICS_PATH"] = "" }).Options!;
        Assert.That(o.MetricsPath, Is.Null);
        Assert.That(o.MetricsNotRunReason, Is.EqualTo("NOT RUN: metricsPath (SIRIM_METRICS_PATH) is empty (the deployment exposes no metrics route to the suite)"));
    }

    [Test]
    public void Read_only_mode_does_not_run_the_restart_unless_explicitly_allowed()
    {
        var refused = Load(new() { ["SIRIM_READ_ONLY"] = "true", ["SIRIM_RESTART_COMMAND"] = "systemctl restart sirim-api" }).Options!;
        var allowed = Load(new() { ["SIRIM_READ_ONLY"] = "true", ["SIRIM_RESTART_COMMAND"] = "systemctl restart sirim-api", ["SIRIM_RESTART_IN_READ_ONLY"] = "true" }).Options!;
        Assert.That(refused.RestartCommand, Is.Null);
        Assert.That(refused.RestartNotRunReason, Is.EqualTo("NOT RUN: read-only mode (production): the restart command is not run unless restartInReadOnly (SIRIM_RESTART_IN_READ_ONLY) is true"));
        Assert.That(allowed.RestartCommand, Is.EqualTo("systemctl restart sirim-api"));
    }

    [Test]
    public void Every_bad_setting_is_reported_at_once()
    {
        var loaded = Load(new()
        {
            ["SIRIM_METRICS_PATH"] = "metrics",
            ["SIRIM_METRICS_LATENCY_NAME"] = "9latency",
            ["SIRIM_METRICS_PROBE_REQUESTS"] = "1000",
            ["SIRIM_ALERT_RULES_FILE"] = "release/none.yml",
            ["SIRIM_RESTART_TIMEOUT_SECONDS"] = "0",
            ["SIRIM_RESTART_STABLE_PROBES"] = "x",
            ["SIRIM_RESTART_IN_READ_ONLY"] = "yes",
            ["SIRIM_REQUEST_ID_HEADER"] = "X Request Id",
            ["SIRIM_REQUEST_ID_PATHS"] = "/healthz,readyz",
        });
        Assert.That(loaded.Options, Is.Null);
        Assert.That(loaded.Errors, Is.EqualTo(new[]
        {
            "metricsPath (SIRIM_METRICS_PATH): 'metrics' must start with '/'; allowed: a route such as /metrics, or empty for NOT RUN",
            "metricsLatencyName (SIRIM_METRICS_LATENCY_NAME): '9latency' is not a Prometheus metric or label name; allowed: letters, digits, _ and : (not starting with a digit)",
            "metricsProbeRequests (SIRIM_METRICS_PROBE_REQUESTS): '1000' is not a whole number from 1 to 100",
            "alertRulesFile (SIRIM_ALERT_RULES_FILE): 'release/none.yml' does not exist; name the release's Prometheus rules file (YAML) or leave it unset",
            "restartInReadOnly (SIRIM_RESTART_IN_READ_ONLY): 'yes' is not a boolean; allowed: true, false",
            "restartTimeoutSeconds (SIRIM_RESTART_TIMEOUT_SECONDS): '0' is not a whole number from 1 to 3600",
            "restartStableProbes (SIRIM_RESTART_STABLE_PROBES): 'x' is not a whole number from 1 to 100",
            "requestIdHeader (SIRIM_REQUEST_ID_HEADER): 'X Request Id' is not a header name; allowed: letters, digits, - and _, e.g. X-Request-Id",
            "requestIdPaths (SIRIM_REQUEST_ID_PATHS): 'readyz' must start with '/'",
        }));
    }
}
