using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// The single writer behind <see cref="IProblemDetailsService"/> (endpoint results, status code pages,
/// exception handler, authentication challenges). Unlike the framework default it writes JSON whatever the
/// Accept header says, so no error path ever falls back to a text or HTML body.
/// </summary>
public sealed class ProblemJsonWriter : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool CanWrite(ProblemDetailsContext context) => !context.HttpContext.Response.HasStarted;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        // Framework results pre-fill their own type and title; one table for all keeps every error uniform.
        problem.Type = Problems.TypeFor(status);
        problem.Title = Problems.TitleFor(status);
        problem.Detail ??= Problems.DefaultDetail(status);
        // The path only: query strings may carry values that do not belong in error bodies or logs.
        problem.Instance ??= http.Request.PathBase + http.Request.Path;
        problem.Extensions.Remove("traceId");
        problem.Extensions["requestId"] = http.TraceIdentifier;

        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, problem.GetType(), Json, http.RequestAborted);
    }
}
