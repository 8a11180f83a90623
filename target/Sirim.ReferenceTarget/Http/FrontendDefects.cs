using Sirim.ReferenceTarget.Configuration;
using Sirim.ReferenceTarget.Defects;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// The seeded defects of the frontend origin (E2E and integrity gates), in one place: a deployment config that names
/// another API origin, a CSP that blocks the build's own script, and served files that differ from the build.
/// </summary>
public static class FrontendDefects
{
    /// <summary>The apiBaseUrl of /config.json.</summary>
    public static string ConfigApiBaseUrl(ReferenceTargetOptions options, ActiveDefects defects) =>
        // SEEDED DEFECT frontend_wrong_api_origin: the config names the same server under another origin (localhost).
        defects.Is(DefectIds.FrontendWrongApiOrigin) ? WrongOrigin(options.PublicApiBaseUrl) : options.PublicApiBaseUrl;

    /// <summary>The frontend's Content-Security-Policy.</summary>
    public static string Csp(string csp, ReferenceTargetOptions options, ActiveDefects defects)
    {
        // SEEDED DEFECT frontend_wrong_api_origin: the policy allows the wrong origin too, so nothing but the origin is wrong.
        if (defects.Is(DefectIds.FrontendWrongApiOrigin))
            return csp.Replace("connect-src 'self'", "connect-src 'self' " + WrongOrigin(options.PublicApiBaseUrl), StringComparison.Ordinal);
        // SEEDED DEFECT csp_blocks_own_script: the policy forbids every script, the build's own app.js included.
        if (defects.Is(DefectIds.CspBlocksOwnScript))
            return csp.Replace("script-src 'self'", "script-src 'none'", StringComparison.Ordinal);
        return csp;
    }

    /// <summary>Serves a file that differs from the build when a defect says so; false: serve the build's file.</summary>
    public static async Task<bool> ServeAlteredFileAsync(HttpContext context, ActiveDefects defects, string root)
    {
        var path = context.Request.Path.Value;
        string? appended = null, contentType = null, file = null;
        // SEEDED DEFECT frontend_asset_modified: a rule appended to the released stylesheet on the server.
        if (defects.Is(DefectIds.FrontendAssetModified) && path == "/styles.css")
            (file, contentType, appended) = ("styles.css", "text/css", "\n/* hot-fix applied on the server */\n.footer { color: #b00; }\n");
        // SEEDED DEFECT dashboard_js_error: app.js throws an uncaught TypeError once the dashboard is shown.
        if (defects.Is(DefectIds.DashboardJsError) && path == "/app.js")
            (file, contentType, appended) = ("app.js", "text/javascript", DashboardError);
        if (file is null) return false;
        context.Response.ContentType = contentType + "; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(await File.ReadAllTextAsync(Path.Combine(root, file), context.RequestAborted) + appended, context.RequestAborted);
        return true;
    }

    private const string DashboardError = """

        document.addEventListener('DOMContentLoaded', () => {
          const dashboard = document.querySelector('[data-testid="dashboard"]');
          const observer = new MutationObserver(() => {
            if (dashboard.hidden) return;
            observer.disconnect();
            const widget = undefined;
            setTimeout(() => { widget.render(); }, 0);
          });
          observer.observe(dashboard, { attributes: true, attributeFilter: ['hidden'] });
        });

        """;

    private static string WrongOrigin(string origin) => origin.Replace("://127.0.0.1:", "://localhost:", StringComparison.Ordinal);
}
