using System.Text;
using System.Text.Json;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Evidence;

/// <summary>
/// The evidence folder of one run, <c>reports/&lt;environment&gt;/&lt;runId&gt;/</c>. Everything written through it is
/// redacted first, so no secret reaches a report or an attachment.
/// </summary>
public sealed class EvidenceRun
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public EvidenceRun(string directory, string environment, string runId, Redactor redactor)
    {
        Directory = Path.GetFullPath(directory);
        Environment = environment;
        RunId = runId;
        Redactor = redactor;
        System.IO.Directory.CreateDirectory(Directory);
        System.IO.Directory.CreateDirectory(AllureResultsDirectory);
        System.IO.Directory.CreateDirectory(GatesDirectory);
    }

    public static EvidenceRun For(TargetOptions options, string repositoryRoot) =>
        new(Path.Combine(Path.IsPathRooted(options.ReportsDirectory) ? options.ReportsDirectory : Path.Combine(repositoryRoot, options.ReportsDirectory),
                options.Environment, options.RunId),
            options.Environment, options.RunId, new Redactor(options.SecretValues));

    public string Directory { get; }
    public string Environment { get; }
    public string RunId { get; }
    public Redactor Redactor { get; }
    public string AllureResultsDirectory => Path.Combine(Directory, "allure-results");
    public string GatesDirectory => Path.Combine(Directory, "gates");

    /// <summary>Writes a text file (Markdown, CSV, raw output) under the run folder, redacted; returns its full path.</summary>
    public string WriteText(string relativePath, string content)
    {
        var path = Resolve(relativePath);
        File.WriteAllText(path, Redactor.Text(content), new UTF8Encoding(false));
        return path;
    }

    public string WriteMarkdown(string fileName, MarkdownDocument document) => WriteText(fileName, document.ToString());

    /// <summary>Writes a binary artifact (PNG chart, trace zip). Binary content cannot be redacted: never pass secrets here.</summary>
    public string WriteBytes(string relativePath, byte[] content)
    {
        var path = Resolve(relativePath);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void RecordGate(GateSummary summary) =>
        WriteText(Path.Combine("gates", summary.Gate + ".json"), JsonSerializer.Serialize(summary, Json));

    public IReadOnlyList<GateSummary> ReadGates() =>
        System.IO.Directory.EnumerateFiles(GatesDirectory, "*.json")
            .Select(f => JsonSerializer.Deserialize<GateSummary>(File.ReadAllText(f), Json))
            .OfType<GateSummary>()
            .ToList();

    /// <summary>Full path of a file of this run; production runs use the production evidence names (see <see cref="EvidenceFileNames"/>).</summary>
    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Directory, EvidenceFileNames.For(Environment, relativePath)));

    private string Resolve(string relativePath)
    {
        var path = PathOf(relativePath);
        if (!path.StartsWith(Directory, StringComparison.Ordinal))
            throw new ArgumentException($"Evidence path '{relativePath}' leaves the run folder.");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
