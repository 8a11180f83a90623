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
        // SEEDED DEFECT gasto_concepto_html_inline_script_allowed: inline script allowed, so markup rendered from data runs.
        if (defects.Is(DefectIds.GastoConceptoHtmlInlineScriptAllowed))
            return csp.Replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
        // SEEDED DEFECT csp_blocks_own_script: the policy forbids every script, the build's own app.js included.
        if (defects.Is(DefectIds.CspBlocksOwnScript))
            return csp.Replace("script-src 'self'", "script-src 'none'", StringComparison.Ordinal);
        return csp;
    }

    /// <summary>
    /// Serves a file that differs from the build when a defect says so; false: serve the build's file. The defect alters
    /// the file as built (in <paramref name="root"/>); <paramref name="profileBuild"/> then makes it the profile's.
    /// </summary>
    public static async Task<bool> ServeAlteredFileAsync(HttpContext context, ActiveDefects defects, string root,
        Func<string, string, string> profileBuild)
    {
        var path = context.Request.Path.Value;
        // SEEDED DEFECT frontend_asset_missing: the released stylesheet is not deployed.
        if (defects.Is(DefectIds.FrontendAssetMissing) && path == "/styles.css")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return true;
        }
        // SEEDED DEFECT stylesheet_connection_dropped: the server closes the connection without answering for styles.css.
        if (defects.Is(DefectIds.StylesheetConnectionDropped) && path == "/styles.css")
        {
            context.Abort();
            return true;
        }
        // SEEDED DEFECT frontend_extra_file: the script the altered entry page loads (see Alteration), outside the build.
        if (defects.Is(DefectIds.FrontendExtraFile) && path == "/analytics.js")
        {
            context.Response.ContentType = "text/javascript; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.WriteAsync(ExtraScript, context.RequestAborted);
            return true;
        }
        var (file, contentType) = path switch
        {
            "/app.js" => ("app.js", "text/javascript"),
            "/styles.css" => ("styles.css", "text/css"),
            "/" or "/index.html" => ("index.html", "text/html"),
            _ => (null, null),
        };
        if (file is null || Alteration(defects, file) is not { } alter) return false;
        context.Response.ContentType = contentType + "; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        var content = await File.ReadAllTextAsync(Path.Combine(root, file), context.RequestAborted);
        await context.Response.WriteAsync(profileBuild(file, alter(content)), context.RequestAborted);
        return true;
    }

    /// <summary>How the active defect changes a file of the build before it is served; null: served as built.</summary>
    private static Func<string, string>? Alteration(ActiveDefects defects, string file) => file switch
    {
        // SEEDED DEFECT frontend_asset_modified: a rule appended to the released stylesheet on the server.
        "styles.css" when defects.Is(DefectIds.FrontendAssetModified) =>
            css => css + "\n/* hot-fix applied on the server */\n.footer { color: #b00; }\n",
        // SEEDED DEFECT dashboard_js_error: app.js throws an uncaught TypeError once the dashboard is shown.
        "app.js" when defects.Is(DefectIds.DashboardJsError) => js => js + DashboardError,
        // SEEDED DEFECT dashboard_console_error: app.js logs an error to the console once the dashboard is shown.
        "app.js" when defects.Is(DefectIds.DashboardConsoleError) => js => js + DashboardConsoleError,
        // SEEDED DEFECT empresas_list_drops_last: the UI shows every empresa the API returned but the last one.
        "app.js" when defects.Is(DefectIds.EmpresasListDropsLast) => js => js + EmpresasDropLast,
        // SEEDED DEFECT login_header_wrong_name: the header reads a field /api/me does not return and shows a placeholder.
        "app.js" when defects.Is(DefectIds.LoginHeaderWrongName) => js => Replace(js,
            "el('user-name').textContent = state.user.name;",
            "el('user-name').textContent = state.user.nombre || 'Usuario';"),
        // SEEDED DEFECT login_failure_stores_token: the login answer's token is stored before its status is checked.
        "app.js" when defects.Is(DefectIds.LoginFailureStoresToken) => js => Replace(js, LoginClean, LoginStoresFirst),
        // SEEDED DEFECT logout_keeps_token: logout only switches the view; the token stays in sessionStorage.
        "app.js" when defects.Is(DefectIds.LogoutKeepsToken) => js => Replace(js,
            "el('logout').addEventListener('click', () => endSession());",
            "el('logout').addEventListener('click', () => showLogin());"),
        // SEEDED DEFECT refused_token_kept: a 401 shows the login view but the refused token stays in sessionStorage.
        "app.js" when defects.Is(DefectIds.RefusedTokenKept) => js => Replace(js,
            "endSession('Su sesión expiró o no es válida. Inicie sesión de nuevo.');",
            "showLogin('Su sesión expiró o no es válida. Inicie sesión de nuevo.');"),
        // SEEDED DEFECT gasto_create_drops_cents: a new gasto's monto goes through parseInt; the edit path is right.
        "app.js" when defects.Is(DefectIds.GastoCreateDropsCents) => js => Replace(js,
            "? await api('/api/gastos', { method: 'POST', body })",
            "? await api('/api/gastos', { method: 'POST', body: { ...body, monto: monto === '' ? null : parseInt(monto, 10) } })"),
        // SEEDED DEFECT gasto_fecha_shown_day_before: the list shows each fecha as UTC midnight seen from Santo Domingo (UTC-4).
        "app.js" when defects.Is(DefectIds.GastoFechaShownDayBefore) => js => Replace(js,
            "['gasto-fecha', gasto.fecha],", "['gasto-fecha', formatFecha(gasto.fecha)],") + FormatFecha,
        // SEEDED DEFECT gasto_delete_not_sent: the row is removed at once and DELETE /api/gastos/{id} is never sent.
        "app.js" when defects.Is(DefectIds.GastoDeleteNotSent) => js => Replace(js, DeleteClean, DeleteRowOnly),
        // SEEDED DEFECT gasto_concepto_rendered_as_html (and gasto_concepto_html_inline_script_allowed, with a CSP that
        // allows inline script): the list bolds the first word of each concepto through innerHTML.
        "app.js" when defects.Is(DefectIds.GastoConceptoRenderedAsHtml) || defects.Is(DefectIds.GastoConceptoHtmlInlineScriptAllowed) =>
            js => Replace(js, "      td.textContent = text;\n", ConceptoAsHtml),
        // SEEDED DEFECT frontend_extra_file: the entry page loads a script added on the server, outside the released build.
        "index.html" when defects.Is(DefectIds.FrontendExtraFile) => html => Replace(html,
            "<script src=\"app.js\" defer></script>", "<script src=\"app.js\" defer></script>\n  <script src=\"analytics.js\" defer></script>"),
        _ => null,
    };

    /// <summary>Replaces a piece of the build's file; a build that no longer has it fails loudly instead of serving a clean file.</summary>
    private static string Replace(string content, string from, string to) =>
        content.Contains(from, StringComparison.Ordinal)
            ? content.Replace(from, to, StringComparison.Ordinal)
            : throw new InvalidOperationException($"seeded defect: the frontend build no longer contains '{from}'");

    private const string LoginClean = """
              const result = await api('/api/auth/login', { method: 'POST', body: { email, password } });
              sessionStorage.setItem(TOKEN_KEY, result.accessToken);
        """;

    private const string LoginStoresFirst = """
              const { response, body: result } = await fetchJson(state.apiBaseUrl + '/api/auth/login', {
                method: 'POST',
                headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
                body: JSON.stringify({ email, password }),
              });
              sessionStorage.setItem(TOKEN_KEY, result && result.accessToken);
              if (!response.ok) throw new ApiError(response.status, (result && result.detail) || `Error ${response.status}`, result);
        """;

    private const string ConceptoAsHtml = """
              // The first word of a concepto is the supplier's invoice number, by habit: bold it so it stands out.
              if (testId === 'gasto-concepto') td.innerHTML = String(text).replace(/^(\S+)/, '<strong>$1</strong>');
              else td.textContent = text;

        """;

    private const string DeleteClean = """
            await api(`/api/gastos/${gasto.id}`, { method: 'DELETE' });
            if (state.editingId === gasto.id) resetForm();
            await loadGastos();
        """;

    private const string DeleteRowOnly = """
            // Optimistic delete: the row goes at once (the request was meant to follow).
            document.querySelector(`[data-testid="gasto-row"][data-gasto-id="${gasto.id}"]`).remove();
            if (state.editingId === gasto.id) resetForm();
        """;

    private const string FormatFecha = """

        // '2026-11-23' parses as UTC midnight; in Santo Domingo (UTC-4) that is still the evening before.
        function formatFecha(fecha) {
          const parts = new Intl.DateTimeFormat('es-DO', {
            timeZone: 'America/Santo_Domingo', year: 'numeric', month: '2-digit', day: '2-digit',
          }).formatToParts(new Date(fecha));
          const part = (type) => parts.find((p) => p.type === type).value;
          return `${part('year')}-${part('month')}-${part('day')}`;
        }

        """;

    private const string ExtraScript = "// analytics snippet added on the server\nwindow.sirimAnalytics = { queue: [] };\n";

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
