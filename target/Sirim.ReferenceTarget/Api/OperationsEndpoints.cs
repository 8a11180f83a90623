using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Sirim.ReferenceTarget.Configuration;
using Sirim.ReferenceTarget.Data;
using Sirim.ReferenceTarget.Defects;
using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Api;

/// <summary>
/// Anonymous operational routes: liveness (/healthz, no dependencies), readiness (/readyz, a real query
/// with a 2 s budget), the running version, Prometheus metrics and the served OpenAPI contract.
/// </summary>
public static class OperationsEndpoints
{
    private static readonly TimeSpan ReadinessBudget = TimeSpan.FromSeconds(2);

    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", Health).AllowAnonymous();
        app.MapGet("/readyz", Ready).AllowAnonymous();
        // SEEDED DEFECT contracts_version_undeclared_status: 203, a status the contract does not document.
        // SEEDED DEFECT contracts_version_text_plain: the JSON is labelled text/plain.
        app.MapGet("/api/version", (ReferenceTargetOptions o, ActiveDefects defects) => Results.Json(new { version = o.Version, commit = "reference" },
                contentType: defects.Is(DefectIds.VersionTextPlain) ? "text/plain; charset=utf-8" : null,
                statusCode: defects.Is(DefectIds.VersionUndeclaredStatus) ? 203 : 200))
            .AllowAnonymous();
        app.MapGet("/metrics", (HttpMetrics metrics) =>
                Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .AllowAnonymous();
        app.MapGet("/openapi.json", (ActiveDefects defects) => defects.Is(DefectIds.ServedContractDrift)
                ? Results.Text(DriftedContract(), "application/json")
                : Results.File(Path.Combine(AppContext.BaseDirectory, "openapi.json"), "application/json"))
            .AllowAnonymous();
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

    private static IResult Health(HttpContext http, ActiveDefects defects)
    {
        http.Response.Headers.CacheControl = "no-store";
        // SEEDED DEFECT healthz_html: liveness answers an HTML page instead of its JSON document.
        if (defects.Is(DefectIds.HealthzHtml))
            return Results.Content("<html>OK</html>", "text/html; charset=utf-8");
        // SEEDED DEFECT healthz_degraded_503: a non-critical warning (low disk space) makes liveness answer 503.
        if (defects.Is(DefectIds.HealthzDegraded503))
            return Results.Json(new { status = "degraded", checks = new { disk = new { status = "warning", freePercent = 9 } } },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        return TypedResults.Ok(new { status = "ok" });
    }

    private static async Task<IResult> Ready(HttpContext http, NpgsqlDataSource db, ActiveDefects defects,
        ILogger<ReadinessLog> logger, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        // SEEDED DEFECT readyz_ignores_database: claims readiness without asking the database.
        if (defects.Is(DefectIds.ReadyzIgnoresDatabase))
            return TypedResults.Ok(new { status = "ready", checks = new { database = new { status = "ok", durationMs = 0 } } });

        var started = Stopwatch.GetTimestamp();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(ReadinessBudget);
        try
        {
            await using var conn = await db.OpenConnectionAsync(budget.Token);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn) { CommandTimeout = (int)ReadinessBudget.TotalSeconds };
            await cmd.ExecuteScalarAsync(budget.Token);
            var ms = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return TypedResults.Ok(new { status = "ready", checks = new { database = new { status = "ok", durationMs = ms } } });
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
            var problem = new ProblemDetails { Status = 503, Detail = $"Not ready: the database check failed ({reason})." };
            problem.Extensions["checks"] = new { database = new { status = "failed", durationMs = ms, error = reason } };
            return TypedResults.Problem(problem);
        }
    }

    /// <summary>Log category for readiness failures.</summary>
    public sealed class ReadinessLog;
}
