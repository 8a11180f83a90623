namespace Sirim.ReferenceTarget.Hosting;

/// <summary>Finds the repository root (the folder holding Sirim.Verification.sln) and the built reference target.</summary>
public static class RepositoryLayout
{
    public const string SolutionFile = "Sirim.Verification.sln";

    public static string FindRoot(string? start = null)
    {
        var fromEnv = Environment.GetEnvironmentVariable("SIRIM_REPO_ROOT");
        if (fromEnv is not null && File.Exists(Path.Combine(fromEnv, SolutionFile))) return Path.GetFullPath(fromEnv);
        foreach (var origin in new[] { start, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = origin is null ? null : new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        throw new HostingException($"could not find the repository root ({SolutionFile}) above {AppContext.BaseDirectory}; set SIRIM_REPO_ROOT.");
    }

    /// <summary>The most recently built Sirim.ReferenceTarget.dll (Debug or Release).</summary>
    public static string FindTargetDll(string root)
    {
        var bin = Path.Combine(root, "target", "Sirim.ReferenceTarget", "bin");
        var candidates = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "Sirim.ReferenceTarget.dll", SearchOption.AllDirectories)
                .Where(p => !p.Contains(Path.DirectorySeparatorChar + "ref" + Path.DirectorySeparatorChar))
                .OrderByDescending(File.GetLastWriteTimeUtc).ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new HostingException($"the reference target is not built (no Sirim.ReferenceTarget.dll under {bin}); run 'dotnet build Sirim.Verification.sln' first.");
    }
}
