using ScottPlot;
using Sirim.Verification.Load.Stats;

namespace Sirim.Verification.Load.Reporting;

/// <summary>PNG charts of the per-second timeline (ScottPlot; no system packages needed).</summary>
public static class LoadCharts
{
    private const int Width = 900;
    private const int Height = 400;

    /// <summary>Requests per second over time, with the planned target (arrival rate or virtual users) when it is a rate.</summary>
    public static byte[] Rps(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = NewPlot($"{report.Scenario}: requests per second", "requests / s");
        var xs = Seconds(report);
        AddLine(plot, xs, report.Timeline.Select(p => p.Rps).ToArray(), "rps");
        if (report.Model == Simulations.LoadModel.Open)
        {
            AddLine(plot, xs, report.Timeline.Select(p => p.Target).ToArray(), "planned arrival rate");
        }

        ShadeWarmUp(plot, report);
        return Png(plot);
    }

    /// <summary>p50, p95 and p99 of the response time of each second.</summary>
    public static byte[] Latency(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = NewPlot($"{report.Scenario}: response time per second", "ms");
        var xs = Seconds(report);
        AddLine(plot, xs, report.Timeline.Select(p => p.P50Ms ?? double.NaN).ToArray(), "p50");
        AddLine(plot, xs, report.Timeline.Select(p => p.P95Ms ?? double.NaN).ToArray(), "p95");
        AddLine(plot, xs, report.Timeline.Select(p => p.P99Ms ?? double.NaN).ToArray(), "p99");
        ShadeWarmUp(plot, report);
        return Png(plot);
    }

    /// <summary>Failed requests and dropped iterations per second, with in-flight iterations (concurrency).</summary>
    public static byte[] Errors(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = NewPlot($"{report.Scenario}: errors and concurrency per second", "count");
        var xs = Seconds(report);
        AddLine(plot, xs, report.Timeline.Select(p => (double)p.Errors).ToArray(), "errors");
        AddLine(plot, xs, report.Timeline.Select(p => (double)p.Dropped).ToArray(), "dropped");
        AddLine(plot, xs, report.Timeline.Select(p => (double)p.InFlight).ToArray(), "in flight");
        ShadeWarmUp(plot, report);
        return Png(plot);
    }

    private static Plot NewPlot(string title, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("seconds since start");
        plot.YLabel(yLabel);
        return plot;
    }

    private static double[] Seconds(LoadReport report) => report.Timeline.Select(p => p.Elapsed.TotalSeconds).ToArray();

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label)
    {
        if (xs.Length == 0)
        {
            return;
        }

        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = xs.Length <= 60 ? 4 : 0;
    }

    private static void ShadeWarmUp(Plot plot, LoadReport report)
    {
        if (report.WarmUp > TimeSpan.Zero)
        {
            var span = plot.Add.HorizontalSpan(0, report.WarmUp.TotalSeconds);
            span.LegendText = "warm-up (excluded)";
            span.FillStyle.Color = Colors.Gray.WithAlpha(0.15);
        }
    }

    private static byte[] Png(Plot plot)
    {
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
