namespace Sirim.Verification.Core;

/// <summary>Finds the repository root (the folder holding Sirim.Verification.sln); relative paths in settings are resolved from it.</summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "Sirim.Verification.sln";

    public static string? TryFind(string? start = null)
    {
        var fromEnv = Environment.GetEnvironmentVariable("SIRIM_REPO_ROOT");
        if (fromEnv is not null && File.Exists(Path.Combine(fromEnv, SolutionFile))) return Path.GetFullPath(fromEnv);
        foreach (var origin in new[] { start, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = origin is null ? null : new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        return null;
    }

    public static string Find(string? start = null) => TryFind(start)
        ?? throw new InvalidOperationException($"could not find the repository root ({SolutionFile}) above {AppContext.BaseDirectory}; set SIRIM_REPO_ROOT.");
}
