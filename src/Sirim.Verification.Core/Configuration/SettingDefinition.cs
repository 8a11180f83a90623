namespace Sirim.Verification.Core.Configuration;

/// <summary>
/// One setting of the suite. Values are looked up in the environment variable first, then in the
/// runsettings TestRunParameters (by <see cref="Key"/>), then <see cref="Default"/>.
/// Secrets are read from the environment only and are never printed: only "set" or "missing".
/// An empty value counts as unset (the default applies) unless <see cref="EmptyIsAValue"/>: then a variable or
/// parameter that is present but empty resolves to "" (e.g. dbApplicationName: empty means no filter).
/// </summary>
public sealed record SettingDefinition(
    string Key,
    string EnvironmentVariable,
    string? Default,
    string Description,
    bool IsSecret = false,
    string Gate = "all",
    bool EmptyIsAValue = false);
