using System.Globalization;

namespace Sirim.Verification.Core.Configuration;

/// <summary>
/// Typed reads of the suite's settings for one options factory. Each accessor reads the resolved value (environment,
/// then runsettings, then the default), checks it and, when it is not allowed, adds one error in the form
/// "what; reason; what is allowed" (<c>key (ENV_VAR): 'value' is not …</c>) to the errors it collects, and returns a
/// safe stand-in, so a factory lists every problem at once. Nothing here reads the environment by itself.
/// </summary>
public sealed class SettingsReader
{
    private readonly Func<SettingDefinition, string?> _value;
    private readonly ICollection<string> _errors;
    private readonly string _end;

    /// <param name="value">The resolved value of a setting (null when unset).</param>
    /// <param name="errors">Where the errors go (the factory's list).</param>
    /// <param name="end">How an error message ends ("." for the target options and most gates; "" where the gate's messages end without one).</param>
    public SettingsReader(Func<SettingDefinition, string?> value, ICollection<string> errors, string end = ".")
    {
        _value = value;
        _errors = errors;
        _end = end;
    }

    /// <summary>A reader over the settings the target options resolved.</summary>
    public static SettingsReader For(TargetOptions target, ICollection<string> errors, string end = ".") => new(target.Setting, errors, end);

    /// <summary>How every message names a setting: its runsettings key and its environment variable.</summary>
    public static string Name(SettingDefinition d) => $"{d.Key} ({d.EnvironmentVariable})";

    /// <summary>The errors collected so far.</summary>
    public int ErrorCount => _errors.Count;

    /// <summary>The resolved value, or null when the setting is unset (a computed default such as "{apiBaseUrl}/…" is unset too).</summary>
    public string? Value(SettingDefinition d) => _value(d);

    /// <summary>The resolved value, else the setting's default, else "".</summary>
    public string Text(SettingDefinition d) => _value(d) ?? d.Default ?? "";

    /// <summary>The comma-separated items of the value (or of the default), trimmed, empty items dropped.</summary>
    public IReadOnlyList<string> List(SettingDefinition d, string? fallback = null) =>
        (_value(d) ?? fallback ?? d.Default ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Adds an error about <paramref name="d"/>: "<c>key (ENV): </c>" and the message.</summary>
    public void Error(SettingDefinition d, string message) => _errors.Add($"{Name(d)}: {message}");

    /// <summary>Adds an error as written (it names what it is about itself).</summary>
    public void Error(string message) => _errors.Add(message);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="what"/> says what it counts.</summary>
    public int Int(SettingDefinition d, int min, int max, string? what = null, bool orDefault = true, string? unit = null) =>
        (int)Long(d, min, max, what, orDefault, unit);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="what"/> says what it counts.</summary>
    /// <param name="orDefault">An unset value reads the setting's default (false: an unset value is itself the error).</param>
    /// <param name="unit">The unit the number is in when the message names it ("seconds": "a whole number of seconds from …").</param>
    public long Long(SettingDefinition d, long min, long max, string? what = null, bool orDefault = true, string? unit = null)
    {
        var raw = orDefault ? _value(d) ?? d.Default : _value(d);
        return Long(raw, d, min, max, what, unit);
    }

    /// <summary>Checks a value already read (for a setting whose unset value means something else).</summary>
    public long Long(string? raw, SettingDefinition d, long min, long max, string? what = null, string? unit = null)
    {
        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        _errors.Add($"{Name(d)}: '{raw}' is not a whole number{(unit is null ? "" : " of " + unit)} from {min} to {max}" +
                    (what is null ? "" : $" ({what})") + _end);
        return min;
    }

    /// <summary>true or false (case-insensitive).</summary>
    public bool Bool(SettingDefinition d, bool orDefault = true)
    {
        var raw = orDefault ? _value(d) ?? d.Default : _value(d);
        if (bool.TryParse(raw, out var value)) return value;
        _errors.Add($"{Name(d)}: '{raw}' is not true or false{_end}");
        return false;
    }
}
