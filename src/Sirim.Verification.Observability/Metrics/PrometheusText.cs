using System.Globalization;
using System.Text;

namespace Sirim.Verification.Observability.Metrics;

/// <summary>One sample line: the full metric name (e.g. <c>x_bucket</c>), its labels and its value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var v) ? v : null;
}

/// <summary>A metric family: its name, declared TYPE (untyped when none), HELP and samples (for a histogram: _bucket, _sum, _count).</summary>
public sealed record MetricFamily(string Name, string Type, string? Help, IReadOnlyList<MetricSample> Samples);

/// <summary>A parsed scrape: the families by name, and every line that could not be read (with its line number).</summary>
public sealed record MetricsScrape(IReadOnlyDictionary<string, MetricFamily> Families, IReadOnlyList<string> Errors)
{
    public MetricFamily? Family(string name) => Families.TryGetValue(name, out var f) ? f : null;

    /// <summary>Sum of the samples named exactly <paramref name="sampleName"/>, optionally only those whose label passes <paramref name="filter"/>.</summary>
    public double Sum(string sampleName, Func<MetricSample, bool>? filter = null) =>
        Families.Values.SelectMany(f => f.Samples).Where(s => s.Name == sampleName && (filter?.Invoke(s) ?? true)).Sum(s => s.Value);
}

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/):
/// <c># HELP</c> and <c># TYPE</c> lines, samples <c>name{label="value",…} value [timestamp]</c> with the escapes \\, \" and \n
/// in label values, and the special values NaN, +Inf, -Inf. A sample belongs to the family declared by the last TYPE
/// whose name it extends with _bucket, _sum, _count, _total or _created (or equals). No .NET parser of the format is
/// available as a package here; this one is small and has its own table-driven tests.
/// </summary>
public static class PrometheusText
{
    private static readonly string[] Suffixes = ["_bucket", "_sum", "_count", "_total", "_created"];

    public static MetricsScrape Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, List<MetricSample>>(StringComparer.Ordinal);
        var order = new List<string>();
        var errors = new List<string>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 3 && parts[1] == "TYPE")
                {
                    var type = parts.Length == 4 ? parts[3].Trim() : "";
                    if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        errors.Add($"line {i + 1}: TYPE of {parts[2]} is '{type}'; allowed: counter, gauge, histogram, summary, untyped");
                    else { types[parts[2]] = type; Touch(parts[2]); }
                }
                else if (parts.Length >= 3 && parts[1] == "HELP") { helps[parts[2]] = parts.Length == 4 ? parts[3] : ""; Touch(parts[2]); }
                continue;
            }
            var (sample, error) = ParseSample(line);
            if (sample is null) { errors.Add($"line {i + 1}: {error}: {Cut(line)}"); continue; }
            var family = FamilyOf(sample.Name, types);
            Touch(family);
            samples[family].Add(sample);
        }
        var families = order.ToDictionary(n => n, n => new MetricFamily(n, types.GetValueOrDefault(n, "untyped"), helps.GetValueOrDefault(n), samples[n]), StringComparer.Ordinal);
        return new MetricsScrape(families, errors);

        void Touch(string name)
        {
            if (samples.ContainsKey(name)) return;
            samples[name] = [];
            order.Add(name);
        }
    }

    private static string FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sampleName)) return sampleName;
        foreach (var suffix in Suffixes)
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(sampleName[..^suffix.Length]))
                return sampleName[..^suffix.Length];
        return sampleName;
    }

    /// <summary>One sample line, or why it is not one.</summary>
    public static (MetricSample? Sample, string? Error) ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':')) i++;
        if (i == 0 || char.IsAsciiDigit(line[0])) return (null, "not a metric name");
        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < line.Length && line[i] is ' ' or ',') i++;
                if (i < line.Length && line[i] == '}') { i++; break; }
                var start = i;
                while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_')) i++;
                if (i == start || i >= line.Length || line[i] != '=') return (null, "malformed label name");
                var label = line[start..i];
                i++;
                if (i >= line.Length || line[i] != '"') return (null, $"label {label}: value not quoted");
                i++;
                var value = new StringBuilder();
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', _ => line[i] });
                    }
                    else value.Append(line[i]);
                    i++;
                }
                if (i >= line.Length) return (null, $"label {label}: unterminated value");
                i++;
                labels[label] = value.ToString();
            }
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is 0 or > 2) return (null, "expected a value (and an optional timestamp) after the name and labels");
        if (!TryValue(rest[0], out var number)) return (null, $"'{rest[0]}' is not a number");
        return (new MetricSample(name, labels, number), null);
    }

    private static bool TryValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            case "NaN": value = double.NaN; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string Cut(string line) => line.Length <= 120 ? line : line[..120] + "…";
}
