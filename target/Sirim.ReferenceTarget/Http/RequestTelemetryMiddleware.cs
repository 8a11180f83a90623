using System.Diagnostics;
using Sirim.ReferenceTarget.Configuration;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// One structured log line per request (method, route template, status, duration, request id, empresaId when
/// known) and the API metrics. Only route templates are logged, never raw paths, query strings, bodies or
/// headers, so no personal data or secret reaches the log.
/// </summary>
public sealed class RequestTelemetryMiddleware(
    RequestDelegate next, HttpMetrics metrics, ReferenceTargetOptions options, ILogger<RequestTelemetryMiddleware> logger)
{
    /// <summary>HttpContext.Items key holding the matched route template (set right after routing).</summary>
    public const string RouteKey = "sirim.route";
    /// <summary>HttpContext.Items key holding the empresa a request worked on, when a handler knows it.</summary>
    public const string EmpresaKey = "sirim.empresaId";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            // With the frontend on the API origin (alt profile) the port tells nothing: the path does.
            var frontend = options.Profile.FrontendOnApiOrigin
                ? !FrontendSite.IsApiPath(context.Request.Path, options.Profile)
                : context.Connection.LocalPort == options.FrontendUrl.Port;
            var route = frontend ? "frontend" : context.Items[RouteKey] as string ?? "unmatched";
            var status = context.Response.StatusCode;
            var empresaId = context.Items[EmpresaKey] as int? ?? QueryEmpresa(context);
            if (!frontend) metrics.Record(context.Request.Method, route, status, elapsed);
            logger.LogInformation(
                "http {Method} {Route} {Status} {ElapsedMs:0.0}ms requestId={RequestId} empresaId={EmpresaId}",
                context.Request.Method, route, status, elapsed.TotalMilliseconds, context.TraceIdentifier,
                empresaId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        }
    }

    private static int? QueryEmpresa(HttpContext context) =>
        int.TryParse(context.Request.Query["empresaId"], out var id) ? id : null;

    /// <summary>Remembers the route template once routing has matched an endpoint (survives the exception handler).</summary>
    public static Task CaptureRoute(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
            context.Items[RouteKey] = endpoint.RoutePattern.RawText;
        return next(context);
    }
}
