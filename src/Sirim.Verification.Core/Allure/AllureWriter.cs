using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Allure;

/// <summary>
/// Writes Allure result files into a results folder. Text attachments are redacted; each attachment gets its own
/// file (two attachments sharing one file show as missing in the report).
/// </summary>
public sealed class AllureWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <param name="warn">Where "could not write" lines go (default: standard error); a failed write never ends the run.</param>
    public AllureWriter(string resultsDirectory, Redactor redactor, Action<string>? warn = null)
    {
        ResultsDirectory = resultsDirectory;
        Redactor = redactor;
        _warn = warn ?? Console.Error.WriteLine;
        try { Directory.CreateDirectory(resultsDirectory); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* each write that needs it says why */ }
    }

    private readonly Action<string> _warn;

    public string ResultsDirectory { get; }
    public Redactor Redactor { get; }

    public AllureAttachment AttachText(string name, string content, string mimeType = "text/plain", string extension = "txt") =>
        AttachBytes(name, new UTF8Encoding(false).GetBytes(Redactor.Text(content)), mimeType, extension);

    /// <summary>Binary attachments (screenshots, traces) are written as given: they must not contain secrets.</summary>
    public AllureAttachment AttachBytes(string name, byte[] content, string mimeType, string extension)
    {
        var source = $"{Guid.NewGuid():N}-attachment.{extension.TrimStart('.')}";
        var path = Path.Combine(ResultsDirectory, source);
        Guard(path, () => File.WriteAllBytes(path, content));
        return new AllureAttachment(name, source, mimeType);
    }

    public AllureAttachment AttachFile(string name, string path, string mimeType)
    {
        var extension = Path.GetExtension(path).TrimStart('.');
        var isText = mimeType.StartsWith("text/", StringComparison.Ordinal) || mimeType.Contains("json") || mimeType.Contains("csv");
        return isText
            ? AttachText(name, File.ReadAllText(path), mimeType, extension)
            : AttachBytes(name, File.ReadAllBytes(path), mimeType, extension);
    }

    public AllureAttachment AttachExchange(HttpExchange exchange, string? name = null) =>
        AttachText(name ?? $"{exchange.Request.Method} {exchange.Request.Url.PathAndQuery} → {exchange.Status?.ToString() ?? "no response"}",
            exchange.ToRawText(Redactor) + "\n# reproduce\n" + exchange.ToCurl(Redactor));

    public void WriteResult(AllureResult result)
    {
        var redacted = result with
        {
            StatusDetails = result.StatusDetails with
            {
                Message = result.StatusDetails.Message is null ? null : Redactor.Text(result.StatusDetails.Message),
                Trace = result.StatusDetails.Trace is null ? null : Redactor.Text(result.StatusDetails.Trace),
            },
            Parameters = result.Parameters.Select(p => p with { Value = Redactor.Text(p.Value) }).ToList(),
        };
        var path = Path.Combine(ResultsDirectory, $"{result.Uuid}-result.json");
        Guard(path, () => File.WriteAllText(path, JsonSerializer.Serialize(redacted, Json), new UTF8Encoding(false)));
    }

    public void WriteEnvironment(IEnumerable<(string Key, string Value)> properties)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in properties)
            sb.Append(Escape(key.Replace(' ', '_'))).Append(" = ").Append(Escape(Redactor.Text(value))).Append('\n');
        Write("environment.properties", sb.ToString());
    }

    public void WriteExecutor(AllureExecutor executor) => Write("executor.json", JsonSerializer.Serialize(executor, Json));

    public void WriteCategories(IEnumerable<AllureCategory> categories) => Write("categories.json", JsonSerializer.Serialize(categories, Json));

    private void Write(string fileName, string content)
    {
        var path = Path.Combine(ResultsDirectory, fileName);
        Guard(path, () => File.WriteAllText(path, content, new UTF8Encoding(false)));
    }

    private void Guard(string path, Action write)
    {
        try { write(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _warn($"[evidence] could not write {path}: {Evidence.EvidenceRun.Reason(ex, path)}; the run goes on without it.");
        }
    }

    /// <summary>Categories that separate product defects from problems of the run itself.</summary>
    public static IReadOnlyList<AllureCategory> DefaultCategories { get; } =
    [
        new("Target unreachable", [AllureStatus.Failed, AllureStatus.Broken], "(?s).*(target is unreachable|no response:|Connection refused|timed out).*"),
        new("Configuration problem", [AllureStatus.Failed, AllureStatus.Broken], "(?s).*(configuration is not valid|is missing:|not allowed for load).*"),
        new("Not run (precondition)", [AllureStatus.Skipped]),
        new("Product defect", [AllureStatus.Failed]),
        new("Broken test", [AllureStatus.Broken]),
    ];

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("=", "\\=").Replace(":", "\\:");
}
