using System.Text.Json;
using Sirim.Verification.Core.Releases;
using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain.Reproducibility;

/// <summary>One file of a build: path relative to the build root ('/' separators), size, SHA-256 (hex).</summary>
public sealed record BuildFile(string Path, long Size, string Sha256);

/// <summary>
/// The files of one frontend build: read from a build folder (each file hashed with SHA-256) or from a manifest written by
/// <c>sirim-verify frontend-manifest</c> (<c>{"files": [{"path", "size", "sha256"}]}</c>).
/// </summary>
public sealed record BuildListing(string Source, IReadOnlyList<BuildFile> Files)
{
    public static BuildListing Load(string pathOrDirectory)
    {
        if (Directory.Exists(pathOrDirectory)) return FromDirectory(pathOrDirectory);
        if (!File.Exists(pathOrDirectory)) throw new FileNotFoundException($"'{pathOrDirectory}' is neither a build folder nor a manifest file");
        return FromManifest(File.ReadAllText(pathOrDirectory), pathOrDirectory);
    }

    /// <summary>Every file of a build folder, hashed as the released build's manifest is (<see cref="FrontendManifest.FromDirectory"/>).</summary>
    public static BuildListing FromDirectory(string directory) =>
        new(directory, FrontendManifest.FromDirectory(directory).Files.Select(f => new BuildFile(f.Path, f.Size, f.Sha256)).ToList());

    public static BuildListing FromManifest(string json, string source)
    {
        using var doc = SbomDocument.ParseJson(json);
        if (doc.RootElement.Prop("files") is not { ValueKind: JsonValueKind.Array } files)
            throw new InvalidDataException($"'{source}' is not a frontend manifest (no \"files\" array; make one with 'sirim-verify frontend-manifest BUILD_DIR')");
        var list = files.EnumerateArray().Select(f => new BuildFile(
                f.Str("path") ?? throw new InvalidDataException($"'{source}': a file entry has no \"path\""),
                f.Prop("size") is { ValueKind: JsonValueKind.Number } s ? s.GetInt64() : -1,
                (f.Str("sha256") ?? throw new InvalidDataException($"'{source}': '{f.Str("path")}' has no \"sha256\"")).ToLowerInvariant()))
            .OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        return new BuildListing(source, list);
    }
}

public enum FileComparison { Identical, Changed, OnlyLeft, OnlyRight }

public sealed record ComparedFile(string Path, FileComparison Result, BuildFile? Left, BuildFile? Right);

/// <summary>Two builds compared file by file with SHA-256: a reproducible build has every file identical.</summary>
public sealed record BuildComparison(BuildListing Left, BuildListing Right, IReadOnlyList<ComparedFile> Files)
{
    public bool Reproducible => Files.All(f => f.Result == FileComparison.Identical);

    public int Count(FileComparison result) => Files.Count(f => f.Result == result);

    public static BuildComparison Compare(BuildListing left, BuildListing right)
    {
        var l = left.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var r = right.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var files = l.Keys.Union(r.Keys).OrderBy(p => p, StringComparer.Ordinal).Select(path =>
        {
            var a = l.GetValueOrDefault(path);
            var b = r.GetValueOrDefault(path);
            var result = a is null ? FileComparison.OnlyRight : b is null ? FileComparison.OnlyLeft
                : a.Sha256.Equals(b.Sha256, StringComparison.OrdinalIgnoreCase) ? FileComparison.Identical : FileComparison.Changed;
            return new ComparedFile(path, result, a, b);
        }).ToList();
        return new BuildComparison(left, right, files);
    }
}
