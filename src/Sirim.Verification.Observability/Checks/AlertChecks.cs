using Sirim.Verification.Core.Checks;
using Sirim.Verification.Observability.Alerts;

namespace Sirim.Verification.Observability.Checks;

/// <summary>
/// <c>alert_rules_valid</c>: <c>promtool check rules</c> accepts the release's rules file (syntax, PromQL, templates).
/// promtool missing is NOT RUN with the reason, never a pass.
/// </summary>
public static class AlertRulesValid
{
    public const string Id = "alert_rules_valid";

    public static CheckOutcome Evaluate(AlertsRead read)
    {
        var subject = Path.GetFileName(read.File);
        if (read.Promtool.Missing is { } missing)
            return CheckOutcome.NotApplicable(ObservabilityGate.Name, Id, subject, $"NOT RUN: {missing}");
        if (read.Promtool.Valid)
            return CheckOutcome.Pass(ObservabilityGate.Name, Id, subject, Severity.High) with { Actual = LastLine(read.Promtool.Output) };
        return CheckOutcome.Fail(ObservabilityGate.Name, Id, subject, Severity.High, $"'{read.Promtool.CommandLine}' exits 0",
            $"exit code {read.Promtool.ExitCode}: {Cut(read.Promtool.Output)}", "Prometheus refuses to load a rules file promtool rejects: no alert of the release would fire.");
    }

    private static string LastLine(string text) => text.Trim().Split('\n')[^1].Trim();
    private static string Cut(string text) => text.Trim().Length <= 600 ? text.Trim() : text.Trim()[..600] + "…";
}

/// <summary>
/// <c>alert_rule_p95_latency</c> and <c>alert_rule_5xx_rate</c>: the release's rules alert on p95 latency and on the
/// 5xx rate (seed 000 step 5: "alertas configuradas (p95 y 5xx)").
/// </summary>
public static class AlertRulePresent
{
    public const string P95Id = "alert_rule_p95_latency";
    public const string FiveXxId = "alert_rule_5xx_rate";

    public static CheckOutcome P95(AlertsRead read) => Evaluate(read, P95Id, AlertRules.IsP95Latency,
        "an alerting rule on histogram_quantile(0.95, …) or a summary's quantile=\"0.95\"",
        "Add an alert such as: histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m]))) > 0.3");

    public static CheckOutcome FiveXx(AlertsRead read) => Evaluate(read, FiveXxId, AlertRules.Is5xxRate,
        "an alerting rule selecting 5xx answers (e.g. status=~\"5..\")",
        "Add an alert such as: sum(rate(http_server_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_server_requests_total[5m])) > 0.01");

    private static CheckOutcome Evaluate(AlertsRead read, string id, Func<AlertRule, bool> matches, string expected, string hint)
    {
        var subject = Path.GetFileName(read.File);
        if (read.ReadError is { } error)
            return CheckOutcome.Fail(ObservabilityGate.Name, id, subject, Severity.High, expected, $"the file could not be read: {error}", hint);
        var found = read.Rules.Where(matches).ToList();
        if (found.Count > 0)
            return CheckOutcome.Pass(ObservabilityGate.Name, id, subject, Severity.High) with { Actual = string.Join("; ", found.Select(r => $"{r.Group}/{r.Name}")) };
        return CheckOutcome.Fail(ObservabilityGate.Name, id, subject, Severity.High, expected,
            read.Rules.Count == 0 ? "no rule at all" : $"{read.Rules.Count} rule(s), none matching: {string.Join(", ", read.Rules.Select(r => r.Name))}", hint);
    }
}
