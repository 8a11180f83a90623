using System.Globalization;
using System.Text;
using Sirim.Verification.Load.Stats;

namespace Sirim.Verification.Load.Reporting;

/// <summary>The per-second timeline as CSV (invariant culture, one row per second, warm-up rows flagged).</summary>
public static class TimelineCsv
{
    /// <summary>Column header line.</summary>
    public const string Header = "second,elapsed_s,warm_up,requests,errors,rps,p50_ms,p95_ms,p99_ms,in_flight,target,dropped";

    /// <summary>The CSV text, header included.</summary>
    public static string Render(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var p in report.Timeline)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{p.Second},{p.Elapsed.TotalSeconds:0.000},{(p.WarmUp ? "true" : "false")},{p.Requests},{p.Errors},{p.Rps:0.0},"
                + $"{Opt(p.P50Ms)},{Opt(p.P95Ms)},{Opt(p.P99Ms)},{p.InFlight},{p.Target:0.##},{p.Dropped}\n");
        }

        return csv.ToString();
    }

    private static string Opt(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? string.Empty;
}
