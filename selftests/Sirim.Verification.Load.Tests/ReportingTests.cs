using Sirim.Verification.Load.Progress;
using Sirim.Verification.Load.Reporting;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Tests;

public sealed class ReportingTests
{
    private static LoadReport SampleReport()
    {
        var response = new LatencySummary(1000, 1.2, 45.5, 40.1, 55.2, 312.0, 480.4, 950.1);
        var service = new LatencySummary(1000, 1.1, 30.0, 30.0, 41.0, 120.5, 200.3, 900.0);
        var step = new StepStats(
            "list_gastos", 1000, 990, 10, 16.7, 52_000,
            new SortedDictionary<int, long> { [200] = 990, [500] = 10 },
            new Dictionary<string, long> { ["status 500"] = 10 },
            response, service);
        return new LoadReport
        {
            Scenario = "gastos",
            Model = LoadModel.Open,
            Simulations = ["Inject(rate: 17, interval: 1s, during: 1m)"],
            Parameters = [new("model", "open (arrival rate; latency from the intended start)"), new("targets", "http://127.0.0.1:5080/api/gastos")],
            Outcome = LoadOutcome.Completed,
            StartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            PlannedDuration = TimeSpan.FromMinutes(1),
            Elapsed = TimeSpan.FromSeconds(60.4),
            WarmUp = TimeSpan.Zero,
            MeasuredDuration = TimeSpan.FromMinutes(1),
            Workers = 100,
            Targets = ["http://127.0.0.1:5080/api/gastos"],
            Overall = step with { Name = "overall" },
            Steps = [step],
            Iterations = new IterationStats(1000, 1000, 0, 0, 3, new Dictionary<string, long>()),
            Timeline =
            [
                new TimelinePoint(1, TimeSpan.FromSeconds(1), false, 17, 0, 17.0, 40.123, 300.5, 480.4, 2, 17, 0),
                new TimelinePoint(2, TimeSpan.FromSeconds(1.5), false, 0, 0, 0, null, null, null, 0, 0, 3),
            ],
            Thresholds =
            [
                new ThresholdResult("p95 < 300ms", "overall", "p95", 312_000, "312.0 ms", "< 300.0 ms", false, null),
                new ThresholdResult("error_rate < 1%", "overall", "error_rate", 0.01, "1.00%", "< 1.00%", false, null),
            ],
        };
    }

    [Test]
    public void Markdown_shows_thresholds_actual_against_limit_and_per_step_tables()
    {
        var markdown = LoadReportMarkdown.Render(SampleReport());

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.StartWith("## Load results: gastos — FAIL (completed)\n\n### Parameters\n\n| parameter | value |\n|---|---|\n| started (UTC) | 2025-01-02 03:04:05 |\n"));
            Assert.That(markdown, Does.Contain("| threshold | scope | actual | limit | result | note |\n|---|---|---:|---|---|---|\n"
                                               + "| `p95 < 300ms` | overall | 312.0 ms | < 300.0 ms | **FAIL** |   |\n"));
            Assert.That(markdown, Does.Contain("| list_gastos | 1000 | 990 | 10 | 1.00% | 16.7 | 52000 | 1.20 ms | 45.5 ms | 40.1 ms | 55.2 ms | 312.0 ms | 480.4 ms | 950.1 ms |\n"));
            Assert.That(markdown, Does.Contain("| **overall** | 1000 | 990 | 10 | 1.00% |"));
            Assert.That(markdown, Does.Contain("#### Service time (from the actual send)\n\n| step | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|\n| list_gastos | 30.0 ms | 120.5 ms | 200.3 ms | 900.0 ms |\n"));
            Assert.That(markdown, Does.Contain("| list_gastos | 500 | 10 |\n"));
            Assert.That(markdown, Does.Contain("| list_gastos | status 500 | 10 |\n"));
            Assert.That(markdown, Does.Contain("| 1000 | 1000 | 0 | 0 | 3 |\n"));
            Assert.That(markdown, Does.Not.Contain("Partial report"));
        });
    }

    [Test]
    public void Markdown_escapes_table_breaking_characters()
    {
        var report = SampleReport();
        report = report with { Steps = [report.Steps[0] with { Errors = new Dictionary<string, long> { ["bad | reason\nsecond line"] = 1 } }] };

        Assert.That(LoadReportMarkdown.Render(report), Does.Contain("| list_gastos | bad \\| reason second line | 1 |"));
    }

    [Test]
    public void Timeline_csv_has_one_row_per_second_in_invariant_culture()
    {
        Assert.That(TimelineCsv.Render(SampleReport()), Is.EqualTo(
            "second,elapsed_s,warm_up,requests,errors,rps,p50_ms,p95_ms,p99_ms,in_flight,target,dropped\n"
            + "1,1.000,false,17,0,17.0,40.123,300.5,480.4,2,17,0\n"
            + "2,1.500,false,0,0,0.0,,,,0,0,3\n"));
    }

    [Test]
    public void Charts_are_png_images()
    {
        var report = SampleReport() with { WarmUp = TimeSpan.FromSeconds(0.5) };

        foreach (var png in new[] { LoadCharts.Rps(report), LoadCharts.Latency(report), LoadCharts.Errors(report) })
        {
            Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
            Assert.That(png.Length, Is.GreaterThan(1000));
        }
    }

    private static LoadProgress Progress(double seconds, bool final = false) => new(
        "gastos", TimeSpan.FromSeconds(seconds), TimeSpan.FromMinutes(1), 512.34, 1000, 5, 12.44, 8, 0, WarmUp: false, Final: final);

    [Test]
    public void The_progress_line_shows_elapsed_rps_errors_p95_and_in_flight()
    {
        Assert.That(ConsoleProgressRenderer.Format(Progress(12)),
            Is.EqualTo("[00:12/01:00] gastos rps 512.3 | errors 5 (0.50%) | p95 12.4 ms | in-flight 8 | dropped 0"));
    }

    [Test]
    public void On_a_terminal_one_line_is_rewritten_in_place()
    {
        var output = new StringWriter();
        var renderer = new ConsoleProgressRenderer(output, interactive: true);

        renderer.Report(Progress(1));
        renderer.Report(Progress(2) with { Errors = 0 });
        renderer.Report(Progress(3, final: true));

        Assert.That(output.ToString(), Is.EqualTo(
            "\r[00:01/01:00] gastos rps 512.3 | errors 5 (0.50%) | p95 12.4 ms | in-flight 8 | dropped 0"
            + "\r[00:02/01:00] gastos rps 512.3 | errors 0 (0.00%) | p95 12.4 ms | in-flight 8 | dropped 0"
            + "\r[00:03/01:00] gastos (done) rps 512.3 | errors 5 (0.50%) | p95 12.4 ms | in-flight 8 | dropped 0" + Environment.NewLine));
    }

    [Test]
    public void In_a_log_plain_lines_are_written_every_few_seconds_and_at_the_end()
    {
        var output = new StringWriter();
        var renderer = new ConsoleProgressRenderer(output, interactive: false) { PlainInterval = TimeSpan.FromSeconds(5) };

        foreach (var second in new[] { 1, 2, 3, 6, 7 })
        {
            renderer.Report(Progress(second));
        }

        renderer.Report(Progress(8, final: true));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Select(l => l[..13]), Is.EqualTo(new[] { "[00:01/01:00]", "[00:06/01:00]", "[00:08/01:00]" }));
        Assert.That(output.ToString(), Does.Not.Contain("\r"));
    }
}
