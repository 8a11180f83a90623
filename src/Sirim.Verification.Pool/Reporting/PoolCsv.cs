using System.Globalization;
using System.Text;

namespace Sirim.Verification.Pool.Reporting;

/// <summary>The raw samples as CSV (invariant culture), one row per sample.</summary>
public static class PoolCsv
{
    /// <summary>Column header line.</summary>
    public const string Header = "at_utc,elapsed_s,total,active,idle,idle_in_transaction,waiting";

    /// <summary>The CSV text, header included.</summary>
    public static string Render(IReadOnlyList<PoolSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var s in samples)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{s.At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ},{s.Elapsed.TotalSeconds:0.000},{s.Total},{s.Active},{s.Idle},{s.IdleInTransaction},{s.Waiting}\n");
        }

        return csv.ToString();
    }
}
