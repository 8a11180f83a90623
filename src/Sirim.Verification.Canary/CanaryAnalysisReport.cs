using Sirim.Verification.Canary.Checks;
using Sirim.Verification.Canary.Probing;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Canary;

/// <summary>Renders <c>canary_analysis.md</c>: verdict and reasons, the metric table, the rank test, per-route figures and raw exchanges.</summary>
public static class CanaryAnalysisReport
{
    public static MarkdownDocument Render(CanaryResult r, string environment, Redactor redactor)
    {
        var o = r.Options;
        var c = r.Comparison;
        var doc = new MarkdownDocument($"Canary analysis — {environment}");
        doc.Paragraph($"**Verdict: {r.Decision.Label}** — canary `{o.CanaryUrl}` compared with baseline `{o.BaselineUrl}`.");
        doc.Heading("Reasons").Bullets(r.Decision.Reasons);

        doc.Heading("Parameters").KeyValues([
            ("baseline", o.BaselineUrl.ToString()), ("canary", o.CanaryUrl.ToString()),
            ("probed routes (GET)", string.Join(", ", o.ProbePaths)),
            ("probes per deployment", $"{r.Probes.Rounds} of {o.RequestsPerSide} planned{(r.Probes.StoppedByTimeLimit ? " (stopped by the time limit)" : "")}"),
            ("workers", o.Concurrency.ToString()), ("time limit", $"{o.MaxDuration.TotalSeconds:0} s"),
            ("warm-up (not measured)", $"{r.Probes.WarmupRequests} requests"),
            ("probe phase", $"{r.Probes.Elapsed.TotalSeconds:0.0} s"),
            ("rules", string.Join("; ", o.Rules.Describe())),
        ]);

        doc.Heading("Metrics");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var p in new[] { 50, 95, 99 })
        {
            var rule = o.Rules.Latency.FirstOrDefault(l => l.Percentile == p);
            var outcome = rule is null ? null : r.Outcomes.First(x => x.CheckId == $"canary_p{p}_increase");
            rows.Add([$"p{p} latency", Format.Ms(c.Baseline.Percentile(p)), Format.Ms(c.Canary.Percentile(p)),
                Format.Change(CanaryComparison.ChangePercent(c.Baseline.Percentile(p), c.Canary.Percentile(p))),
                rule?.Text ?? "(reported only)", Status(outcome)]);
        }
        rows.Add(["error rate", $"{Format.Rate(c.Baseline.ErrorRate)} ({c.Baseline.Errors}/{c.Baseline.Requests})",
            $"{Format.Rate(c.Canary.ErrorRate)} ({c.Canary.Errors}/{c.Canary.Requests})",
            Format.Change(CanaryComparison.ChangePercent(c.Baseline.ErrorRate, c.Canary.ErrorRate)),
            $"error_rate <= +{o.Rules.MaxErrorRateIncreasePercent}%", Status(r.Outcomes.First(x => x.CheckId == "canary_error_rate_increase"))]);
        rows.Add(["5xx answers", c.Baseline.ServerErrors.ToString(), c.Canary.ServerErrors.ToString(),
            (c.Canary.ServerErrors - c.Baseline.ServerErrors).ToString("+0;-0;0"), $"5xx <= +{o.Rules.MaxServerErrorIncrease}",
            Status(r.Outcomes.First(x => x.CheckId == "canary_5xx_increase"))]);
        rows.Add(["no response (transport)", c.Baseline.TransportErrors.ToString(), c.Canary.TransportErrors.ToString(), "", "counted as errors", ""]);
        rows.Add(["max latency", Format.Ms(c.Baseline.MaxMs), Format.Ms(c.Canary.MaxMs), "", "(reported only)", ""]);
        doc.Table(["metric", "baseline", "canary", "change", "rule", "result"], rows);

        doc.Heading("Mann-Whitney U test on latencies");
        if (c.LatencyTest is { } t)
        {
            doc.Paragraph("Latencies of successful answers, canary (X) against baseline (Y); normal approximation with tie correction " +
                          "and continuity correction. A latency rule fails only when this test (or the tail test in the rule's message) finds the " +
                          "canary slower at the chosen significance, so noise alone never decides a rollback.");
            doc.KeyValues([
                ("n (canary, baseline)", $"{t.NX}, {t.NY}"), ("U (canary)", $"{t.UX:0.#}"), ("U (baseline)", $"{t.UY:0.#}"),
                ("z", $"{t.Z:0.000}"), ("p, two-sided", Format.P(t.PTwoSided)), ("p, canary slower (one-sided)", Format.P(t.PXGreater)),
                ("P(canary slower than baseline)", $"{t.Effect:0.000}"), ("alpha", o.Rules.Alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("reading", t.PXGreater < o.Rules.Alpha ? "the canary is significantly slower" : "no significant slowdown of the canary"),
            ]);
        }
        else doc.Paragraph("Not computed: one side has no successful answer.");

        doc.Heading("Per route");
        doc.Table(["route", "baseline p95", "canary p95", "baseline errors", "canary errors"],
            o.ProbePaths.Select(path =>
            {
                var samples = r.Probes.Samples.Where(s => s.Path == path).ToList();
                var b = SideMetrics.From(Side.Baseline, samples);
                var k = SideMetrics.From(Side.Canary, samples);
                return (IReadOnlyList<string>)[path, Format.Ms(b.P95Ms), Format.Ms(k.P95Ms), $"{b.Errors}/{b.Requests}", $"{k.Errors}/{k.Requests}"];
            }));

        var failures = r.Outcomes.Where(x => x.Failed).ToList();
        if (failures.Count > 0) doc.Heading("Failed rules").Code(string.Join("\n", failures.Select(f => FailureRenderer.Render(f, redactor))));

        doc.Heading("Method").Bullets([
            "Each round sends one GET to each deployment back to back, alternating which goes first, so machine and network noise hit both alike.",
            "An error is a transport failure or a status ≥ 400; latency percentiles (nearest rank) use the answers that were not errors.",
            $"A latency rule fails only when the change exceeds its percentage and the noise floor ({o.Rules.LatencyFloorMs} ms) and a one-sided test finds the canary slower below alpha: the Mann-Whitney U test (whole distribution) or the tail test (share of samples above the pooled percentile). A change neither test supports is noise.",
            "ROLLBACK when any rule fails; INCONCLUSIVE when none fails but one cannot decide (too few samples, failing baseline); PROMOTE otherwise.",
        ]);

        doc.Heading("Raw exchanges (first of each route, first errors)");
        foreach (var (title, exchange) in r.Probes.Examples.Take(12))
            doc.Heading(title, 3).Code(exchange.ToRawText(redactor, 2048), "http");
        return doc;
    }

    private static string Status(CheckOutcome? o) => o?.Status switch
    {
        CheckStatus.Passed => "PASS",
        CheckStatus.Failed => "**FAIL**",
        CheckStatus.NotApplicable => "INCONCLUSIVE",
        _ => "",
    };
}
