using System.Globalization;
using System.Text;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Reporting;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.LoadGate.Evidence;

/// <summary>Files of one profile's run besides the Markdown: the raw timeline and the charts.</summary>
public sealed record LoadArtifacts(string Stem, string TimelineCsv, byte[] RpsPng, byte[] LatencyPng, byte[] ErrorsPng)
{
    public static LoadArtifacts For(LoadGateResult run)
    {
        var stem = "load_" + run.Plan.Profile.Name;
        return new(stem, Sirim.Verification.Load.Reporting.TimelineCsv.Render(run.Report), LoadCharts.Rps(run.Report), LoadCharts.Latency(run.Report), LoadCharts.Errors(run.Report));
    }

    public IEnumerable<(string File, byte[] Png, string Title)> Charts =>
    [
        ($"{Stem}_rps.png", RpsPng, "requests per second"),
        ($"{Stem}_latency.png", LatencyPng, "latency percentiles per second"),
        ($"{Stem}_errors.png", ErrorsPng, "errors, dropped and in-flight per second"),
    ];

    public string CsvFile => $"{Stem}_timeline.csv";
}

/// <summary>The Markdown sections of <c>load_results.md</c> and <c>pool_config_evidence.md</c>.</summary>
public static class LoadEvidence
{
    /// <summary>One profile's section: verdict per check, plan (routes, budgets, skipped routes), the engine's report, test data, failed responses, charts and raw timeline.</summary>
    public static string ProfileSection(LoadGateResult run, IReadOnlyList<CheckOutcome> outcomes, LoadArtifacts artifacts, Redactor redactor)
    {
        var md = new StringBuilder();
        var p = run.Plan.Profile;
        md.Append($"## Profile {p.Name}\n\n{p.Description}\n\n");
        md.Append("| check | result | detail |\n|---|---|---|\n");
        foreach (var o in outcomes)
            md.Append($"| `{o.CheckId}` | {(o.Status == CheckStatus.Passed ? "pass" : o.Failed ? "**FAIL**" : "n/a")} | {Cell(o.Failed ? $"expected {o.Expected}; actual {o.Actual}" : o.Actual ?? o.Subject)} |\n");
        md.Append('\n');

        md.Append("### Plan\n\n| parameter | value |\n|---|---|\n");
        md.Append($"| profile | {Cell(p.Summary)} |\n");
        md.Append($"| model | {(p.Model == LoadModel.Open ? "open (arrival rate; latency from the intended start, coordinated omission corrected)" : "closed (virtual users back to back)")} |\n");
        md.Append($"| users | {p.Users} |\n");
        if (p.Model == LoadModel.Open) md.Append($"| think time / arrival rate | {LoadSimulation.Format(p.ThinkTime)} / {p.ArrivalRatePerSecond} iterations/s |\n| max in flight | {p.MaxInFlight} |\n");
        md.Append($"| ramp-up / steady / warm-up | {LoadSimulation.Format(p.RampUp)} / {LoadSimulation.Format(p.Duration)} / {LoadSimulation.Format(p.WarmUp)} |\n");
        md.Append($"| abort on budget failure | {(p.AbortOnFailure ? $"yes, after {LoadSimulation.Format(p.AbortGracePeriod)}" : "no")} |\n");
        md.Append($"| empresaId | {run.Plan.EmpresaId} |\n");
        md.Append($"| most requests in flight at once | {run.MaxConcurrentRequests} |\n\n");

        md.Append("| budget (check) | threshold | from |\n|---|---|---|\n");
        foreach (var b in run.Plan.Budgets) md.Append($"| `{b.CheckId}` | `{b.Threshold}` | {Cell(b.Source)} |\n");
        foreach (var t in run.Plan.ExtraThresholds) md.Append($"| `profile_thresholds` | `{t}` | profile {p.Name} |\n");
        md.Append('\n');

        md.Append("| critical route | kind | weight | target |\n|---|---|---:|---|\n");
        foreach (var r in run.Plan.Routes)
            md.Append($"| {r.Name} | {r.Kind.ToString().ToLowerInvariant()} | {r.Weight} | {Cell(r.Describe() + (r.Cleanup is { } cl ? $", then {cl.Method} {cl.Path}" : ""))} |\n");
        foreach (var s in run.Plan.Skipped) md.Append($"| {s.Route} | **skipped** | | {Cell(s.Reason)} |\n");
        md.Append('\n');

        md.Append(Demote(LoadReportMarkdown.Render(run.Report)));
        md.Append('\n');

        // Per item: the route that created it, deleted or not, how verified; what is left, with how to remove it.
        var cleanup = run.Cleanup.Render(new MarkdownDocument("test data"), redactor, "Test data", 3).ToString();
        md.Append(cleanup[(cleanup.IndexOf("\n\n", StringComparison.Ordinal) + 2)..]).Append('\n');

        var samples = run.FailureSamples.SelectMany(kv => kv.Value.Select(e => (Step: kv.Key, Exchange: e))).ToList();
        if (samples.Count > 0)
        {
            md.Append("### Failed responses (first of each route)\n\n");
            foreach (var (step, exchange) in samples)
                md.Append($"#### {step}: {exchange.Subject} → {exchange.Status?.ToString(CultureInfo.InvariantCulture) ?? "no response"}\n\n```http\n{exchange.ToRawText(redactor, 2048).TrimEnd()}\n```\n\n");
        }

        md.Append("### Charts\n\n");
        foreach (var (file, _, title) in artifacts.Charts) md.Append($"![{title}]({file})\n\n");
        md.Append($"### Timeline (raw, one row per second; also in [{artifacts.CsvFile}]({artifacts.CsvFile}))\n\n```csv\n{artifacts.TimelineCsv.TrimEnd()}\n```\n\n");
        return md.ToString();
    }

