using System.Text.RegularExpressions;

namespace Sirim.Verification.PreGates;

/// <summary>The variable names of one environment file or listing; values are dropped while reading.</summary>
public sealed record EnvNames(IReadOnlyList<string> Names, IReadOnlyList<string> Problems);

/// <summary>
/// Reads variable NAMES from an environment file or listing: <c>.env</c> lines (<c>NAME=value</c>, <c>export NAME=value</c>),
/// <c>printenv</c>/<c>env</c> output, <c>NAME: value</c> listings (YAML-like, Kubernetes ConfigMap data), or one name per line.
/// Comments (#) and blank lines are skipped; a quoted value spanning lines is skipped whole. Values are never kept, and a
/// problem names only the line number, since the line may hold a value.
/// </summary>
public static partial class EnvListing
{
    public static EnvNames Parse(string text)
    {
        var names = new List<string>();
        var problems = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        char? openQuote = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (openQuote is { } q)
            {
                if (line.Contains(q)) openQuote = null; // closing quote of a multi-line value
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#') || line == "---") continue;
            var m = EntryPattern().Match(line);
            if (!m.Success)
            {
                problems.Add($"line {i + 1}: not NAME=value, NAME: value or NAME (content not shown: it may hold a value)");
                continue;
            }
            var name = m.Groups["name"].Value;
            if (!names.Contains(name)) names.Add(name);
            var value = m.Groups["value"].Value.TrimStart();
            if (value.Length > 0 && value[0] is '"' or '\'' && value.IndexOf(value[0], 1) < 0) openQuote = value[0];
        }
        if (openQuote is not null) problems.Add("a quoted value is not closed before the end of the file");
        return new EnvNames(names, problems);
    }

    public static EnvNames ReadFile(string path) => Parse(File.ReadAllText(path));

    [GeneratedRegex(@"^(?:export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_.\-]*)\s*(?:(?:=|:)(?<value>.*))?$")]
    private static partial Regex EntryPattern();
}
