using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Sirim.Verification.Smoke.Tests.Ci;

/// <summary>A file of the pipeline that was published, and whether it is published even when the smoke fails.</summary>
public sealed record PublishedPath(string Path, bool EvenOnFailure);

/// <summary>A mapping entry whose key is a secret setting's environment variable (e.g. SIRIM_PASSWORD: ${{ secrets.SIRIM_PASSWORD }}).</summary>
public sealed record SecretMapping(string Where, string Name, string Value);

/// <summary>
/// What a scheduled smoke pipeline file says, read from its parsed YAML into one shape for both CI systems, with every
/// path expanded through the pipeline's own variables so the files it writes and the files it publishes can be compared.
/// </summary>
public sealed record SmokePipeline(
    string File,
    IReadOnlyList<string> Crons,
    bool ManualTrigger,
    IReadOnlyList<string> Environments,
    string TestCommand,
    double? TestTimeoutMinutes,
    string EvidenceFolder,
    string JunitFile,
    IReadOnlyList<PublishedPath> Published,
    IReadOnlyList<PublishedPath> AllureReportRuns,
    IReadOnlyList<SecretMapping> SecretMappings,
    Func<string, string> StoreReference,
    IReadOnlyList<string> SmokeStepSecretNames,
    IReadOnlyList<string> Scripts,
    IReadOnlyList<string> SecretsOutsideTheStore);

/// <summary>Small helpers over YamlDotNet's representation model.</summary>
public static partial class Yaml
{
    public static YamlMappingNode LoadFile(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(System.IO.File.ReadAllText(path));
        stream.Load(reader);
        Assert.That(stream.Documents, Has.Count.EqualTo(1), $"{path}: one YAML document");
        return stream.Documents[0].RootNode as YamlMappingNode ?? throw new AssertionException($"{path}: the root is not a mapping");
    }

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    public static string? Text(this YamlNode? node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode s ? s.Children : [];

    public static IEnumerable<(string Key, string Value)> Pairs(this YamlNode? node) => node is YamlMappingNode m
        ? m.Children.Where(c => c.Key is YamlScalarNode && c.Value is YamlScalarNode)
            .Select(c => (((YamlScalarNode)c.Key).Value!, ((YamlScalarNode)c.Value).Value ?? ""))
        : [];

    /// <summary>Every mapping entry with a scalar value anywhere in the document, with its path.</summary>
    public static IEnumerable<(string Path, string Key, string Value)> AllScalarEntries(YamlNode node, string path = "")
    {
        switch (node)
        {
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? "?";
                    if (v is YamlScalarNode s) yield return ($"{path}/{key}", key, s.Value ?? "");
                    else foreach (var e in AllScalarEntries(v, $"{path}/{key}")) yield return e;
                }
                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                    if (seq.Children[i] is YamlScalarNode s) yield return ($"{path}[{i}]", "", s.Value ?? "");
                    else foreach (var e in AllScalarEntries(seq.Children[i], $"{path}[{i}]")) yield return e;
                break;
        }
    }

    /// <summary>Replaces every known variable reference (in any of <paramref name="syntaxes"/>) by its value until nothing changes.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> variables, IReadOnlyList<Regex> syntaxes, IReadOnlyList<string> dropPrefixes)
    {
        for (var round = 0; round < 8; round++)
        {
            var before = text;
            foreach (var syntax in syntaxes)
                text = syntax.Replace(text, m => variables.TryGetValue(m.Groups["name"].Value, out var v) ? v : m.Value);
            foreach (var prefix in dropPrefixes) text = text.Replace(prefix, "");
            text = text.Trim('"', ' ');
            if (text == before) break;
        }
        return text;
    }

    /// <summary>The path given to the JUnit logger (--logger "junit;LogFilePath=…").</summary>
    public static string JunitLogFilePath(string command)
    {
        var m = JunitLogger().Match(command);
        Assert.That(m.Success, $"the test command writes JUnit results (--logger \"junit;LogFilePath=…\"): {command}");
        return m.Groups["path"].Value;
    }

    [GeneratedRegex("""junit;LogFilePath=(?<path>[^"\s]+)""")]
    private static partial Regex JunitLogger();
}
