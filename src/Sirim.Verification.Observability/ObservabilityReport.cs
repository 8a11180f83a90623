using System.Globalization;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Observability;

/// <summary>
/// <c>observability_readiness.md</c> (<c>observability_prod_readiness.md</c> in production): verdict, parameters, the
/// raw scrapes (excerpt), the promtool output, the restart timeline, the request-id exchanges and every check.
/// </summary>
public static class ObservabilityReport
{
    private const int SamplesPerFamily = 3;

    public static MarkdownDocument Render(ObservabilityResult r, string environment, Redactor redactor)
    {
        var o = r.Options;
        var doc = new MarkdownDocument($"Observability readiness — {environment}");
        var failed = r.Outcomes.Count(x => x.Failed);
        doc.Paragraph(failed == 0
            ? $"**Verdict: PASS** — every observability check that ran passed ({r.Outcomes.Count(x => x.Status == CheckStatus.NotApplicable)} not run, listed below)."
            : $"**Verdict: FAIL** — {failed} failing check(s), listed below.");
        doc.Heading("Parameters").KeyValues([
            ("judged at (UTC)", Iso(r.JudgedAt)),
            ("API", redactor.Text(o.ApiBaseUrl.ToString())),
            ("metrics route", o.MetricsPath ?? o.MetricsNotRunReason ?? ""),
            ("latency metric", o.Names.Latency),
            ("request counter / status label", $"{o.Names.Requests} / {o.Names.StatusLabel}"),
            ("pool size gauge", o.Names.PoolSize),
            ("known requests between the scrapes", $"{o.ProbeRequests} × GET {o.ReadinessPath}"),
            ("alert rules file", o.AlertRulesFile ?? "(not set: not checked)"),
            ("restart command", o.RestartCommand is { } command ? redactor.Text(command) : o.RestartNotRunReason ?? ""),
            ("restart bounds", $"command ≤ {S(o.RestartTimeout)}, health back ≤ {S(o.RestartReadyBound)}, then {o.StableProbes} stability probe(s)"),
            ("request-id header", o.RequestIdHeader),
            ("request-id routes", string.Join(", ", o.RequestIdPaths)),
            ("liveness and readiness (database checked)", "the smoke gate's health_readiness.md in this run folder"),
        ]);

        doc.Heading("Checks");
        doc.Table(["check", "subject", "status", "detail"], r.Outcomes.Select(x => (IReadOnlyList<string>)[
            x.CheckId, x.Subject, x.Status switch { CheckStatus.Passed => "PASS", CheckStatus.Failed => "**FAIL**", _ => "n/a" },
            redactor.Text(x.Failed ? $"expected {x.Expected}; actual {x.Actual}" : x.Actual ?? "")]));

        doc.Heading("Metrics");
        if (r.Inputs.Metrics is not { } m) doc.Paragraph(o.MetricsNotRunReason ?? "Not run.");
        else
        {
            var pool = ObservabilityGate.MetricsPoolSizeValue(r);
            doc.KeyValues([
                ("first scrape", $"{m.First.Status?.ToString(CultureInfo.InvariantCulture) ?? m.First.TransportError} at {Iso(m.First.StartedAt)}"),
                ("known requests", $"{m.Probes.Count} × GET {o.ReadinessPath}: {string.Join(", ", m.Probes.GroupBy(p => p.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer").Select(g => $"{g.Count()} × {g.Key}"))}"),
                ("second scrape", $"{m.Second.Status?.ToString(CultureInfo.InvariantCulture) ?? m.Second.TransportError} at {Iso(m.Second.StartedAt)}"),
                ("pool size (metrics)", pool?.ToString(CultureInfo.InvariantCulture) ?? "(not exported)"),
                ("pool connections (pg_stat_activity, pool gate)", r.Inputs.PoolActiveFigure ?? "(no pool gate result before this gate in this run)"),
            ]);
            if (m.SecondParsed is { } scrape)
                doc.Table(["family", "type", "samples"], scrape.Families.Values.Select(f => (IReadOnlyList<string>)[f.Name, f.Type, f.Samples.Count.ToString(CultureInfo.InvariantCulture)]));
            doc.Heading("Second scrape (excerpt)", 3);
            doc.Code(redactor.Text(Excerpt(m.Second.Response?.Body ?? "")));
        }

        doc.Heading("Alert rules");
        if (r.Inputs.Alerts is not { } a) doc.Paragraph("Not run: no alert rules file (alertRulesFile / SIRIM_ALERT_RULES_FILE).");
        else
        {
            doc.Paragraph($"`{a.Promtool.CommandLine}` → {(a.Promtool.Missing is { } missing ? "**not run**: " + missing : $"exit code {a.Promtool.ExitCode}")}");
            if (a.Promtool.Output.Length > 0) doc.Code(redactor.Text(a.Promtool.Output.Trim()));
            if (a.ReadError is { } error) doc.Paragraph($"The file could not be read: {error}.");
            else doc.Table(["group", "rule", "kind", "expression"], a.Rules.Select(x => (IReadOnlyList<string>)[x.Group, x.Name, x.IsAlert ? "alert" : "record", "`" + x.Expression.Replace("\n", " ", StringComparison.Ordinal).Trim() + "`"]));
        }

        doc.Heading("Restart");
        if (r.Inputs.Restart is not { } restart) doc.Paragraph(o.RestartNotRunReason ?? "Not run.");
        else
        {
            var c = restart.Command;
            doc.KeyValues([
                ("command started (UTC)", Iso(c.StartedAt)),
                ("command", $"{c.Outcome} after {S(c.Elapsed)}"),
                ("health back (both 200)", restart.BackAfter is { } b ? $"{S(b)} after the command ended" : $"**not within {S(o.RestartReadyBound)}**"),
            ]);
            if (c.Output.Trim().Length > 0) doc.Code(c.Output.Trim());
            doc.Table(["after the command", "phase", "route", "answer"], restart.Timeline.Select(p => (IReadOnlyList<string>)[
                "+" + S(p.At), p.Phase, p.Path, p.Status?.ToString(CultureInfo.InvariantCulture) ?? redactor.Text(p.Error ?? "no answer")]));
        }

        doc.Heading("Request id");
        doc.Table(["route", "sent", "status", "answered"], r.Inputs.RequestIds.Select(x => (IReadOnlyList<string>)[
            $"GET {x.Path}", x.SentId ?? "(none)", x.Exchange.Status?.ToString(CultureInfo.InvariantCulture) ?? redactor.Text(x.Exchange.TransportError ?? ""),
            x.Exchange.Response?.Header(o.RequestIdHeader) ?? "(no header)"]));
        return doc;
    }

    /// <summary>Every HELP and TYPE line with the first few samples under each: every family shows, the file stays short.</summary>
    public static string Excerpt(string body)
    {
        var kept = new List<string>();
        var samples = 0;
        var left = 0;
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith('#')) { kept.Add(line); samples = 0; continue; }
            if (line.Trim().Length == 0) continue;
            if (samples++ < SamplesPerFamily) kept.Add(line);
            else left++;
        }
        return string.Join('\n', kept) + (left > 0 ? $"\n… ({left} more sample lines)" : "");
    }

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
