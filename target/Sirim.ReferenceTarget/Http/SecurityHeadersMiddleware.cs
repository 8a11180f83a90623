using Sirim.ReferenceTarget.Configuration;
using Sirim.ReferenceTarget.Defects;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// Hardening headers on every response of both origins (OWASP Secure Headers Project): nosniff, DENY framing,
/// a strict referrer policy, a permissions policy switching off powerful features, and a Content-Security-Policy
/// that differs per origin (the API serves only JSON; the frontend only its own files and calls the API).
/// HSTS is sent on HTTPS responses only (RFC 6797 §7.2 forbids it over plain HTTP).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, ReferenceTargetOptions options, ActiveDefects defects)
{
    public const string ApiCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    public const string Hsts = "max-age=31536000; includeSubDomains";
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    private readonly string _frontendCsp =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        $"connect-src 'self' {string.Join(' ', options.ApiOrigins)}; object-src 'none'; base-uri 'self'; " +
        "frame-ancestors 'none'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers.ContentSecurityPolicy = IsFrontend(context) ? FrontendDefects.Csp(_frontendCsp, options, defects) : ApiCsp;
            if (context.Request.IsHttps) headers.StrictTransportSecurity = Hsts;
            headers.Remove("Server");
            headers.Remove("X-Powered-By");
            if (defects.Active?.Gate == "security") ApplySeededDefect(headers, IsFrontend(context));
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>The security gate's seeded header defects (one at a time, see defects.json).</summary>
    private void ApplySeededDefect(IHeaderDictionary headers, bool frontend)
    {
        var csp = headers.ContentSecurityPolicy.ToString();
        // SEEDED DEFECT header_missing_csp: no Content-Security-Policy at all.
        if (defects.Is(DefectIds.HeaderMissingCsp)) headers.Remove("Content-Security-Policy");
        // SEEDED DEFECT header_missing_nosniff: no X-Content-Type-Options.
        if (defects.Is(DefectIds.HeaderMissingNosniff)) headers.Remove("X-Content-Type-Options");
        // SEEDED DEFECT header_missing_frame_options: neither X-Frame-Options nor CSP frame-ancestors.
        if (defects.Is(DefectIds.HeaderMissingFrameOptions))
        {
            headers.Remove("X-Frame-Options");
            headers.ContentSecurityPolicy = csp.Replace("frame-ancestors 'none'; ", "", StringComparison.Ordinal);
        }
        // SEEDED DEFECT header_missing_referrer_policy: no Referrer-Policy.
        if (defects.Is(DefectIds.HeaderMissingReferrerPolicy)) headers.Remove("Referrer-Policy");
        // SEEDED DEFECT header_missing_permissions_policy: no Permissions-Policy.
        if (defects.Is(DefectIds.HeaderMissingPermissionsPolicy)) headers.Remove("Permissions-Policy");
        // SEEDED DEFECT header_missing_hsts: no Strict-Transport-Security on HTTPS.
        if (defects.Is(DefectIds.HeaderMissingHsts)) headers.Remove("Strict-Transport-Security");
        // SEEDED DEFECT hsts_short_max_age: HSTS for five minutes only, without includeSubDomains.
        if (defects.Is(DefectIds.HstsShortMaxAge) && headers.ContainsKey("Strict-Transport-Security")) headers.StrictTransportSecurity = "max-age=300";
        // SEEDED DEFECT csp_unsafe_inline: the frontend's script-src allows inline scripts.
        if (defects.Is(DefectIds.CspUnsafeInline)) headers.ContentSecurityPolicy = csp.Replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
        // SEEDED DEFECT csp_wildcard: the frontend's default-src allows any origin.
        if (defects.Is(DefectIds.CspWildcard)) headers.ContentSecurityPolicy = csp.Replace("default-src 'self'", "default-src *", StringComparison.Ordinal);
        // SEEDED DEFECT x_powered_by: the framework is advertised.
        if (defects.Is(DefectIds.XPoweredBy)) headers["X-Powered-By"] = "ASP.NET";
        // SEEDED DEFECT csp_no_base_uri: neither CSP restricts <base>.
        if (defects.Is(DefectIds.CspNoBaseUri))
            headers.ContentSecurityPolicy = csp.Replace(" base-uri 'none';", "", StringComparison.Ordinal).Replace(" base-uri 'self';", "", StringComparison.Ordinal);
        // SEEDED DEFECT csp_no_object_src: the frontend CSP leaves plugins to default-src.
        if (defects.Is(DefectIds.CspNoObjectSrc)) headers.ContentSecurityPolicy = csp.Replace(" object-src 'none';", "", StringComparison.Ordinal);
        // SEEDED DEFECT csp_connect_src_missing_api: the frontend may only call its own origin.
        if (defects.Is(DefectIds.CspConnectSrcMissingApi) && frontend)
            headers.ContentSecurityPolicy = System.Text.RegularExpressions.Regex.Replace(csp, "connect-src [^;]*;", "connect-src 'self';");
        // SEEDED DEFECT server_version: the server product and version are advertised.
        if (defects.Is(DefectIds.ServerVersion)) headers.Server = "Kestrel/10.0.0";
        // SEEDED DEFECT cookie_without_flags: an API cookie without HttpOnly, SameSite or Secure.
        if (defects.Is(DefectIds.CookieWithoutFlags) && !frontend) headers.Append("Set-Cookie", "sirim_pref=compact; Path=/");
        // SEEDED DEFECT cors_wildcard_with_credentials: any origin, with credentials.
        if (defects.Is(DefectIds.CorsWildcardWithCredentials) && !frontend)
        {
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlAllowCredentials = "true";
        }
    }

    private bool IsFrontend(HttpContext context) => FrontendSite.IsFrontendRequest(context, options);
}
