using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Sirim.ReferenceTarget.Configuration;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// The frontend: the profile's static build (<see cref="FrontendBuild"/>), plus <c>/config.json</c> (deployment
/// configuration: where the API is), generated per process. Standard profile: an origin of its own (its own port);
/// a profile with the frontend on the API origin serves it there, for every path that is not the API's.
/// Missing files are 404 problem+json; other methods than GET/HEAD are 405.
/// </summary>
public static class FrontendSite
{
    public static string Root => FrontendBuild.StandardRoot;

    private const string FrontendRequest = "sirim.frontend-request";

    /// <summary>Whether this request is the frontend's: by local port, or (frontend on the API origin) marked by its branch.</summary>
    public static bool IsFrontendRequest(HttpContext context, ReferenceTargetOptions options) =>
        options.Profile.FrontendOnApiOrigin
            ? context.Items.ContainsKey(FrontendRequest)
            : context.Connection.LocalPort == options.FrontendUrl.Port;

    /// <summary>With the frontend on the API origin: the paths the API keeps (/api/..., health, metrics, the contract); the rest is the frontend's.</summary>
    public static bool IsApiPath(PathString path, ConventionProfile profile) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments(profile.LivenessPath)
        || path.StartsWithSegments(profile.ReadinessPath) || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments(profile.ContractPath);

    public static void Configure(IApplicationBuilder site, ReferenceTargetOptions options, ILogger logger)
    {
        // The profile's build: the frontend as built, or (alt) the derived copy Program.cs wrote at start.
        var root = FrontendBuild.Root(options.Profile);
        if (root != FrontendBuild.StandardRoot)
            logger.LogInformation("frontend: profile {Profile} build served from {Root}", options.Profile.Name, root);
        var files = new PhysicalFileProvider(root);
        var defects = site.ApplicationServices.GetRequiredService<Defects.ActiveDefects>();
        // Per request: the seeded defect of a running process may change (the project's own tests switch it).
        string ConfigJson() => JsonSerializer.Serialize(new { apiBaseUrl = FrontendDefects.ConfigApiBaseUrl(options, defects) });

        // version.json belongs to the build; when this process is told it runs another release, it serves that
        // release's version instead, as a build of that release would.
        var buildVersion = ReadBuildVersion();
        var versionJson = buildVersion == options.Version ? null : JsonSerializer.Serialize(new { version = options.Version });
        if (versionJson is not null)
            logger.LogInformation("frontend version.json: build {BuildVersion}, serving release {Version}", buildVersion ?? "unknown", options.Version);

        site.Use(async (context, next) =>
        {
            context.Items[FrontendRequest] = true;
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
                await context.Response.WriteAsync(path == "/config.json" ? ConfigJson() : versionJson!, context.RequestAborted);
                return;
            }
            if (await FrontendDefects.ServeAlteredFileAsync(context, defects, FrontendBuild.StandardRoot,
                    (file, content) => FrontendBuild.Transform(options.Profile, file, content))) return;
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
