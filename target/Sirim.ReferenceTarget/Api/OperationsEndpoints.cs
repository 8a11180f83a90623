using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Sirim.ReferenceTarget.Configuration;
using Sirim.ReferenceTarget.Data;
using Sirim.ReferenceTarget.Defects;
using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Api;

/// <summary>
/// Anonymous operational routes: liveness (no dependencies), readiness (a real query with a 2 s budget), the running
/// version, Prometheus metrics and the served OpenAPI contract. Where health and the contract live, and the health
/// documents' shape, follow the convention profile: standard /healthz and /readyz answer JSON ({"status":"ok"} /
/// {"status":"ready"}, a 503 problem when not ready); alt /health answers application/health+json {"status":"pass"}
/// and /health/ready {"status":"UP"} / 503 {"status":"DOWN"}.
/// </summary>
public static class OperationsEndpoints
{
    public const string HealthJson = "application/health+json";

    private static readonly TimeSpan ReadinessBudget = TimeSpan.FromSeconds(2);

    public static void Map(WebApplication app, ConventionProfile profile)
    {
        app.MapGet(profile.LivenessPath, Health).AllowAnonymous();
        app.MapGet(profile.ReadinessPath, Ready).AllowAnonymous();
        // SEEDED DEFECT contracts_version_undeclared_status: 203, a status the contract does not document.
        // SEEDED DEFECT contracts_version_text_plain: the JSON is labelled text/plain.
        app.MapGet("/api/version", (ReferenceTargetOptions o, ActiveDefects defects) => Results.Json(new { version = o.Version, commit = "reference" },
                contentType: defects.Is(DefectIds.VersionTextPlain) ? "text/plain; charset=utf-8" : null,
                statusCode: defects.Is(DefectIds.VersionUndeclaredStatus) ? 203 : 200))
            .AllowAnonymous();
        app.MapGet("/metrics", (HttpMetrics metrics) =>
                Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .AllowAnonymous();
        app.MapGet(profile.ContractPath, (ActiveDefects defects) => defects.Is(DefectIds.ServedContractDrift)
                ? profile.ContractMediaType == "application/json"
                    ? Results.Text(DriftedContract(), "application/json")
                    : Results.Text(DriftedYamlContract(profile), profile.ContractMediaType)
                : Results.File(Path.Combine(AppContext.BaseDirectory, profile.ContractFile), profile.ContractMediaType))
            .AllowAnonymous();
    }

    // SEEDED DEFECT contracts_served_contract_drift (YAML contract): the served document lost GET /api/users. The block
    // of a path runs from its line ("  /api/users:") to the next line indented as little as a path.
    private static string DriftedYamlContract(ConventionProfile profile)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, profile.ContractFile)).ToList();
        var start = lines.IndexOf("  /api/users:");
        if (start < 0) throw new InvalidOperationException($"seeded defect: {profile.ContractFile} no longer has the path '/api/users'");
        var end = lines.FindIndex(start + 1, l => l.Length > 2 && l.StartsWith("  ", StringComparison.Ordinal) && l[2] != ' '
                                                  || l.Length > 0 && l[0] != ' ');
        lines.RemoveRange(start, (end < 0 ? lines.Count : end) - start);
        return string.Join('\n', lines) + "\n";
    }

    // SEEDED DEFECT contracts_served_contract_drift: the served document lost GET /api/users and types the gasto id as a string.
    private static string DriftedContract()
    {
        var doc = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi.json")))!;
        doc["paths"]!.AsObject().Remove("/api/users");
        foreach (var (_, op) in doc["paths"]!["/api/gastos/{id}"]!.AsObject())
            foreach (var p in op?["parameters"]?.AsArray() ?? [])
                if (p?["name"]?.ToString() == "id") p["schema"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "string" };
        return doc.ToJsonString();
    }

    private static IResult Health(HttpContext http, ActiveDefects defects, ReferenceTargetOptions options)
    {
        http.Response.Headers.CacheControl = "no-store";
        var health = options.Profile.HealthPlusJson; // the alt profile answers application/health+json
        // SEEDED DEFECT healthz_html: liveness answers an HTML page instead of its JSON document.
        if (defects.Is(DefectIds.HealthzHtml))
            return Results.Content("<html>OK</html>", "text/html; charset=utf-8");
        // SEEDED DEFECT healthz_degraded_503: a non-critical warning (low disk space) makes liveness answer 503.
        if (defects.Is(DefectIds.HealthzDegraded503))
            return health
                ? Results.Json(new { status = "warn", checks = new { disk = new { status = "warn", freePercent = 9 } } },
                    contentType: HealthJson, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Json(new { status = "degraded", checks = new { disk = new { status = "warning", freePercent = 9 } } },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
        return health ? Results.Json(new { status = "pass" }, contentType: HealthJson) : TypedResults.Ok(new { status = "ok" });
    }

    private static async Task<IResult> Ready(HttpContext http, NpgsqlDataSource db, ActiveDefects defects,
        ReferenceTargetOptions options, ILogger<ReadinessLog> logger, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var health = options.Profile.HealthPlusJson; // the alt profile answers application/health+json UP / DOWN
        // SEEDED DEFECT readyz_ignores_database: claims readiness without asking the database.
        if (defects.Is(DefectIds.ReadyzIgnoresDatabase))
            return health
                ? Results.Json(new { status = "UP", checks = new { database = new { status = "UP", durationMs = 0 } } }, contentType: HealthJson)
                : TypedResults.Ok(new { status = "ready", checks = new { database = new { status = "ok", durationMs = 0 } } });

        // SEEDED DEFECT readyz_flaps_after_start: for two minutes after the process starts (or the defect is switched
        // on), every second probe answers 503.
        if (defects.Is(DefectIds.ReadyzFlapsAfterStart)
            && defects.ActiveFor < TimeSpan.FromMinutes(2)
            && defects.IsEveryNth(DefectIds.ReadyzFlapsAfterStart, 2))
            return health
                ? Results.Json(new { status = "DOWN", checks = new { database = new { status = "DOWN", error = "connection reset while warming up" } } },
                    contentType: HealthJson, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Problem(new ProblemDetails { Status = 503, Detail = "Not ready: the database check failed (connection reset while warming up)." });

        var started = Stopwatch.GetTimestamp();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(ReadinessBudget);
        try
        {
            await using var conn = await db.OpenConnectionAsync(budget.Token);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn) { CommandTimeout = (int)ReadinessBudget.TotalSeconds };
            await cmd.ExecuteScalarAsync(budget.Token);
            var ms = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            // SEEDED DEFECT readyz_stuck_starting: the warm-up status is never cleared, so readiness answers 200 while its
            // body still says the instance is starting (a probe that reads the body takes it out, one that reads the code does not).
            var word = defects.Is(DefectIds.ReadyzStuckStarting) ? "starting" : null;
            return health
                ? Results.Json(new { status = word?.ToUpperInvariant() ?? "UP", checks = new { database = new { status = "UP", durationMs = ms } } }, contentType: HealthJson)
                : TypedResults.Ok(new { status = word ?? "ready", checks = new { database = new { status = "ok", durationMs = ms } } });
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException
                                   || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var ms = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var reason = budget.IsCancellationRequested
                ? $"no answer within {ReadinessBudget.TotalMilliseconds:0} ms"
                : DatabaseErrors.Describe(ex).Reason;
            // Pooled connections may be dead after an outage: drop them so recovery is immediate.
            db.Clear();
            logger.LogWarning("readiness failed: {Reason}", reason);
            if (health)
                return Results.Json(new { status = "DOWN", checks = new { database = new { status = "DOWN", durationMs = ms, error = reason } } },
                    contentType: HealthJson, statusCode: StatusCodes.Status503ServiceUnavailable);
            var problem = new ProblemDetails { Status = 503, Detail = $"Not ready: the database check failed ({reason})." };
            problem.Extensions["checks"] = new { database = new { status = "failed", durationMs = ms, error = reason } };
            return TypedResults.Problem(problem);
        }
    }

    /// <summary>Log category for readiness failures.</summary>
    public sealed class ReadinessLog;
}
