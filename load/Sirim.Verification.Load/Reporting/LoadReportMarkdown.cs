using System.Globalization;
using System.Text;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Stats;

namespace Sirim.Verification.Load.Reporting;

/// <summary>
/// Renders a <see cref="LoadReport"/> as the Markdown of <c>load_results.md</c>: parameters, thresholds (actual vs
/// limit), overall and per-step tables, status codes, errors, iterations. The raw timeline goes to
/// <see cref="TimelineCsv"/> and the charts to <see cref="LoadCharts"/>.
/// </summary>
public static class LoadReportMarkdown
{
    /// <summary>The Markdown section, starting with a level-2 heading.</summary>
    public static string Render(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var verdict = report.Passed ? "PASS" : "FAIL";
        md.Append(CultureInfo.InvariantCulture, $"## Load results: {report.Scenario} — {verdict} ({report.OutcomeText})\n\n");
        if (report.Outcome != LoadOutcome.Completed)
        {
            md.Append(CultureInfo.InvariantCulture, $"> **Partial report**: the run ended early ({report.OutcomeText}): {report.OutcomeReason}\n\n");
        }
        else if (report.OutcomeReason is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"> {report.OutcomeReason}\n\n");
        }

        md.Append("### Parameters\n\n| parameter | value |\n|---|---|\n");
        md.Append(CultureInfo.InvariantCulture, $"| started (UTC) | {report.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} |\n");
        foreach (var (name, value) in report.Parameters)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {MarkdownText.Cell(name)} | {MarkdownText.Cell(value)} |\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"| elapsed | {LoadSimulation.Format(Round(report.Elapsed))} |\n");
        md.Append(CultureInfo.InvariantCulture, $"| measured period | {LoadSimulation.Format(Round(report.MeasuredDuration))} |\n");
        md.Append(CultureInfo.InvariantCulture, $"| outcome | {report.OutcomeText} |\n\n");

        md.Append("### Thresholds\n\n");
        if (report.Thresholds.Count == 0)
        {
            md.Append("No thresholds were set.\n\n");
        }
        else
        {
            md.Append("| threshold | scope | actual | limit | result | note |\n|---|---|---:|---|---|---|\n");
            foreach (var t in report.Thresholds)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {MarkdownText.Code(t.Threshold)} | {MarkdownText.Cell(t.Scope)} | {t.ActualText} | {MarkdownText.Cell(t.Limit)} | {(t.Passed ? "pass" : "**FAIL**")} | {MarkdownText.Cell(t.Note)} |\n");
            }

            md.Append('\n');
        }

        md.Append("### Requests\n\n");
        var openModel = report.Model == LoadModel.Open;
        md.Append(openModel
            ? "Response time is measured from the intended start of each iteration (coordinated omission corrected); service time from the actual send.\n\n"
            : "Closed model: response time and service time are the same (measured from the actual send).\n\n");
        md.Append("| step | requests | ok | fail | error rate | rps | bytes | min | mean | p50 | p75 | p95 | p99 | max |\n");
        md.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var step in report.Steps.Append(report.Overall))
        {
            var r = step.ResponseTime;
            var name = step == report.Overall ? "**overall**" : MarkdownText.Cell(step.Name);
            md.Append(CultureInfo.InvariantCulture,
                $"| {name} | {step.Count} | {step.Ok} | {step.Fail} | {step.ErrorRate * 100:0.00}% | {step.Rps:0.0} | {step.Bytes} | "
                + $"{Ms(r.MinMs)} | {Ms(r.MeanMs)} | {Ms(r.P50Ms)} | {Ms(r.P75Ms)} | {Ms(r.P95Ms)} | {Ms(r.P99Ms)} | {Ms(r.MaxMs)} |\n");
        }

        md.Append('\n');
        if (openModel)
        {
            md.Append("#### Service time (from the actual send)\n\n| step | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|\n");
            foreach (var step in report.Steps.Append(report.Overall))
            {
                var s = step.ServiceTime;
                var name = step == report.Overall ? "**overall**" : MarkdownText.Cell(step.Name);
                md.Append(CultureInfo.InvariantCulture, $"| {name} | {Ms(s.P50Ms)} | {Ms(s.P95Ms)} | {Ms(s.P99Ms)} | {Ms(s.MaxMs)} |\n");
            }

            md.Append('\n');
        }

        md.Append("### Status codes\n\n| step | status | count |\n|---|---:|---:|\n");
        foreach (var step in report.Steps)
        {
            foreach (var (status, count) in step.StatusCodes)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {MarkdownText.Cell(step.Name)} | {(status == 0 ? "no response" : status.ToString(CultureInfo.InvariantCulture))} | {count} |\n");
            }
        }

        md.Append('\n');
        if (report.Steps.Any(s => s.Errors.Count > 0))
        {
            md.Append("### Errors\n\n| step | reason | count |\n|---|---|---:|\n");
            foreach (var step in report.Steps)
            {
                foreach (var (reason, count) in step.Errors)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {MarkdownText.Cell(step.Name)} | {MarkdownText.Cell(reason)} | {count} |\n");
                }
            }

            md.Append('\n');
        }

        var it = report.Iterations;
        md.Append("### Iterations\n\n| started | completed | failed | interrupted | dropped |\n|---:|---:|---:|---:|---:|\n");
        md.Append(CultureInfo.InvariantCulture, $"| {it.Started} | {it.Completed} | {it.Failed} | {it.Interrupted} | {it.Dropped} |\n\n");
        if (it.Errors.Count > 0)
        {
            md.Append("| iteration error | count |\n|---|---:|\n");
            foreach (var (reason, count) in it.Errors)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {MarkdownText.Cell(reason)} | {count} |\n");
            }

            md.Append('\n');
        }

        if (report.Notes.Count > 0)
        {
            md.Append("### Notes\n\n");
            foreach (var note in report.Notes)
            {
                md.Append("- ").Append(note).Append('\n');
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    private static string Ms(double ms) => LoadUnits.FormatMilliseconds(ms);

    private static TimeSpan Round(TimeSpan value) => TimeSpan.FromMilliseconds(Math.Round(value.TotalMilliseconds));
}
