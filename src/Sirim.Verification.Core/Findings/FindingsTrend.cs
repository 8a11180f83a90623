using System.Text.Json;
using System.Text.Json.Serialization;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Core.Findings;

/// <summary>One line of findings.json: nothing in it depends on the run (no run id, time or id the run created).</summary>
public sealed record FindingRecord(string CheckId, string Gate, string Subject, FindingKind Kind, Severity Severity, string Fingerprint)
{
    public static FindingRecord Of(Finding f) => new(f.CheckId, f.Gate, Finding.StableSubject(f.Subject), f.Kind, f.Severity, f.Fingerprint);
}

/// <summary>Findings that appeared, disappeared or stayed since the previous run.</summary>
public sealed record FindingsTrend(string PreviousRun, IReadOnlyList<FindingRecord> New, IReadOnlyList<FindingRecord> Gone, IReadOnlyList<FindingRecord> Persisting)
{
    public const string FileName = "findings.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The findings of a run, one per fingerprint, in a stable order (two runs with the same findings write the same file).</summary>
    public static string Serialize(IEnumerable<Finding> findings) =>
        JsonSerializer.Serialize(findings.Select(FindingRecord.Of).DistinctBy(r => r.Fingerprint)
            .OrderBy(r => r.Gate, StringComparer.Ordinal).ThenBy(r => r.CheckId, StringComparer.Ordinal).ThenBy(r => r.Fingerprint, StringComparer.Ordinal).ToList(), Json);

    public static IReadOnlyList<FindingRecord> Read(string path) =>
        JsonSerializer.Deserialize<List<FindingRecord>>(File.ReadAllText(path), Json) ?? [];

    public static FindingsTrend Compare(string previousRun, IReadOnlyList<FindingRecord> previous, IReadOnlyList<FindingRecord> current)
    {
        var before = previous.Select(p => p.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var now = current.Select(p => p.Fingerprint).ToHashSet(StringComparer.Ordinal);
        return new FindingsTrend(previousRun,
            current.Where(c => !before.Contains(c.Fingerprint)).ToList(),
            previous.Where(p => !now.Contains(p.Fingerprint)).ToList(),
            current.Where(c => before.Contains(c.Fingerprint)).ToList());
    }

    /// <summary>
    /// The previous run's folder: <paramref name="configured"/> (setting previousRunDir) when set, otherwise the latest
    /// earlier run (by name: run ids are UTC timestamps) beside <paramref name="currentRunDir"/> that wrote findings.json.
    /// </summary>
    public static string? FindPreviousRun(string currentRunDir, string? configured)
    {
        if (configured is { Length: > 0 }) return configured;
        var current = Path.GetFullPath(currentRunDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(current);
        if (parent is null || !Directory.Exists(parent)) return null;
        var name = Path.GetFileName(current);
        return Directory.EnumerateDirectories(parent)
            .Where(d => string.CompareOrdinal(Path.GetFileName(d), name) < 0 && File.Exists(Path.Combine(d, FileName)))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .LastOrDefault();
    }

    /// <summary>
    /// Copies the previous run's <c>allure-report/history</c> into this run's <c>allure-results/history</c>, so the
    /// report's Trend panel shows the runs before (Allure 2 "history"). Returns what was done, for the console.
    /// </summary>
    public static string CopyAllureHistory(string previousRunDir, string allureResultsDir)
    {
        var source = Path.Combine(previousRunDir, "allure-report", "history");
        if (!Directory.Exists(source)) return $"no Allure history in {previousRunDir} (allure-report/history)";
        var target = Path.Combine(allureResultsDir, "history");
        Directory.CreateDirectory(target);
        var copied = 0;
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            copied++;
        }
        return $"Allure history: {copied} file(s) from {source}";
    }
}
