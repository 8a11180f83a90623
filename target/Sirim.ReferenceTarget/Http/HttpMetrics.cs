using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// Request metrics in Prometheus text exposition format 0.0.4: a duration histogram and request/error counters
/// labelled by method, route template and status. Labels come from route templates, never raw paths, so the
/// number of series stays bounded. Recording is lock-free (Interlocked per series).
/// </summary>
public sealed class HttpMetrics(string version, Func<string?> defect, int poolSize)
{
    /// <summary>Upper bounds in seconds (Prometheus client defaults, plus 2.5 and 10 for slow outliers).</summary>
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private const int MaxSeries = 2000;

    private readonly ConcurrentDictionary<(string Method, string Route, int Status), Series> _series = new();
    private long _droppedSeries;
    private long _loginThrottled;

    private sealed class Series
    {
        public readonly long[] BucketCounts = new long[Buckets.Length + 1]; // last = +Inf only
        public long Count;
        public long SumTicks;
    }

    public void Record(string method, string route, int status, TimeSpan elapsed)
    {
        var key = (method, route, status);
        if (!_series.TryGetValue(key, out var series))
        {
            if (_series.Count >= MaxSeries) { Interlocked.Increment(ref _droppedSeries); return; }
            series = _series.GetOrAdd(key, _ => new Series());
        }
        var seconds = elapsed.TotalSeconds;
        var index = Array.FindIndex(Buckets, b => seconds <= b);
        Interlocked.Increment(ref series.BucketCounts[index < 0 ? Buckets.Length : index]);
        Interlocked.Increment(ref series.Count);
        Interlocked.Add(ref series.SumTicks, elapsed.Ticks);
    }

    public void RecordLoginThrottled() => Interlocked.Increment(ref _loginThrottled);

    private string? _frozen;
    private readonly double _startedAt = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime()
        .Subtract(DateTime.UnixEpoch).TotalSeconds;

    public string Render()
    {
        // SEEDED DEFECT metrics_counters_frozen: the first rendering is cached for the life of the process.
        if (defect() == Defects.DefectIds.MetricsCountersFrozen) return _frozen ??= RenderNow();
        _frozen = null;
        return RenderNow();
    }

    private string RenderNow()
    {
        var sb = new StringBuilder();
        // ToArray takes a consistent snapshot. Enumerable.OrderBy would copy the dictionary through ICollection.CopyTo,
        // which throws when a request adds a series between its Count and its copy.
        var rows = _series.ToArray().OrderBy(p => p.Key.Route, StringComparer.Ordinal).ThenBy(p => p.Key.Method, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Status).ToList();

        // SEEDED DEFECT metrics_latency_histogram_missing: the duration histogram is not exported at all.
        var latencyMissing = defect() == Defects.DefectIds.MetricsLatencyHistogramMissing;
        var latency = latencyMissing ? [] : rows;
        if (!latencyMissing)
        {
            sb.Append("# HELP http_server_request_duration_seconds Duration of HTTP requests served by the API.\n");
            sb.Append("# TYPE http_server_request_duration_seconds histogram\n");
        }
        foreach (var (key, s) in latency)
        {
            var labels = Labels(key);
            long cumulative = 0;
            for (var i = 0; i < Buckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref s.BucketCounts[i]);
                sb.Append("http_server_request_duration_seconds_bucket{").Append(labels).Append(",le=\"")
                    .Append(Buckets[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ").Append(cumulative).Append('\n');
            }
            var count = Interlocked.Read(ref s.Count);
            sb.Append("http_server_request_duration_seconds_bucket{").Append(labels).Append(",le=\"+Inf\"} ").Append(count).Append('\n');
            sb.Append("http_server_request_duration_seconds_sum{").Append(labels).Append("} ")
                .Append(TimeSpan.FromTicks(Interlocked.Read(ref s.SumTicks)).TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("http_server_request_duration_seconds_count{").Append(labels).Append("} ").Append(count).Append('\n');
        }

        sb.Append("# HELP http_server_requests_total HTTP requests served by the API.\n");
        sb.Append("# TYPE http_server_requests_total counter\n");
        foreach (var (key, s) in rows)
            sb.Append("http_server_requests_total{").Append(Labels(key)).Append("} ").Append(Interlocked.Read(ref s.Count)).Append('\n');

        sb.Append("# HELP http_server_errors_total HTTP responses with status >= 400 served by the API.\n");
        sb.Append("# TYPE http_server_errors_total counter\n");
        foreach (var (key, s) in rows.Where(r => r.Key.Status >= 400))
            sb.Append("http_server_errors_total{").Append(Labels(key)).Append("} ").Append(Interlocked.Read(ref s.Count)).Append('\n');

        sb.Append("# HELP sirim_login_throttled_total Login attempts refused with 429 by the failed-login limit.\n");
        sb.Append("# TYPE sirim_login_throttled_total counter\n");
        sb.Append("sirim_login_throttled_total ").Append(Interlocked.Read(ref _loginThrottled)).Append('\n');

        sb.Append("# HELP sirim_metrics_dropped_series_total Observations not recorded because the series limit was reached.\n");
        sb.Append("# TYPE sirim_metrics_dropped_series_total counter\n");
        sb.Append("sirim_metrics_dropped_series_total ").Append(Interlocked.Read(ref _droppedSeries)).Append('\n');

        sb.Append("# HELP sirim_db_pool_max_connections Maximum Pool Size of the API's database connection pool.\n");
        sb.Append("# TYPE sirim_db_pool_max_connections gauge\n");
        sb.Append("sirim_db_pool_max_connections ").Append(poolSize).Append('\n');

        sb.Append("# HELP process_start_time_seconds Start time of the process since the Unix epoch, in seconds.\n");
        sb.Append("# TYPE process_start_time_seconds gauge\n");
        sb.Append("process_start_time_seconds ").Append(_startedAt.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');

        sb.Append("# HELP sirim_build_info Release running in this process (value is always 1).\n");
        sb.Append("# TYPE sirim_build_info gauge\n");
        sb.Append("sirim_build_info{version=\"").Append(Escape(version)).Append("\",commit=\"reference\",defect=\"")
            .Append(Escape(defect() ?? "none")).Append("\"} 1\n");
        return sb.ToString();
    }

    private static string Labels((string Method, string Route, int Status) key) =>
        $"method=\"{Escape(key.Method)}\",route=\"{Escape(key.Route)}\",status=\"{key.Status}\"";

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}
