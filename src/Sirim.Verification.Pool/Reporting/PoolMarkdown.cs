using System.Globalization;
using System.Text;

namespace Sirim.Verification.Pool.Reporting;

/// <summary>
/// Renders the pool proof as the Markdown of <c>pool_config_evidence.md</c>: verdict, how it was measured (connection
/// parameters without secrets, filter, the exact SQL and its parameters), max and percentiles, exhaustion signals and
/// the raw samples.
/// </summary>
public static class PoolMarkdown
{
    /// <summary>The Markdown section, starting with a level-2 heading. Raw samples beyond <paramref name="maxRawRows"/> are left to the CSV.</summary>
    public static string Render(PoolSamplingResult result, PoolVerdict? verdict = null, PoolExhaustionSignals? signals = null, int maxRawRows = 500)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        var status = verdict is null ? string.Empty : verdict.Passed ? " — PASS" : " — FAIL";
        md.Append(CultureInfo.InvariantCulture, $"## Pool proof: pg_stat_activity{status}\n\n");
        if (verdict is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"**Verdict**: {verdict.Message}\n\n");
            foreach (var finding in verdict.Findings.Where(f => f != verdict.Message))
            {
                md.Append("- ").Append(finding).Append('\n');
            }

            if (verdict.Findings.Any(f => f != verdict.Message))
            {
                md.Append('\n');
            }
        }

        md.Append("### How it was measured\n\n| parameter | value |\n|---|---|\n");
        Row(md, "monitoring connection", result.ConnectionDescription);
        Row(md, "sessions counted", result.Filter);
        Row(md, "waiting means", "wait_event_type = 'Lock' (waiting on a row, table or transaction lock held by another session)");
        Row(md, "interval", $"{result.Interval.TotalMilliseconds:0} ms");
        Row(md, "started (UTC)", result.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
        Row(md, "duration", $"{result.Duration.TotalSeconds:0.0} s");
        Row(md, "samples", result.Samples.Count.ToString(CultureInfo.InvariantCulture));
        Row(md, "stopped because", result.Stop switch
        {
            PoolSamplingStop.Stopped => "the load was over",
            PoolSamplingStop.MaxDuration => "the maximum sampling duration was reached",
            PoolSamplingStop.ConnectionFailed => "the monitoring connection could not be opened",
            _ => "too many samples failed in a row",
        });
        if (verdict is not null)
        {
            Row(md, "expected pool size", verdict.ExpectedPoolSize.ToString(CultureInfo.InvariantCulture));
        }

        md.Append("\n### SQL (run for every sample)\n\n```sql\n").Append(result.Sql.Trim()).Append("\n```\n\n");
        md.Append("Parameters: `").Append(result.SqlParameters).Append("`\n\n");

        var summary = result.Summary;
        md.Append("### Summary\n\n| sessions | max | p50 | p95 |\n|---|---:|---:|---:|\n");
        md.Append(CultureInfo.InvariantCulture, $"| total | {summary.MaxTotal} | {summary.P50Total} | {summary.P95Total} |\n");
        md.Append(CultureInfo.InvariantCulture, $"| active | {summary.MaxActive} | {summary.P50Active} | {summary.P95Active} |\n");
        md.Append(CultureInfo.InvariantCulture, $"| idle | {summary.MaxIdle} | | |\n");
        md.Append(CultureInfo.InvariantCulture, $"| idle in transaction | {summary.MaxIdleInTransaction} | | |\n");
        md.Append(CultureInfo.InvariantCulture, $"| waiting (Lock) | {summary.MaxWaiting} | | |\n\n");
        if (summary.FirstAtMaxTotal is { } firstAtMax)
        {
            md.Append(CultureInfo.InvariantCulture, $"The maximum of {summary.MaxTotal} sessions was first seen {firstAtMax.TotalSeconds:0.0} s after sampling started.\n\n");
        }

        if (signals is not null)
        {
            md.Append("### Exhaustion signals (from the load)\n\n| signal | count |\n|---|---:|\n");
            md.Append(CultureInfo.InvariantCulture, $"| pool timeout errors | {signals.PoolTimeoutErrors} |\n");
            md.Append(CultureInfo.InvariantCulture, $"| responses 5xx | {signals.ServerErrors5xx} |\n");
            md.Append(CultureInfo.InvariantCulture, $"| 'too many clients' errors | {signals.TooManyClientsErrors} |\n\n");
        }

        if (result.Errors.Count > 0)
        {
            md.Append("### Sampler errors\n\n");
            foreach (var error in result.Errors)
            {
                md.Append("- ").Append(error.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            }

            md.Append('\n');
        }

        md.Append("### Raw samples\n\n");
        if (result.Samples.Count == 0)
        {
            md.Append("No samples.\n");
            return md.ToString();
        }

        md.Append("| time (UTC) | t (s) | total | active | idle | idle in transaction | waiting |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var s in result.Samples.Take(maxRawRows))
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {s.At.UtcDateTime:HH:mm:ss.fff} | {s.Elapsed.TotalSeconds:0.000} | {s.Total} | {s.Active} | {s.Idle} | {s.IdleInTransaction} | {s.Waiting} |\n");
        }

        if (result.Samples.Count > maxRawRows)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n{result.Samples.Count - maxRawRows} more samples are in the CSV of raw samples.\n");
        }

        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, string value) =>
        md.Append("| ").Append(name).Append(" | ").Append(value.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
}
