using System.Diagnostics;
using System.Globalization;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Observability.Alerts;
using Sirim.Verification.Observability.Checks;
using Sirim.Verification.Observability.Metrics;
using Sirim.Verification.Canary.Rollback;

namespace Sirim.Verification.Observability;

/// <summary>Everything one observability judgement produced.</summary>
public sealed record ObservabilityResult(ObservabilityOptions Options, ObservabilityInputs Inputs, IReadOnlyList<CheckOutcome> Outcomes, DateTimeOffset JudgedAt)
{
    public bool Passed => !Outcomes.Any(o => o.Failed);
}

/// <summary>
/// The observability gate (seed 000 step 5): the API's metrics (latency histogram, requests by status, pool size,
/// counters that move with known traffic), the release's alert rules (promtool, a p95 and a 5xx rule), health that is
/// back and stable after a restart, and a request id on every answer that echoes the caller's.
/// </summary>
public sealed class ObservabilityGate(ObservabilityOptions options, ExchangeClient client, Redactor redactor)
{
    public const string Name = "observability";
    /// <summary>The evidence document; a production run writes it as observability_prod_readiness.md (<see cref="EvidenceFileNames"/>).</summary>
    public const string EvidenceFile = "observability_readiness.md";

    /// <summary>Interval between two health probes while waiting for the target after the restart.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<ObservabilityResult> RunAsync(string? poolActiveFigure, DateTimeOffset now, CancellationToken ct)
    {
        var requestIds = await RequestIdsAsync(ct).ConfigureAwait(false);
        var metrics = options.MetricsPath is { } path ? await ScrapeAsync(path, ct).ConfigureAwait(false) : null;
        var alerts = options.AlertRulesFile is { } file ? await ReadAlertsAsync(file, ct).ConfigureAwait(false) : null;
        // Last: the restart takes the target down for a moment.
        var restart = options.RestartCommand is { } command ? await RestartAsync(command, ct).ConfigureAwait(false) : null;
        return Judge(options, new ObservabilityInputs(metrics, alerts, restart, requestIds, poolActiveFigure), now);
    }

    private Uri Url(string path) => TargetOptions.Combine(options.ApiBaseUrl, path);

    /// <summary>Each route twice: once without an id (the server must make one), once with an id of the suite's (it must come back).</summary>
    public async Task<IReadOnlyList<RequestIdExchange>> RequestIdsAsync(CancellationToken ct)
    {
        var list = new List<RequestIdExchange>();
        foreach (var path in options.RequestIdPaths)
        {
            list.Add(new RequestIdExchange(path, null, await client.GetAsync(Url(path), ct).ConfigureAwait(false)));
            var id = "sirim-verify-" + Guid.NewGuid().ToString("N")[..16];
            list.Add(new RequestIdExchange(path, id, await client.GetAsync(Url(path), ct, new HttpHeader(options.RequestIdHeader, id)).ConfigureAwait(false)));
        }
        return list;
    }

    /// <summary>Scrape, a bounded number of GETs to the readiness route, scrape again.</summary>
    public async Task<MetricsRead> ScrapeAsync(string path, CancellationToken ct)
    {
        var accept = new HttpHeader("Accept", "text/plain;version=0.0.4");
        var first = await client.GetAsync(Url(path), ct, accept).ConfigureAwait(false);
        var probes = new List<HttpExchange>();
        for (var i = 0; i < options.ProbeRequests; i++)
            probes.Add(await client.GetAsync(Url(options.ReadinessPath), ct).ConfigureAwait(false));
        var second = await client.GetAsync(Url(path), ct, accept).ConfigureAwait(false);
        return new MetricsRead(first, Parse(first), probes, second, Parse(second));

        static MetricsScrape? Parse(HttpExchange x) => x.Status == 200 && x.Response is { } r ? PrometheusText.Parse(r.Body) : null;
    }

