using Sirim.Verification.Core.Releases;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Sirim.Verification.E2E.Integrity;

/// <summary>One file as the deployment served it (or did not).</summary>
public sealed record DeployedFile(string Path, string Url, int? Status, long Size, string? Sha256, string? ContentType,
    string? ReferencedBy, string? Error, double Ms)
{
    public bool Served => Status == 200;
    public bool SameOrigin { get; init; } = true;
}

/// <summary>
/// Downloads the deployed frontend: the entry page, every asset it references (recursively through scripts and
/// styles), and every file the manifest lists. Raw bytes are hashed as served (after content decoding). Bounded:
/// at most <see cref="MaxFiles"/> downloads, each with a timeout.
/// </summary>
public sealed class DeployedFrontend(HttpClient http)
{
    public const int MaxFiles = 500;

    public static HttpClient CreateClient(TimeSpan timeout, bool skipTlsVerify)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All };
        if (skipTlsVerify) handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        var client = new HttpClient(handler) { Timeout = timeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Sirim.Verification/1.0");
        return client;
    }

    public async Task<IReadOnlyList<DeployedFile>> DownloadAsync(Uri baseUrl, FrontendManifest manifest, IReadOnlyCollection<string> runtimeFiles,
        CancellationToken ct)
    {
        var root = new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        var files = new Dictionary<string, DeployedFile>(StringComparer.Ordinal);
        var queue = new Queue<(string Path, Uri Url, string? From)>();
        queue.Enqueue((FrontendManifest.EntryPage, root, null));
        // Walk the references from the entry page first (so each file says what referenced it), then fetch whatever
        // manifest file the pages did not reference (it must still be deployed, unchanged).
        var manifestFiles = new Queue<ManifestFile>(manifest.Files);

        while ((queue.Count > 0 || manifestFiles.Count > 0) && files.Count < MaxFiles)
        {
            if (queue.Count == 0)
            {
                var m = manifestFiles.Dequeue();
                queue.Enqueue((m.Path, new Uri(root, m.Path), "manifest"));
            }
            var (path, url, from) = queue.Dequeue();
            if (files.ContainsKey(path) || runtimeFiles.Contains(path)) continue;
            var (file, content) = await FetchAsync(path, url, from, ct).ConfigureAwait(false);
            files[path] = file;
            if (content is null || !file.SameOrigin) continue;
            foreach (var reference in AssetReferences.Find(path, content))
            {
                if (!Uri.TryCreate(url, reference, out var target)) continue;
                var sameOrigin = target.GetLeftPart(UriPartial.Authority) == root.GetLeftPart(UriPartial.Authority) &&
                                 target.AbsolutePath.StartsWith(root.AbsolutePath, StringComparison.Ordinal);
                var targetPath = sameOrigin ? Uri.UnescapeDataString(target.AbsolutePath[root.AbsolutePath.Length..]) : target.GetLeftPart(UriPartial.Path);
                if (targetPath.Length == 0) targetPath = FrontendManifest.EntryPage;
                if (files.ContainsKey(targetPath)) continue;
                if (!sameOrigin)
                {
                    // Another origin is never part of this build: listed, not downloaded.
                    files[targetPath] = new DeployedFile(targetPath, target.ToString(), null, 0, null, null, path, "other origin", 0) { SameOrigin = false };
                    continue;
                }
                queue.Enqueue((targetPath, new Uri(target.GetLeftPart(UriPartial.Path)), path));
            }
        }
        return files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    private async Task<(DeployedFile File, string? Text)> FetchAsync(string path, Uri url, string? from, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var type = response.Content.Headers.ContentType?.MediaType;
            var status = (int)response.StatusCode;
            var isText = type is not null && (type.StartsWith("text/") || type.Contains("javascript") || type.Contains("css") || type.Contains("json"));
            return (new DeployedFile(path, url.ToString(), status, bytes.LongLength, status == 200 ? FrontendManifest.Hash(bytes) : null, type, from, null,
                watch.Elapsed.TotalMilliseconds), status == 200 && isText ? Encoding.UTF8.GetString(bytes) : null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var reason = ex is TaskCanceledException ? $"timed out after {http.Timeout.TotalSeconds:0} s" : ex.Message;
            return (new DeployedFile(path, url.ToString(), null, 0, null, null, from, reason, watch.Elapsed.TotalMilliseconds), null);
        }
    }
}
