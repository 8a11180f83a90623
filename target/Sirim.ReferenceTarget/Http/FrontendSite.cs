using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Sirim.ReferenceTarget.Configuration;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// The frontend origin: the static build from the <c>frontend</c> folder next to the dll, plus
/// <c>/config.json</c> (deployment configuration: where the API is), generated per process.
/// Missing files are 404 problem+json; other methods than GET/HEAD are 405.
/// </summary>
public static class FrontendSite
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "frontend");

    public static void Configure(IApplicationBuilder site, ReferenceTargetOptions options, ILogger logger)
    {
        var files = new PhysicalFileProvider(Root);
        var defects = site.ApplicationServices.GetRequiredService<Defects.ActiveDefects>();
        var configJson = JsonSerializer.Serialize(new { apiBaseUrl = FrontendDefects.ConfigApiBaseUrl(options, defects) });

        // version.json belongs to the build; when this process is told it runs another release, it serves that
        // release's version instead, as a build of that release would.
        var buildVersion = ReadBuildVersion();
        var versionJson = buildVersion == options.Version ? null : JsonSerializer.Serialize(new { version = options.Version });
        if (versionJson is not null)
            logger.LogInformation("frontend version.json: build {BuildVersion}, serving release {Version}", buildVersion ?? "unknown", options.Version);

        site.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            {
                context.Response.Headers.Allow = "GET, HEAD";
                await Problems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed,
                    "The frontend serves files only; use GET.");
                return;
            }
            var path = context.Request.Path.Value;
            if (path == "/config.json" || (path == "/version.json" && versionJson is not null))
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.WriteAsync(path == "/config.json" ? configJson : versionJson!, context.RequestAborted);
                return;
            }
            if (await FrontendDefects.ServeAlteredFileAsync(context, defects, Root)) return;
            await next(context);
        });
        site.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        site.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Revalidate every time (ETag): a new release must be visible at once, and the suite compares files.
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
        site.Run(context => Problems.WriteAsync(context, StatusCodes.Status404NotFound,
            "No file exists at this path of the frontend."));
    }

    private static string? ReadBuildVersion()
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "version.json")));
            return doc.RootElement.GetProperty("version").GetString();
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
