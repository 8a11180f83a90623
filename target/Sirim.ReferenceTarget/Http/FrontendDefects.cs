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
        // SEEDED DEFECT dashboard_console_error: app.js logs an error to the console once the dashboard is shown.
        if (defects.Is(DefectIds.DashboardConsoleError) && path == "/app.js")
            (file, contentType, appended) = ("app.js", "text/javascript", DashboardConsoleError);
        // SEEDED DEFECT empresas_list_drops_last: the UI shows every empresa the API returned but the last one.
        if (defects.Is(DefectIds.EmpresasListDropsLast) && path == "/app.js")
            (file, contentType, appended) = ("app.js", "text/javascript", EmpresasDropLast);
        // SEEDED DEFECT frontend_asset_missing: the released stylesheet is not deployed.
        if (defects.Is(DefectIds.FrontendAssetMissing) && path == "/styles.css")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return true;
        }
        if (file is null) return false;
        context.Response.ContentType = contentType + "; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(await File.ReadAllTextAsync(Path.Combine(root, file), context.RequestAborted) + appended, context.RequestAborted);
        return true;
    }

    private const string DashboardConsoleError = """

        document.addEventListener('DOMContentLoaded', () => {
          const dashboard = document.querySelector('[data-testid="dashboard"]');
          const observer = new MutationObserver(() => {
            if (dashboard.hidden) return;
            observer.disconnect();
            console.error('widget "resumen" failed to load');
          });
          observer.observe(dashboard, { attributes: true, attributeFilter: ['hidden'] });
        });

        """;

    private const string EmpresasDropLast = """

        document.addEventListener('DOMContentLoaded', () => {
          const list = document.querySelector('[data-testid="empresa-list"]');
          // Every time the list is (re)rendered, its last entry is dropped; the removal itself adds nothing, so it stops there.
          new MutationObserver((mutations) => {
            if (!mutations.some((m) => m.addedNodes.length > 0)) return;
            const items = list.querySelectorAll('[data-testid="empresa-item"]');
            if (items.length > 1) items[items.length - 1].closest('li').remove();
          }).observe(list, { childList: true });
        });

        """;

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
