using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Core.Findings;

/// <summary>
/// Which severities block a GO (setting <c>blockingSeverities</c>): a finding of another severity is shown and the gate
/// passes ("passed with 3 low findings"). The default blocks every severity, today's strictness.
/// </summary>
public sealed record BlockingSeverities(IReadOnlySet<Severity> Severities)
{
    public const string DefaultText = "critical,high,medium,low";

    public static BlockingSeverities All { get; } = new(new HashSet<Severity>(Enum.GetValues<Severity>()));

    public bool Blocks(Severity severity) => Severities.Contains(severity);

    public override string ToString() =>
        string.Join(",", Severities.OrderByDescending(s => s).Select(s => s.ToString().ToLowerInvariant()));

    /// <summary>Parses "critical,high"; every problem is added to <paramref name="errors"/> in the form "what; reason; what is allowed".</summary>
    public static BlockingSeverities Parse(string? text, string name, ICollection<string> errors)
    {
        var items = (text ?? DefaultText).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var set = new HashSet<Severity>();
        foreach (var item in items)
        {
            if (Enum.TryParse<Severity>(item, ignoreCase: true, out var s) && !int.TryParse(item, out _)) set.Add(s);
            else errors.Add($"{name}: '{item}' is not a severity; allowed: critical, high, medium, low (comma-separated).");
        }
        if (items.Length == 0)
            errors.Add($"{name}: empty; name at least one severity that blocks a GO (critical, high, medium, low), e.g. 'critical,high'.");
        else if (set.Count > 0 && !set.Contains(Severity.Critical))
            errors.Add($"{name}: '{text}' lets critical findings through; a critical finding always blocks: include 'critical'.");
        return new BlockingSeverities(set.Count == 0 ? All.Severities : set);
    }
}
