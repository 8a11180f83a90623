using Sirim.Verification.Core.Releases;
using Sirim.Verification.E2E.Integrity;

namespace Sirim.Verification.Cli;

/// <summary>
/// <c>frontend-manifest</c>: makes the release manifest (path, size, sha256 of every file) from a frontend build folder.
/// <c>frontend-verify</c>: downloads the deployed frontend and compares it with a manifest (exit 1 on any difference).
/// </summary>
public static class FrontendCommand
{
    public const string ManifestUsage = "frontend-manifest BUILD_DIR [--out FILE] [--exclude PATH,...]\n" +
        "    write the release manifest (path, size, sha256) of a frontend build folder as JSON (stdout without --out);\n" +
        "    --exclude: runtime configuration files that are not part of the build (default: config.json)";

    public const string VerifyUsage = "frontend-verify --url FRONTEND_URL --manifest FILE_OR_DIR [--runtime PATH,...] [--insecure] [--timeout SECONDS]\n" +
        "    download the deployed frontend (entry page, every referenced asset, every manifest file) and compare it with\n" +
        "    the manifest; exit 0 when identical, 1 when a file is changed, missing or extra";

    public static Task<int> ManifestAsync(string[] args, CancellationToken ct)
    {
        string? dir = null, output = null;
        var exclude = new List<string> { "config.json" };
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out": output = Next(args, ref i, "--out"); break;
                case "--exclude": exclude = Split(Next(args, ref i, "--exclude")); break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || dir is not null) throw new UsageException($"unexpected argument '{args[i]}'");
                    dir = args[i];
                    break;
            }
        }
        if (dir is null) throw new UsageException("the build folder is missing");
        if (!Directory.Exists(dir)) throw new UsageException($"'{dir}' is not a folder");
        var manifest = FrontendManifest.FromDirectory(dir, exclude);
        if (output is null) Console.WriteLine(manifest.ToJson());
        else
        {
            File.WriteAllText(output, manifest.ToJson() + "\n");
            Console.Error.WriteLine($"frontend-manifest: {manifest.Files.Count} files, {manifest.Files.Sum(f => f.Size)} bytes, fingerprint {manifest.Fingerprint} → {output}");
        }
        return Task.FromResult(0);
    }

    public static async Task<int> VerifyAsync(string[] args, CancellationToken ct)
    {
        string? url = null, manifestPath = null;
        var runtime = new List<string> { "config.json" };
        var insecure = false;
        var timeout = 10;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--url": url = Next(args, ref i, "--url"); break;
                case "--manifest": manifestPath = Next(args, ref i, "--manifest"); break;
                case "--runtime": runtime = Split(Next(args, ref i, "--runtime")); break;
                case "--insecure": insecure = true; break;
                case "--timeout":
                    if (!int.TryParse(Next(args, ref i, "--timeout"), out timeout) || timeout is < 1 or > 300)
                        throw new UsageException("--timeout must be a whole number of seconds from 1 to 300");
                    break;
                default: throw new UsageException($"unexpected argument '{args[i]}'");
            }
        }
        if (url is null || manifestPath is null) throw new UsageException("--url and --manifest are required");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var frontend) || frontend.Scheme is not ("http" or "https"))
            throw new UsageException($"--url '{url}' is not an absolute http(s) URL");
        if (!File.Exists(manifestPath) && !Directory.Exists(manifestPath)) throw new UsageException($"manifest '{manifestPath}' does not exist");

        FrontendManifest manifest;
        try { manifest = FrontendManifest.Load(manifestPath, runtime); }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new UsageException($"'{manifestPath}' is not a frontend manifest: {ex.Message}");
        }
        using var http = DeployedFrontend.CreateClient(TimeSpan.FromSeconds(timeout), insecure);
        var deployed = await new DeployedFrontend(http).DownloadAsync(frontend, manifest, runtime, ct);
        var rows = IntegrityComparison.Compare(manifest, deployed, runtime);
        foreach (var row in rows) Console.WriteLine($"{row.Verdict.ToString().ToUpperInvariant(),-9} {row.Describe()}");
        var bad = rows.Count(r => r.Verdict != FileVerdict.Unchanged);
        Console.WriteLine(bad == 0
            ? $"frontend-verify: {rows.Count} files identical to the manifest (fingerprint {manifest.Fingerprint})"
            : $"frontend-verify: {bad} of {rows.Count} files differ from the manifest");
        return bad == 0 ? 0 : 1;
    }

    private static string Next(string[] args, ref int i, string name) =>
        ++i < args.Length ? args[i] : throw new UsageException($"{name} needs a value");

    private static List<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.TrimStart('/')).ToList();
}
