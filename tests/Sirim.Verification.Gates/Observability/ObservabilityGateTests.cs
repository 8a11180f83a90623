using Sirim.Verification.Gates.Infrastructure;
using Sirim.Verification.Observability;

namespace Sirim.Verification.Gates.Observability;

/// <summary>
/// The observability gate: metrics (latency histogram, requests by status, pool size, counters that move), the release's
/// alert rules (promtool, p95 and 5xx rules), health back and stable after a restart, and the request id on every
/// answer. Within the gate the restart comes last: it takes the target down for a moment.
/// </summary>
[Gate(ObservabilityGate.Name), Description("Observability: metrics, alert rules, restart stability, request id"), Order(8)]
public sealed class ObservabilityGateTests : GateTest
{
    [Test, Severity("critical")]
    [Description("metrics, alerts, restart stability and request id are in place")]
    public async Task Release_is_observable()
    {
        var options = RequireOptions(ObservabilityOptions.From(Suite.Options, Suite.ResolvePath), "the observability gate");
        Allure.Parameter("metrics route", options.MetricsPath ?? "(not run)");
        Allure.Parameter("alert rules", options.AlertRulesFile ?? "(not run)");
        Allure.Parameter("restart", options.RestartCommand is null ? options.RestartNotRunReason ?? "" : "run once");

        // The pool gate's pg_stat_activity figure of this run, shown beside the pool size the metrics report.
        var poolFigure = Suite.Ledger.Summaries().FirstOrDefault(s => s.Gate == "pool")?.Figures.FirstOrDefault(f => f.Name == "max connections")?.Actual;
        using var client = Suite.NewClient();
        var result = await Allure.StepAsync("request ids, two scrapes around known traffic, promtool, one restart",
            () => new ObservabilityGate(options, client, Suite.Redactor).RunAsync(poolFigure, DateTimeOffset.UtcNow, CancellationToken.None));
        foreach (var x in result.Inputs.RequestIds.Take(4)) Attach(x.Exchange, $"request id: GET {x.Path}");
        if (result.Inputs.Metrics is { } m) Attach(m.Second, "second metrics scrape");

        // A production run writes it as observability_prod_readiness.md.
        var file = Suite.Run.WriteMarkdown(ObservabilityGate.EvidenceFile, ObservabilityReport.Render(result, Suite.Run.Environment, Suite.Redactor));
        Allure.AttachText(Path.GetFileName(file), File.ReadAllText(file), "text/markdown", "md");
        Suite.Ledger.AddEvidence(ObservabilityGate.Name, file);
        foreach (var figure in ObservabilityGate.Summary(result, []).Figures) Suite.Ledger.AddFigure(ObservabilityGate.Name, figure);
        AssertOutcomes(result.Outcomes);
    }
}
