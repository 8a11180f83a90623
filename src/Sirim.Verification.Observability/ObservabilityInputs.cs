using Sirim.Verification.Core.Http;
using Sirim.Verification.Observability.Alerts;
using Sirim.Verification.Observability.Metrics;

namespace Sirim.Verification.Observability;

/// <summary>The two scrapes of the metrics route around the known requests sent between them.</summary>
public sealed record MetricsRead(HttpExchange First, MetricsScrape? FirstParsed, IReadOnlyList<HttpExchange> Probes, HttpExchange Second, MetricsScrape? SecondParsed);

/// <summary>The alert rules file: what promtool said and the rules found in it (or why they could not be read).</summary>
public sealed record AlertsRead(string File, PromtoolResult Promtool, IReadOnlyList<AlertRule> Rules, string? ReadError);

/// <summary>One probe of the restart timeline: when (after the command ended), which route, the status or the error.</summary>
public sealed record HealthProbe(TimeSpan At, string Phase, string Path, int? Status, string? Error)
{
    public bool Ok => Status == 200;
}

/// <summary>How the restart command ended (null exit code: killed at the time bound) and its redacted output.</summary>
public sealed record RestartCommandRun(DateTimeOffset StartedAt, TimeSpan Elapsed, int? ExitCode, bool TimedOut, string Output)
{
    public string Outcome => TimedOut ? "timed out (killed)" : $"exit code {ExitCode}";
}

/// <summary>The restart: the command, then every liveness/readiness probe until both were back (or the bound passed), then the stability probes.</summary>
public sealed record RestartRead(RestartCommandRun Command, IReadOnlyList<HealthProbe> Timeline, TimeSpan? BackAfter);

/// <summary>One request-id exchange: the id the suite sent (null: none sent, the server must make one) and the answer.</summary>
public sealed record RequestIdExchange(string Path, string? SentId, HttpExchange Exchange);

/// <summary>Everything the gate read from the deployment and the release files.</summary>
public sealed record ObservabilityInputs(
    MetricsRead? Metrics,
    AlertsRead? Alerts,
    RestartRead? Restart,
    IReadOnlyList<RequestIdExchange> RequestIds,
    string? PoolActiveFigure);
