using System.Globalization;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Observability.Metrics;

namespace Sirim.Verification.Observability.Checks;

/// <summary>
/// <c>metrics_exposed</c>: the metrics route answers 200 in the Prometheus text format, and every line parses
/// (https://prometheus.io/docs/instrumenting/exposition_formats/). Seed 000 step 5: metrics exported to the monitoring backend.
/// </summary>
public static class MetricsExposed
{
    public const string Id = "metrics_exposed";

    public static CheckOutcome Evaluate(MetricsRead read, string path)
    {
        foreach (var (exchange, parsed) in new[] { (read.First, read.FirstParsed), (read.Second, read.SecondParsed) })
        {
            if (exchange.Status != 200)
                return CheckOutcome.Fail(ObservabilityGate.Name, Id, $"GET {path}", Severity.High, "200 with the Prometheus text exposition format",
                    exchange.Status is { } s ? $"{s}" : $"no answer: {exchange.TransportError}", "The scraper cannot read the API's metrics: expose the route to the monitoring network, or set metricsPath.", exchange);
            if (parsed is { Errors.Count: > 0 } p)
                return CheckOutcome.Fail(ObservabilityGate.Name, Id, $"GET {path}", Severity.High, "every line in the Prometheus text format",
                    $"{p.Errors.Count} unreadable line(s); first: {p.Errors[0]}", "Prometheus rejects the whole scrape on one bad line: fix the exporter.", exchange);
        }
        return CheckOutcome.Pass(ObservabilityGate.Name, Id, $"GET {path}", Severity.High, read.Second) with
        {
            Actual = $"200, {read.SecondParsed?.Families.Count ?? 0} metric families",
        };
    }
}

/// <summary><c>metrics_latency_histogram</c>: request latency is exported as a histogram or a summary, so p50/p95/p99 can be computed and alerted on (seed 000 step 5).</summary>
public static class MetricsLatencyHistogram
{
    public const string Id = "metrics_latency_histogram";

    public static CheckOutcome Evaluate(MetricsScrape scrape, MetricNames names)
    {
        var family = scrape.Family(names.Latency);
        if (family is { Type: "histogram" or "summary" } && family.Samples.Count > 0)
            return CheckOutcome.Pass(ObservabilityGate.Name, Id, names.Latency, Severity.High) with
            {
                Actual = $"{family.Type} with {family.Samples.Count} samples",
            };
        var latencyLike = scrape.Families.Values.Where(f => f.Type is "histogram" or "summary").Select(f => $"{f.Name} ({f.Type})").ToList();
        return CheckOutcome.Fail(ObservabilityGate.Name, Id, names.Latency, Severity.High, $"a histogram or summary named {names.Latency} with samples",
            family is null ? "no such metric family" : $"{family.Type} with {family.Samples.Count} samples",
            latencyLike.Count > 0
                ? $"Other histograms/summaries exported: {string.Join(", ", latencyLike)}. If one of them is the request latency, set metricsLatencyName."
                : "No latency histogram or summary at all: without one, no p95 can be computed and the p95 alert never fires.");
    }
}

/// <summary><c>metrics_requests_by_status</c>: the request counter is exported with the status code as a label, so the 5xx rate can be computed.</summary>
public static class MetricsRequestsByStatus
{
    public const string Id = "metrics_requests_by_status";

    public static CheckOutcome Evaluate(MetricsScrape scrape, MetricNames names)
    {
        var family = scrape.Family(names.Requests);
        var statuses = family?.Samples.Select(s => s.Label(names.StatusLabel)).Where(s => s is { Length: 3 } && s.All(char.IsAsciiDigit)).Distinct().Order().ToList() ?? [];
        if (family is { Type: "counter" or "untyped" } && statuses.Count > 0)
            return CheckOutcome.Pass(ObservabilityGate.Name, Id, names.Requests, Severity.High) with { Actual = $"counter by {names.StatusLabel}: {string.Join(", ", statuses)}" };
        return CheckOutcome.Fail(ObservabilityGate.Name, Id, names.Requests, Severity.High,
            $"a counter named {names.Requests} with a '{names.StatusLabel}' label holding HTTP status codes",
            family is null ? "no such metric family" : $"{family.Type}; status codes in label '{names.StatusLabel}': {(statuses.Count == 0 ? "none" : string.Join(", ", statuses))}",
            "Without requests counted by status no error-rate or 5xx alert can be written: export the counter, or set metricsRequestsName / metricsStatusLabel.");
    }
}

/// <summary><c>metrics_pool_size</c>: the database pool size is exported as a gauge (seed 000 step 1: the effective pool, not only the configured one).</summary>
public static class MetricsPoolSize
{
    public const string Id = "metrics_pool_size";

    public static CheckOutcome Evaluate(MetricsScrape scrape, MetricNames names, string? poolGateFigure)
    {
        var family = scrape.Family(names.PoolSize);
        var value = family?.Samples.FirstOrDefault()?.Value;
        if (family is not null && value is > 0)
            return CheckOutcome.Pass(ObservabilityGate.Name, Id, names.PoolSize, Severity.Medium) with
            {
                Actual = $"{value.Value.ToString(CultureInfo.InvariantCulture)}" + (poolGateFigure is null ? "" : $"; pool gate (pg_stat_activity): {poolGateFigure}"),
            };
        return CheckOutcome.Fail(ObservabilityGate.Name, Id, names.PoolSize, Severity.Medium, $"a gauge named {names.PoolSize} with a value above 0",
            family is null ? "no such metric family" : $"value {(value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "missing")}",
            "Export the pool's maximum size so a dashboard shows it beside the connections in use, or set metricsPoolSizeName.");
    }
}

/// <summary>
/// <c>metrics_counters_move</c>: the request counter grows by at least the known requests the gate sent between the two
/// scrapes; a cached or stale exporter shows an idle API while traffic flows.
/// </summary>
public static class MetricsCountersMove
{
    public const string Id = "metrics_counters_move";

    public static CheckOutcome Evaluate(MetricsScrape first, MetricsScrape second, MetricNames names, int sent, string probePath)
    {
        if (first.Family(names.Requests) is null || second.Family(names.Requests) is null)
            return CheckOutcome.NotApplicable(ObservabilityGate.Name, Id, names.Requests, $"no {names.Requests} to compare (see {MetricsRequestsByStatus.Id})");
        var before = first.Family(names.Requests)!.Samples.Sum(s => s.Value);
        var after = second.Family(names.Requests)!.Samples.Sum(s => s.Value);
        var delta = after - before;
        var actual = $"{Num(before)} → {Num(after)} (+{Num(delta)}) across {sent} GET {probePath}";
        if (delta >= sent)
            return CheckOutcome.Pass(ObservabilityGate.Name, Id, names.Requests, Severity.High) with { Actual = actual };
        return CheckOutcome.Fail(ObservabilityGate.Name, Id, names.Requests, Severity.High, $"grows by at least {sent} between the two scrapes", actual,
            "The exporter does not see live traffic (a cached /metrics answer, a counter registered twice, another instance answering): rates and alerts built on it are blind.");
    }

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