    public static async Task<AlertsRead> ReadAlertsAsync(string file, CancellationToken ct)
    {
        var promtool = await Promtool.CheckRulesAsync(file, ct).ConfigureAwait(false);
        var (rules, error) = AlertRules.Read(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false));
        return new AlertsRead(file, promtool, rules, error);
    }

    /// <summary>Runs the restart command once, then polls liveness and readiness until both answer 200 (bounded), then the stability probes.</summary>
    public async Task<RestartRead> RestartAsync(string command, CancellationToken ct)
    {
        var run = await RollbackCommand.RunAsync(command, options.RestartTimeout, ct).ConfigureAwait(false);
        var result = new RestartCommandRun(run.StartedAt, run.Elapsed, run.ExitCode, run.TimedOut, redactor.Text(run.Output));
        var timeline = new List<HealthProbe>();
        if (!run.Succeeded) return new RestartRead(result, timeline, null);
        var clock = Stopwatch.StartNew();
        TimeSpan? back = null;
        // Bounded by restartReadySeconds: at most that long, one round every PollInterval.
        while (clock.Elapsed < options.RestartReadyBound)
        {
            var live = await ProbeAsync("waiting", options.LivenessPath, clock, ct).ConfigureAwait(false);
            var ready = await ProbeAsync("waiting", options.ReadinessPath, clock, ct).ConfigureAwait(false);
            timeline.Add(live);
            timeline.Add(ready);
            if (live.Ok && ready.Ok) { back = clock.Elapsed; break; }
            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
        if (back is null) return new RestartRead(result, timeline, null);
        for (var i = 0; i < options.StableProbes; i++)
        {
            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
            timeline.Add(await ProbeAsync("stable", options.LivenessPath, clock, ct).ConfigureAwait(false));
            timeline.Add(await ProbeAsync("stable", options.ReadinessPath, clock, ct).ConfigureAwait(false));
        }
        return new RestartRead(result, timeline, back);
    }

    private async Task<HealthProbe> ProbeAsync(string phase, string path, Stopwatch clock, CancellationToken ct)
    {
        var at = clock.Elapsed;
        var x = await client.GetAsync(Url(path), ct).ConfigureAwait(false);
        return new HealthProbe(at, phase, path, x.Status, x.TransportError);
    }

    /// <summary>The pure half: judges what was read (unit-testable without a target).</summary>
    public static ObservabilityResult Judge(ObservabilityOptions options, ObservabilityInputs inputs, DateTimeOffset now)
    {
        var outcomes = new List<CheckOutcome>();
        foreach (var x in inputs.RequestIds)
            outcomes.Add(x.SentId is null ? RequestIdPresent.Evaluate(x, options.RequestIdHeader) : RequestIdEchoed.Evaluate(x, options.RequestIdHeader));

        if (inputs.Metrics is { } m)
        {
            var exposed = MetricsExposed.Evaluate(m, options.MetricsPath ?? "");
            outcomes.Add(exposed);
            if (!exposed.Failed && m.FirstParsed is { } first && m.SecondParsed is { } second)
            {
                outcomes.Add(MetricsLatencyHistogram.Evaluate(second, options.Names));
                outcomes.Add(MetricsRequestsByStatus.Evaluate(second, options.Names));
                outcomes.Add(MetricsPoolSize.Evaluate(second, options.Names, inputs.PoolActiveFigure));
                outcomes.Add(MetricsCountersMove.Evaluate(first, second, options.Names, m.Probes.Count, options.ReadinessPath));
            }
        }
        else outcomes.Add(CheckOutcome.NotApplicable(Name, MetricsExposed.Id, "metrics", options.MetricsNotRunReason ?? "NOT RUN"));

        if (inputs.Alerts is { } a)
        {
            outcomes.Add(AlertRulesValid.Evaluate(a));
            outcomes.Add(AlertRulePresent.P95(a));
            outcomes.Add(AlertRulePresent.FiveXx(a));
        }
        else outcomes.Add(CheckOutcome.NotApplicable(Name, AlertRulesValid.Id, "alert rules", "NOT RUN: no alert rules file (alertRulesFile / SIRIM_ALERT_RULES_FILE)"));

        outcomes.Add(inputs.Restart is { } r
            ? RestartHealthStable.Evaluate(r, options.RestartReadyBound, options.StableProbes)
            : CheckOutcome.NotApplicable(Name, RestartHealthStable.Id, "restart", options.RestartNotRunReason ?? "NOT RUN"));
        return new ObservabilityResult(options, inputs, outcomes, now);
    }

    /// <summary>The pool size the metrics report (second scrape), or null.</summary>
    public static double? MetricsPoolSizeValue(ObservabilityResult r) =>
        r.Inputs.Metrics?.SecondParsed?.Family(r.Options.Names.PoolSize)?.Samples.FirstOrDefault()?.Value;

    /// <summary>The go/no-go row: PASS when every check that ran passed; key figures for the pool size, the restart and the checks not run.</summary>
    public static GateSummary Summary(ObservabilityResult r, IReadOnlyList<string> evidenceFiles)
    {
        var figures = new List<KeyFigure>();
        if (MetricsPoolSizeValue(r) is { } pool)
            figures.Add(new KeyFigure("pool size (metrics)", pool.ToString(CultureInfo.InvariantCulture), "", null));
        if (r.Inputs.PoolActiveFigure is { } active) figures.Add(new KeyFigure("pool connections (pg_stat_activity)", active, "", null));
        if (r.Inputs.Restart is { } restart)
            figures.Add(new KeyFigure("health back after restart", restart.BackAfter is { } b ? $"{b.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "not back",
                $"≤ {r.Options.RestartReadyBound.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", restart.BackAfter is not null));
        foreach (var notRun in r.Outcomes.Where(o => o.Status == CheckStatus.NotApplicable && (o.Actual ?? "").StartsWith("NOT RUN", StringComparison.Ordinal)))
            figures.Add(new KeyFigure(notRun.CheckId, notRun.Actual!, "", null));
        var failures = r.Outcomes.Where(o => o.Failed).Select(o => FailureRenderer.Render(o, Redactor.None)).ToList();
        return new GateSummary(Name, failures.Count == 0 ? GateStatus.Pass : GateStatus.Fail,
            r.Outcomes.Count(o => o.Status == CheckStatus.Passed), failures.Count, r.Outcomes.Count(o => o.Status == CheckStatus.NotApplicable),
            figures, evidenceFiles, failures);
    }
}
