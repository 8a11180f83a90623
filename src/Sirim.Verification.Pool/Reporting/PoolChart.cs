using ScottPlot;

namespace Sirim.Verification.Pool.Reporting;

/// <summary>A point of the load's concurrency (requests in flight) at an instant, to overlay on the pool chart.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="Concurrency">Requests or iterations in flight.</param>
public sealed record ConcurrencyPoint(DateTimeOffset At, double Concurrency);

/// <summary>PNG chart of the app's connections over time (total and active), optionally against the load's concurrency and the expected pool size.</summary>
public static class PoolChart
{
    /// <summary>The chart as PNG bytes.</summary>
    public static byte[] Render(
        PoolSamplingResult result,
        IReadOnlyList<ConcurrencyPoint>? concurrency = null,
        int? expectedPoolSize = null,
        int width = 900,
        int height = 400)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = new Plot();
        plot.Title("Database connections (pg_stat_activity) over time");
        plot.XLabel("seconds since sampling started");
        plot.YLabel("sessions");

        var samples = result.Samples;
        if (samples.Count > 0)
        {
            var xs = samples.Select(s => s.Elapsed.TotalSeconds).ToArray();
            Line(plot, xs, samples.Select(s => (double)s.Total).ToArray(), "connections (total)");
            Line(plot, xs, samples.Select(s => (double)s.Active).ToArray(), "active");
            if (samples.Any(s => s.Waiting > 0))
            {
                Line(plot, xs, samples.Select(s => (double)s.Waiting).ToArray(), "waiting (Lock)");
            }
        }

        if (concurrency is { Count: > 0 })
        {
            var xs = concurrency.Select(p => (p.At - result.StartedAt).TotalSeconds).ToArray();
            var line = Line(plot, xs, concurrency.Select(p => p.Concurrency).ToArray(), "load concurrency (in flight)");
            line.LinePattern = LinePattern.Dashed;
        }

        if (expectedPoolSize is { } expected)
        {
            var rule = plot.Add.HorizontalLine(expected);
            rule.LegendText = $"expected pool size ({expected})";
            rule.LinePattern = LinePattern.Dotted;
        }

        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, double[] ys, string label)
    {
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        return line;
    }
}
