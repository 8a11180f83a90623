using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Smoke.Checks;

namespace Sirim.Verification.Smoke;

/// <summary>One exchange the smoke gate shows in its evidence, under the title it has there.</summary>
public sealed record SmokeProbeRecord(string Title, HttpExchange Exchange);

/// <summary>
/// Renders <c>health_readiness.md</c>: the parameters of the smoke gate, the latency of each probe, the database outage
/// commands with their raw output, and every raw exchange (secrets redacted).
/// </summary>
public static class HealthReadinessReport
{
    /// <summary>The exchanges of a database outage observation that were sent, each with its title in the evidence.</summary>
    public static IReadOnlyList<SmokeProbeRecord> OutageProbes(ReadinessObservation observation, HealthPaths health)
    {
        var (ready, live) = (health.Readiness, health.Liveness);
        return new[]
            {
                ($"{ready} before the outage", observation.ReadyBefore), ($"{ready} while the database is stopped", observation.ReadyWhileDown),
                ($"{live} while the database is stopped", observation.HealthWhileDown),
                ($"{ready} after the database restarted", observation.ReadyAfterRestart), ($"{live} after the database restarted", observation.HealthAfterRestart),
            }
            .Where(p => p.Item2 is not null).Select(p => new SmokeProbeRecord(p.Item1, p.Item2!)).ToList();
    }

    /// <summary>The outage transcript: the stop command, its result, the start command, its result (as a console session).</summary>
    public static IReadOnlyList<string> OutageTranscript(DatabaseControlOptions control, IReadOnlyList<ShellCommand.Result> commands)
    {
        static string Result(ShellCommand.Result c) => $"(exit {c.ExitCode}, {c.Elapsed.TotalMilliseconds:0} ms)\n{c.Output.Trim()}";
        var lines = new List<string> { "$ " + control.StopCommand };
        lines.AddRange(commands.Take(1).Select(Result));
        lines.Add("$ " + control.StartCommand);
        lines.AddRange(commands.Skip(1).Select(Result));
        return lines;
    }

    /// <param name="readinessVerdict">PASS, FAIL or NOT RUN: whether readiness followed the database outage.</param>
    public static MarkdownDocument Render(TargetOptions o, IReadOnlyList<SmokeProbeRecord> probes, IReadOnlyList<string> outageTranscript,
        string readinessVerdict, Redactor redactor)
    {
        var doc = new MarkdownDocument($"Observability and readiness — {o.Environment}")
            .Paragraph($"Health (`{o.Health.Liveness}`, liveness) and readiness (`{o.Health.Readiness}`, real database check) of the API, probed by the smoke gate. Raw exchanges below are exactly what the target answered (secrets redacted).")
            .Heading("Parameters")
            .KeyValues([("API", o.ApiBaseUrl.ToString()), ("liveness", o.Health.Liveness), ("readiness", o.Health.Readiness),
                ("repeat", o.SmokeRepeat.ToString()), ("request timeout", $"{o.RequestTimeout.TotalSeconds:0} s"),
                ("database control", o.DatabaseControl.IsConfigured ? "configured (outage test runs)" : "not configured (outage test NOT RUN)"),
                ("readiness depends on database", readinessVerdict)])
            .Heading("Latency of each probe")
            .Table(["request", "status", "content type", "ms"], probes.Select(e => (IReadOnlyList<string>)
                [e.Title, e.Exchange.Status?.ToString() ?? "no response", e.Exchange.Response?.Header("Content-Type") ?? "", $"{e.Exchange.Elapsed.TotalMilliseconds:0.0}"]));
        if (outageTranscript.Count > 0) doc.Heading("Database outage: commands and raw output").Code(string.Join("\n", outageTranscript), "console");
        doc.Heading("Raw exchanges");
        foreach (var (title, exchange) in probes)
            doc.Heading(title, 3).Code(exchange.ToRawText(redactor, 4096), "http");
        return doc;
    }
}
