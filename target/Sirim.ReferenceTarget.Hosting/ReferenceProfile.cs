namespace Sirim.ReferenceTarget.Hosting;

/// <summary>
/// A convention profile of the reference target as the hosting sees it (the target itself defines what each profile
/// serves; see target/README.md): its name (SIRIM_REF_PROFILE), where liveness answers, and whether the frontend
/// shares the API origin.
/// </summary>
public sealed record ReferenceProfile(string Name, string LivenessPath, bool FrontendOnApiOrigin)
{
    public static readonly ReferenceProfile Standard = new("standard", "/healthz", FrontendOnApiOrigin: false);
    public static readonly ReferenceProfile Alt = new("alt", "/health", FrontendOnApiOrigin: true);

    public static IReadOnlyList<ReferenceProfile> All { get; } = [Standard, Alt];

    /// <summary>The profile called <paramref name="name"/> (empty: standard); an unknown name is a <see cref="HostingException"/>.</summary>
    public static ReferenceProfile Parse(string? name) => string.IsNullOrWhiteSpace(name)
        ? Standard
        : All.FirstOrDefault(p => p.Name == name.Trim())
          ?? throw new HostingException($"'{name.Trim()}' is not a profile of the reference target; use {string.Join(" or ", All.Select(p => p.Name))}");
}
