using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Observability.Checks;
using Sirim.Verification.Observability.Metrics;

namespace Sirim.Verification.Observability.Tests;

/// <summary>Each check on a hand-made input: the pass, and the failure message pinned in the shared shape.</summary>
public sealed class CheckMessageTests
{
    private static readonly MetricNames Names = new("req_seconds", "req_total", "status", "pool_max");

    private static HttpExchange Answer(string path, int status, params HttpHeader[] headers) => new(
        ExchangeRequest.Get(new Uri("https://api.sirim.example" + path)),
        new ExchangeResponse(status, "OK", "1.1", headers, "{}", 2), TimeSpan.FromMilliseconds(3), DateTimeOffset.UnixEpoch);

    [Test]
    public void Latency_histogram_missing_names_the_other_histograms()
    {
        var scrape = PrometheusText.Parse("# TYPE other_seconds histogram\nother_seconds_bucket{le=\"+Inf\"} 1\n");
        var outcome = MetricsLatencyHistogram.Evaluate(scrape, Names);
        Assert.That(FailureRenderer.Render(outcome, Redactor.None), Does.StartWith(
            "[observability] metrics_latency_histogram: req_seconds   (severity high · observability gap)\n" +
            "Expected: a histogram or summary named req_seconds with samples\n" +
            "Actual:   no such metric family\n" +
            "Hint:     Other histograms/summaries exported: other_seconds (histogram). If one of them is the request latency, set metricsLatencyName."));
        Assert.That(MetricsLatencyHistogram.Evaluate(PrometheusText.Parse("# TYPE req_seconds summary\nreq_seconds{quantile=\"0.95\"} 0.1\n"), Names).Status, Is.EqualTo(CheckStatus.Passed));
    }

    [Test]
    public void Requests_counter_without_status_codes_fails_and_with_them_passes()
    {
        var without = MetricsRequestsByStatus.Evaluate(PrometheusText.Parse("# TYPE req_total counter\nreq_total{route=\"/a\"} 3\n"), Names);
        var with = MetricsRequestsByStatus.Evaluate(PrometheusText.Parse("# TYPE req_total counter\nreq_total{status=\"200\"} 3\nreq_total{status=\"503\"} 1\n"), Names);
        Assert.That(without.Actual, Is.EqualTo("counter; status codes in label 'status': none"));
        Assert.That(with.Actual, Is.EqualTo("counter by status: 200, 503"));
    }

    [Test]
    public void Counters_that_do_not_move_fail_with_both_readings()
    {
        var scrape = PrometheusText.Parse("# TYPE req_total counter\nreq_total{status=\"200\"} 7\n");
        var moved = PrometheusText.Parse("# TYPE req_total counter\nreq_total{status=\"200\"} 13\n");
        Assert.That(FailureRenderer.Render(MetricsCountersMove.Evaluate(scrape, scrape, Names, 5, "/readyz"), Redactor.None), Does.Contain(
            "Expected: grows by at least 5 between the two scrapes\nActual:   7 → 7 (+0) across 5 GET /readyz\n"));
        Assert.That(MetricsCountersMove.Evaluate(scrape, moved, Names, 5, "/readyz").Status, Is.EqualTo(CheckStatus.Passed));
    }

    [Test]
    public void Request_id_replaced_by_the_server_fails_with_both_ids()
    {
        var exchange = Answer("/healthz", 200, new HttpHeader("X-Request-Id", "f00"));
        var outcome = RequestIdEchoed.Evaluate(new RequestIdExchange("/healthz", "sirim-verify-1", exchange), "X-Request-Id");
        Assert.That(FailureRenderer.Render(outcome, Redactor.None), Does.StartWith(
            "[observability] request_id_echoed: GET /healthz   (severity medium · observability gap)\n" +
            "Expected: X-Request-Id: sirim-verify-1 (the id sent)\n" +
            "Actual:   X-Request-Id: f00\n").And.Contain("Reproduce: curl"));
        Assert.That(RequestIdPresent.Evaluate(new RequestIdExchange("/healthz", null, Answer("/healthz", 401)), "X-Request-Id").Actual,
            Is.EqualTo("401 without X-Request-Id"));
    }

    [Test]
    public void Health_not_back_within_the_bound_names_the_last_probe()
    {
        var command = new RestartCommandRun(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), 0, false, "");
        var read = new RestartRead(command, [new HealthProbe(TimeSpan.FromSeconds(4.9), "waiting", "/readyz", 503, null)], null);
        Assert.That(FailureRenderer.Render(RestartHealthStable.Evaluate(read, TimeSpan.FromSeconds(5), 3), Redactor.None), Does.StartWith(
            "[observability] restart_health_stable: restart   (severity critical · broken flow)\n" +
            "Expected: the restart command exits 0; liveness and readiness both 200 within 5.0 s, then 3 more probe(s) of each all 200\n" +
            "Actual:   not both 200 within 5.0 s; last probe: /readyz at +4.9 s: 503\n"));
        var timedOut = RestartHealthStable.Evaluate(new RestartRead(command with { ExitCode = null, TimedOut = true }, [], null), TimeSpan.FromSeconds(5), 3);
        Assert.That(timedOut.Actual, Is.EqualTo("restart command timed out (killed) after 1.0 s"));
    }
}
