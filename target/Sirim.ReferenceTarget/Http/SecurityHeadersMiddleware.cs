using Sirim.ReferenceTarget.Configuration;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// Hardening headers on every response of both origins (OWASP Secure Headers Project): nosniff, DENY framing,
/// a strict referrer policy, a permissions policy switching off powerful features, and a Content-Security-Policy
/// that differs per origin (the API serves only JSON; the frontend only its own files and calls the API).
/// HSTS is sent on HTTPS responses only (RFC 6797 §7.2 forbids it over plain HTTP).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, ReferenceTargetOptions options, Defects.ActiveDefects defects)
{
    public const string ApiCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    public const string Hsts = "max-age=31536000; includeSubDomains";
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    private readonly string _frontendCsp = FrontendDefects.Csp(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        $"connect-src 'self' {string.Join(' ', options.ApiOrigins)}; object-src 'none'; base-uri 'self'; " +
        "frame-ancestors 'none'; form-action 'self'", options, defects);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers.ContentSecurityPolicy = IsFrontend(context) ? _frontendCsp : ApiCsp;
            if (context.Request.IsHttps) headers.StrictTransportSecurity = Hsts;
            headers.Remove("Server");
            headers.Remove("X-Powered-By");
            return Task.CompletedTask;
        });
        return next(context);
    }

    private bool IsFrontend(HttpContext context) => context.Connection.LocalPort == options.FrontendUrl.Port;
}
