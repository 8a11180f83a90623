using System.Text;
using System.Text.Json;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Evidence;

/// <summary>
/// The evidence folder of one run, <c>reports/&lt;environment&gt;/&lt;runId&gt;/</c>. Everything written through it is
/// redacted first, so no secret reaches a report or an attachment. A file that cannot be written (disk full, folder
/// gone) is reported through <see cref="Warn"/> with its path and the reason, and the run goes on with the other gates;
/// a folder that cannot be written at all is found before the first request by <see cref="FolderProblem"/>.
/// </summary>
public sealed class EvidenceRun
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="warn">Where "could not write" lines go (default: standard error).</param>
    public EvidenceRun(string directory, string environment, string runId, Redactor redactor, Action<string>? warn = null)
    {
        Directory = Path.GetFullPath(directory);
        Environment = environment;
        RunId = runId;
        Redactor = redactor;
        Warn = warn ?? Console.Error.WriteLine;
        // Quietly: a folder that cannot be made is reported once up front (FolderProblem) and then with each file.
        foreach (var folder in new[] { Directory, AllureResultsDirectory, GatesDirectory }) TryCreateDirectory(folder);
    }

    public static EvidenceRun For(TargetOptions options, string repositoryRoot, Action<string>? warn = null) =>
        new(Path.Combine(Path.IsPathRooted(options.ReportsDirectory) ? options.ReportsDirectory : Path.Combine(repositoryRoot, options.ReportsDirectory),
                options.Environment, options.RunId),
            options.Environment, options.RunId, new Redactor(options.SecretValues), warn);

    public string Directory { get; }
    public string Environment { get; }
    public string RunId { get; }
    public Redactor Redactor { get; }
    public Action<string> Warn { get; }
    public string AllureResultsDirectory => Path.Combine(Directory, "allure-results");
    public string GatesDirectory => Path.Combine(Directory, "gates");

    /// <summary>Writes a text file (Markdown, CSV, raw output) under the run folder, redacted; returns its full path.</summary>
    public string WriteText(string relativePath, string content)
    {
        var path = Resolve(relativePath);
        Guard(path, () => File.WriteAllText(path, Redactor.Text(content), new UTF8Encoding(false)));
        return path;
    }

    public string WriteMarkdown(string fileName, MarkdownDocument document) => WriteText(fileName, document.ToString());

    /// <summary>Writes a binary artifact (PNG chart, trace zip). Binary content cannot be redacted: never pass secrets here.</summary>
    public string WriteBytes(string relativePath, byte[] content)
    {
        var path = Resolve(relativePath);
        Guard(path, () => File.WriteAllBytes(path, content));
        return path;
    }

    public void RecordGate(GateSummary summary) =>
        WriteText(Path.Combine("gates", summary.Gate + ".json"), JsonSerializer.Serialize(summary, Json));

    public IReadOnlyList<GateSummary> ReadGates() =>
        !System.IO.Directory.Exists(GatesDirectory) ? [] :
        System.IO.Directory.EnumerateFiles(GatesDirectory, "*.json")
            .Select(f => JsonSerializer.Deserialize<GateSummary>(File.ReadAllText(f), Json))
            .OfType<GateSummary>()
            .ToList();

    /// <summary>
    /// Why the run folder cannot be created and written (checked with a probe file, before anything is sent), in the
    /// form "what; reason; what is allowed"; null when it can.
    /// </summary>
    public static string? FolderProblem(string directory)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, ".write-check-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var setting = SettingsCatalog.ReportsDir;
            return $"{setting.Key} ({setting.EnvironmentVariable}): the evidence folder '{directory}' cannot be created and written; " +
                   $"{BlockingFile(directory) ?? Reason(ex)}; set {setting.EnvironmentVariable} to a folder this user can create and write " +
                   "(the run writes <reportsDir>/<environment>/<runId>/). Nothing was sent to the target.";
        }
    }

    private static void TryCreateDirectory(string folder)
    {
        try { System.IO.Directory.CreateDirectory(folder); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* the write that needs it says why */ }
    }

    /// <summary>"'/x/reports' is a file, not a folder" when a part of the path is a regular file (the system says only "could not find a part of the path").</summary>
    internal static string? BlockingFile(string directory)
    {
        for (var path = Path.GetFullPath(directory); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path)) return $"'{path}' is a file, not a folder";
            if (System.IO.Directory.Exists(path)) return null;
        }
        return null;
    }

    /// <summary>A short reason for a failed write: "permission denied", "no space left on device", or the system's message.</summary>
    public static string Reason(Exception ex, string? path = null) => ex switch
    {
        DirectoryNotFoundException when path is not null && BlockingFile(Path.GetDirectoryName(path)!) is { } file => file,
        UnauthorizedAccessException => "permission denied (" + ex.Message.TrimEnd('.') + ")",
        IOException when (ex.HResult & 0xFFFF) == 28 || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
            => "no space left on device (" + ex.Message.TrimEnd('.') + ")",
        _ => ex.Message.TrimEnd('.'),
    };

    /// <summary>Runs one write of evidence; a failure is reported (which file, why) instead of ending the run.</summary>
    internal void Guard(string path, Action write)
    {
        try { write(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Warn($"[evidence] could not write {path}: {Reason(ex, path)}; the run goes on without it.");
        }
    }

    /// <summary>Full path of a file of this run; production runs use the production evidence names (see <see cref="EvidenceFileNames"/>).</summary>
    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Directory, EvidenceFileNames.For(Environment, relativePath)));

    private string Resolve(string relativePath)
    {
        var path = PathOf(relativePath);
        if (!path.StartsWith(Directory, StringComparison.Ordinal))
            throw new ArgumentException($"Evidence path '{relativePath}' leaves the run folder.");
        TryCreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
