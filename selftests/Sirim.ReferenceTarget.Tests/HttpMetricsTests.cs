using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Tests;

/// <summary>The target's /metrics text: pure, in memory; runs next to the fixtures that wait on a deployment.</summary>
[Parallelizable(ParallelScope.Self)]
public sealed class HttpMetricsTests
{
    [Test]
    public void Rendering_while_requests_add_series_never_throws_and_keeps_every_count()
    {
        // Writers add new series (one per route) while /metrics renders: the render must take a consistent snapshot.
        // Sorting the live dictionary once threw "the index is equal to or greater than the length of the array" when a
        // series was added between its count and its copy (a 500 on /metrics). A race: several rounds make it show.
        const int rounds = 6, writers = 4, seriesPerWriter = 500;
        for (var round = 1; round <= rounds; round++)
        {
            var metrics = new HttpMetrics("1.0.0", () => null, 20);
            using var done = new CountdownEvent(writers);
            var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
            {
                for (var i = 0; i < seriesPerWriter; i++)
                {
                    metrics.Record("GET", $"/w{w}/r{i}", 200, TimeSpan.FromMilliseconds(3));
                    Thread.SpinWait(20_000); // spread the additions over many renders
                }
                done.Signal();
            })).ToList();
            threads.ForEach(t => t.Start());
            var renders = 0;
            Exception? failure = null;
            while (!done.IsSet && renders < 100_000)
            {
                try { metrics.Render(); }
                catch (Exception ex) { failure = ex; break; }
                renders++;
            }
            threads.ForEach(t => t.Join());
            Assert.That(failure, Is.Null, $"round {round}: render {renders + 1} threw");
            var lines = metrics.Render().Split('\n').Count(l => l.StartsWith("http_server_requests_total{", StringComparison.Ordinal));
            Assert.That(lines, Is.EqualTo(writers * seriesPerWriter), $"round {round}: one counter per series");
        }
    }

    [Test]
    public void Buckets_are_cumulative_and_the_count_matches_the_observations()
    {
        var metrics = new HttpMetrics("1.0.0", () => null, 20);
        metrics.Record("GET", "/api/gastos", 200, TimeSpan.FromMilliseconds(3));
        metrics.Record("GET", "/api/gastos", 200, TimeSpan.FromMilliseconds(40));
        metrics.Record("GET", "/api/gastos", 200, TimeSpan.FromSeconds(30));
        metrics.Record("GET", "/api/gastos", 500, TimeSpan.FromMilliseconds(7));
        var text = metrics.Render();
        const string labels = "method=\"GET\",route=\"/api/gastos\",status=\"200\"";
        Assert.That(text, Does.Contain($"http_server_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1\n")
            .And.Contain($"http_server_request_duration_seconds_bucket{{{labels},le=\"0.05\"}} 2\n")
            .And.Contain($"http_server_request_duration_seconds_bucket{{{labels},le=\"10\"}} 2\n")
            .And.Contain($"http_server_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 3\n")
            .And.Contain($"http_server_request_duration_seconds_count{{{labels}}} 3\n")
            .And.Contain("http_server_errors_total{method=\"GET\",route=\"/api/gastos\",status=\"500\"} 1\n")
            .And.Not.Contain("http_server_errors_total{method=\"GET\",route=\"/api/gastos\",status=\"200\"}")
            .And.Contain("sirim_db_pool_max_connections 20\n"));
    }
}
