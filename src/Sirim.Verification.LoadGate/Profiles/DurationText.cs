using System.Globalization;
using System.Text.RegularExpressions;

namespace Sirim.Verification.LoadGate.Profiles;

/// <summary>Durations as written in profiles: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1m30s</c>, <c>1h</c> (k6 style).</summary>
public static partial class DurationText
{
    public const string Allowed = "a number with a unit, e.g. 500ms, 30s, 5m, 1m30s, 1h";

    /// <summary>Parses <paramref name="text"/>; returns null and an error in words when it is not a duration.</summary>
    public static TimeSpan? Parse(string? text, string field, List<string> errors)
    {
        var raw = text?.Trim() ?? "";
        var match = Pattern().Match(raw);
        if (raw.Length == 0 || !match.Success)
        {
            errors.Add($"{field}: '{raw}' is not a duration; write {Allowed}");
            return null;
        }
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['h', 'm', 's']);
            var number = double.Parse(part.Value[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            total += part.Value[unitStart..] switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                _ => TimeSpan.FromMilliseconds(number),
            };
        }
        return total;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|h|m|s))+$")]
    private static partial Regex Pattern();
}
