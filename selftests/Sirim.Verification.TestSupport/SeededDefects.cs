using System.Text.Json;
using Sirim.Verification.Core;

namespace Sirim.Verification.TestSupport;

/// <summary>One entry of the reference target's seeded-defect catalogue (target/Sirim.ReferenceTarget/defects.json).</summary>
public sealed record SeededDefect(string Id, string Gate, string Breaks, string CaughtBy);

/// <summary>The reference target's seeded-defect catalogue, read from the committed file the target itself loads.</summary>
public static class SeededDefects
{
    public static IReadOnlyList<SeededDefect> All()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "target", "Sirim.ReferenceTarget", "defects.json")));
        return doc.RootElement.EnumerateArray().Select(e => new SeededDefect(
            e.GetProperty("id").GetString()!, e.GetProperty("gate").GetString()!,
            e.GetProperty("breaks").GetString()!, e.GetProperty("caughtBy").GetString()!)).ToList();
    }

    public static IEnumerable<SeededDefect> OfGate(params string[] gates) => All().Where(d => gates.Contains(d.Gate));

    public static SeededDefect Get(string id) => All().Single(d => d.Id == id);
}
