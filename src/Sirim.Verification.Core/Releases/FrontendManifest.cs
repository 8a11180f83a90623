using System.Security.Cryptography;
using System.Text.Json;

namespace Sirim.Verification.Core.Releases;

/// <summary>One file of a frontend build: path relative to the build root ('/' separators), size in bytes, SHA-256 (hex).</summary>
public sealed record ManifestFile(string Path, long Size, string Sha256);

/// <summary>
/// What the released frontend build contains, file by file (read by the integrity gate and by the supply-chain gate's
/// reproducibility check). Made once from the build folder
/// (<c>sirim-verify frontend-manifest</c>) and compared with what the deployment serves: the frontend is immutable,
/// so any changed, missing or extra file is a finding.
/// </summary>
public sealed record FrontendManifest(string Source, DateTimeOffset CreatedAt, IReadOnlyList<ManifestFile> Files)
{
    public const string EntryPage = "index.html";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public ManifestFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);

    /// <summary>SHA-256 of the whole manifest (files in order): one value that names this build in reports.</summary>
    public string Fingerprint => Hex(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        string.Join("\n", Files.Select(f => $"{f.Path} {f.Size} {f.Sha256}")))));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FrontendManifest Parse(string json) =>
        JsonSerializer.Deserialize<FrontendManifest>(json, Json) is { Files: not null } m
            ? m
            : throw new InvalidDataException("not a frontend manifest (no 'files' array)");

    /// <summary>Every file under <paramref name="directory"/>, except paths in <paramref name="exclude"/> (runtime configuration).</summary>
    public static FrontendManifest FromDirectory(string directory, IEnumerable<string>? exclude = null, DateTimeOffset? now = null)
    {
        var root = System.IO.Path.GetFullPath(directory);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"frontend build folder '{directory}' does not exist");
        var skip = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(full => (full, rel: System.IO.Path.GetRelativePath(root, full).Replace('\\', '/')))
            .Where(x => !skip.Contains(x.rel))
            .OrderBy(x => x.rel, StringComparer.Ordinal)
            .Select(x => new ManifestFile(x.rel, new FileInfo(x.full).Length, Hash(File.ReadAllBytes(x.full))))
            .ToList();
        return new FrontendManifest(directory, now ?? DateTimeOffset.UtcNow, files);
    }

    /// <summary>A manifest JSON file, or a build folder to make one from.</summary>
    public static FrontendManifest Load(string pathOrDirectory, IEnumerable<string>? exclude = null) =>
        Directory.Exists(pathOrDirectory) ? FromDirectory(pathOrDirectory, exclude) : Parse(File.ReadAllText(pathOrDirectory));

    public static string Hash(byte[] content) => Hex(SHA256.HashData(content));

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);
}
