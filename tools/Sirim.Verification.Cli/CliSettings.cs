using System.Xml.Linq;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Cli;

/// <summary>
/// Settings for commands that run outside the NUnit suite: command-line options first (as if they were environment
/// variables), then the process environment, then a .runsettings file's TestRunParameters (--settings), then defaults,
/// the same precedence the suite uses. Secrets still come from the environment only.
/// </summary>
public sealed class CliSettings
{
    private readonly Dictionary<string, string> _overrides;
    private readonly Dictionary<string, string> _runSettings;

    public CliSettings(Dictionary<string, string> overrides, string? runSettingsFile)
    {
        _overrides = overrides;
        _runSettings = runSettingsFile is null ? [] : ReadRunSettings(runSettingsFile);
    }

    public SettingsSource Source => new(
        name => _overrides.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name),
        key => _runSettings.GetValueOrDefault(key));

    public string Get(SettingDefinition d) => Source.Get(d) ?? "";

    /// <summary>
    /// The run folder reports/&lt;environment&gt;/&lt;runId&gt;/ (the suite's, when SIRIM_RUN_ID names the same run), checked
    /// writable: open it before sending anything.
    /// </summary>
    public EvidenceRun OpenRun(IEnumerable<string> extraSecretValues)
    {
        var root = RepositoryRoot.TryFind() ?? Directory.GetCurrentDirectory();
        var environment = Get(SettingsCatalog.Environment);
        var runId = Source.Get(SettingsCatalog.RunId) ?? DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'");
        foreach (var (label, value) in new[] { ("environment", environment), ("run id", runId) })
            if (value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new UsageException($"the {label} '{value}' may contain only letters, digits, '-' and '_' (it names a folder)");
        var reports = Get(SettingsCatalog.ReportsDir);
        var reportsRoot = Path.IsPathRooted(reports) ? reports : Path.Combine(root, reports);
        var secrets = SettingsCatalog.All.Where(s => s.IsSecret).Select(s => Source.Get(s)).OfType<string>().Concat(extraSecretValues);
        var directory = Path.Combine(reportsRoot, environment, runId);
        if (EvidenceRun.FolderProblem(directory) is { } problem) throw new UsageException(problem);
        return new EvidenceRun(directory, environment, runId, new Redactor(secrets));
    }

    /// <summary>Records a gate summary and re-renders go_no_go.md from every gate recorded in the run folder.</summary>
    public string RecordAndRenderGoNoGo(EvidenceRun run, GateSummary summary, TargetOptions? options)
    {
        run.RecordGate(summary);
        var gates = run.ReadGates();
        var required = options?.RequiredGates
            ?? Get(SettingsCatalog.RequiredGates).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parameters = SettingsCatalog.All.Select(d => Source.Resolve(d))
            .Select(s => ($"{s.Definition.Key} ({s.Definition.EnvironmentVariable})", $"{s.Display} [{s.Origin}]")).ToList();
        return run.WriteMarkdown(GoNoGoReport.FileName, GoNoGoReport.Render(run, gates, required, parameters, TargetOptionsLoader.KnownGates));
    }

    private static Dictionary<string, string> ReadRunSettings(string file)
    {
        if (!File.Exists(file)) throw new UsageException($"settings file '{file}' does not exist");
        try
        {
            return XDocument.Load(file).Descendants("TestRunParameters").Elements("Parameter")
                .Where(p => p.Attribute("name") is not null && p.Attribute("value") is not null)
                .GroupBy(p => (string)p.Attribute("name")!)
                .ToDictionary(g => g.Key, g => (string)g.Last().Attribute("value")!);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new UsageException($"settings file '{file}' is not valid XML: {ex.Message}");
        }
    }
}

/// <summary>A tiny option reader: --name value pairs, each allowed name declared up front.</summary>
public static class Options
{
    public static Dictionary<string, string> Parse(string[] args, params string[] allowed)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!allowed.Contains(a)) throw new UsageException($"unexpected argument '{a}'");
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"{a} needs a value");
            result[a] = args[++i];
        }
        return result;
    }
}