    /// <summary>The pool proof: verdict, the load that drove it, and the sampler's evidence (exact SQL, parameters without secrets, raw samples, max and percentiles).</summary>
    public static string PoolSection(LoadGateResult run, int expectedPoolSize, IReadOnlyList<CheckOutcome> outcomes, string chartFile, string csvFile)
    {
        var pool = run.Pool ?? throw new InvalidOperationException("the run was not sampled");
        var verdict = PoolVerdict.Evaluate(expectedPoolSize, pool.Summary, run.Signals, (int)Math.Min(int.MaxValue, run.MaxConcurrentRequests), pool.ApplicationNameFilter);
        var md = new StringBuilder();
        md.Append("| check | result | detail |\n|---|---|---|\n");
        foreach (var o in outcomes)
            md.Append($"| `{o.CheckId}` | {(o.Status == CheckStatus.Passed ? "pass" : o.Failed ? "**FAIL**" : "n/a")} | {Cell(o.Failed ? $"expected {o.Expected}; actual {o.Actual}" : o.Subject)} |\n");
        md.Append('\n');
        md.Append("## The load that drove the pool\n\n| parameter | value |\n|---|---|\n");
        md.Append($"| profile | {Cell(run.Plan.Profile.Summary)} |\n");
        md.Append($"| routes | {Cell(string.Join(", ", run.Plan.Routes.Select(r => $"{r.Name} ×{r.Weight}")))} |\n");
        md.Append($"| requests | {run.Report.Overall.Count} ({run.Report.Overall.Fail} failed) |\n");
        md.Append($"| most requests in flight at once | {run.MaxConcurrentRequests} |\n");
        md.Append($"| responses 5xx | {run.ServerErrors} |\n\n");
        md.Append($"![connections vs concurrency]({chartFile})\n\n");
        md.Append(PoolMarkdown.Render(pool, verdict, run.Signals));
        md.Append($"\nRaw samples as CSV: [{csvFile}]({csvFile}).\n");
        return md.ToString();
    }

    public static byte[] PoolChartPng(LoadGateResult run, int expectedPoolSize) =>
        PoolChart.Render(run.Pool!, run.Concurrency, expectedPoolSize);

    public static string PoolSamplesCsv(LoadGateResult run) => PoolCsv.Render(run.Pool!.Samples);

    /// <summary>The engine's report one heading level down, so it nests under the profile's section.</summary>
    private static string Demote(string markdown) =>
        string.Join('\n', markdown.Split('\n').Select(line => line.StartsWith('#') ? "#" + line : line));

    private static string Cell(string value) => value.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
