namespace Sirim.ReferenceTarget.Hosting;

/// <summary>Finds the repository root (the folder holding Sirim.Verification.sln) and the built reference target.</summary>
public static class RepositoryLayout
{
    public static string FindRoot(string? start = null) =>
        Sirim.Verification.Core.RepositoryRoot.TryFind(start)
        ?? throw new HostingException($"could not find the repository root ({Sirim.Verification.Core.RepositoryRoot.SolutionFile}) above {AppContext.BaseDirectory}; set SIRIM_REPO_ROOT.");

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
