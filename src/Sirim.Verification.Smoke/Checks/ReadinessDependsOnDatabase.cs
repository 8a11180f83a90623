using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Smoke.Checks;

/// <summary>What the readiness probe and the liveness probe answered while the database was stopped and after it came back.</summary>
public sealed record ReadinessObservation(
    HttpExchange ReadyBefore,
    HttpExchange ReadyWhileDown,
    HttpExchange HealthWhileDown,
    HttpExchange? ReadyAfterRestart,
    HttpExchange? HealthAfterRestart,
    TimeSpan? RecoveryTime);

/// <summary>
/// <c>readiness_depends_on_database</c>: the readiness route (readinessPath) really checks the database — 503 JSON while
/// it is down, while the liveness route (livenessPath) stays 200 so the orchestrator does not restart a healthy process —
/// and both recover when it is back.
/// </summary>
public static class ReadinessDependsOnDatabase
{
    public const string Id = "readiness_depends_on_database";

    public static IReadOnlyList<CheckOutcome> Evaluate(ReadinessObservation o)
    {
        var outcomes = new List<CheckOutcome>();
        const Severity severity = Severity.Critical;
        var down = o.ReadyWhileDown;
        if (down.Status != 503 || down.Response?.IsJson != true)
            outcomes.Add(CheckOutcome.Fail(SmokeGate.Name, Id, down.Subject + " (database stopped)", severity,
                "503 with a JSON body while the database is down",
                down.Response is null ? "no response: " + down.TransportError : $"{down.Status} {down.Response.Reason}, Content-Type {down.Response.Header("Content-Type") ?? "(none)"}",
                down.Status == 200
                    ? "Readiness answers ready without touching the database: run a real query (SELECT 1) with a short timeout."
                    : "Readiness must answer 503 problem+json when a dependency is down.",
                down));
        var health = o.HealthWhileDown;
        if (health.Status != 200)
            outcomes.Add(CheckOutcome.Fail(SmokeGate.Name, Id, health.Subject + " (database stopped)", severity,
                "200: liveness does not depend on the database",
                health.Response is null ? "no response: " + health.TransportError : $"{health.Status} {health.Response.Reason}",
                "A liveness probe that fails on a database outage makes the orchestrator restart healthy pods.", health));
        if (o.ReadyAfterRestart is not { Status: 200 })
            outcomes.Add(CheckOutcome.Fail(SmokeGate.Name, Id, o.ReadyBefore.Subject + " (database started again)", severity,
                "200 once the database is back", o.ReadyAfterRestart is null ? "not probed" : $"{o.ReadyAfterRestart.Status?.ToString() ?? "no response"}",
                "Readiness must recover by itself (new connections after the outage).", o.ReadyAfterRestart));
        if (outcomes.Count == 0) outcomes.Add(CheckOutcome.Pass(SmokeGate.Name, Id, o.ReadyBefore.Subject, severity, down));
        return outcomes;
    }
}
