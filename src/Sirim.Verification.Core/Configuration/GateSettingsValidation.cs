namespace Sirim.Verification.Core.Configuration;

/// <summary>
/// One gate's settings check, run before the first request of the run: the gate's own options factory applied to the
/// target options, returning every configuration error (none when the settings are good, and none when the gate will
/// not run for a legitimate reason such as no canary URL, no monitoring connection or a host not allowed for load:
/// the gate reports that itself as NOT RUN).
/// </summary>
public sealed record GateSettingsValidator(string Gate, Func<TargetOptions, IEnumerable<string>> Errors);

/// <summary>
/// Checks every gate's settings together with the target options, so that a bad budget, rule or profile is found
/// before any gate sends traffic, and all problems are listed in one report (<see cref="LoadedOptions.ErrorReport"/>).
/// </summary>
public static class GateSettingsValidation
{
    /// <summary>
    /// The loaded configuration with every gate's errors added (each prefixed with its gate and passed through the
    /// configuration's redactor); its <see cref="LoadedOptions.Options"/> is null when any error was found.
    /// </summary>
    public static LoadedOptions ValidateGates(this LoadedOptions loaded, IEnumerable<GateSettingsValidator> validators)
    {
        var target = loaded.Options ?? loaded.Draft;
        if (target is null) return loaded;
        var errors = loaded.Errors.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var validator in validators)
        {
            IReadOnlyList<string> found;
            try
            {
                found = validator.Errors(target).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException
                                           or System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
            {
                found = [$"its settings could not be checked: {ex.Message}"];
            }
            // Gates built from the same settings (the load profiles and the pool share the budgets) report a shared problem once.
            foreach (var error in found.Select(loaded.Redactor.Text).Where(seen.Add))
                errors.Add($"{validator.Gate}: {error}");
        }
        return errors.Count == loaded.Errors.Count ? loaded : loaded with { Options = null, Errors = errors };
    }
}
