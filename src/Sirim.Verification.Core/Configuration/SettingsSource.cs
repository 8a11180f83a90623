using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Configuration;

/// <summary>Where a resolved value came from; shown in the parameters table of every report.</summary>
public enum SettingOrigin { Environment, RunSettings, Default, Missing }

public sealed record ResolvedSetting(SettingDefinition Definition, string? Value, SettingOrigin Origin)
{
    /// <summary>The value as it may be printed: secrets show only whether they are set; a URL without its credentials.</summary>
    public string Display => Definition.IsSecret
        ? (Value is null ? "missing" : "set")
        : Value switch { null => "(not set)", "" => "(empty)", _ => Redactor.UrlCredentials(Value) };

    /// <summary>
    /// The values of these settings that must never be written anywhere: every secret setting's value and the
    /// credentials embedded in any setting's URLs (userinfo passwords, token-like query values).
    /// </summary>
    public static IReadOnlyList<string> SecretValues(IEnumerable<ResolvedSetting> settings) => settings
        .SelectMany(s => (s.Definition.IsSecret && !string.IsNullOrEmpty(s.Value) ? [s.Value] : Array.Empty<string>())
            .Concat(Redactor.SecretsInUrls(s.Value)))
        .Distinct(StringComparer.Ordinal)
        .ToList();
}

/// <summary>
/// Resolves settings: environment variable, then runsettings TestRunParameters, then the default.
/// Secrets are taken from the environment only, so they never live in a file that is committed or attached.
/// </summary>
public sealed class SettingsSource
{
    private readonly Func<string, string?> _environment;
    private readonly Func<string, string?> _runSettings;

    public SettingsSource(Func<string, string?> environment, Func<string, string?> runSettings)
    {
        _environment = environment;
        _runSettings = runSettings;
    }

    public static SettingsSource FromProcess(Func<string, string?>? runSettings = null, IEnumerable<string>? runSettingsNames = null) =>
        new(System.Environment.GetEnvironmentVariable, runSettings ?? (_ => null)) { RunSettingsNames = runSettingsNames?.ToList() ?? [] };

    /// <summary>Every parameter name the runsettings file defines (checked against the catalogue, so a typo is not silently ignored).</summary>
    public IReadOnlyList<string> RunSettingsNames { get; init; } = [];

    public ResolvedSetting Resolve(SettingDefinition definition)
    {
        var fromEnv = _environment(definition.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return new(definition, fromEnv.Trim(), SettingOrigin.Environment);
        // Present but empty: unset, unless the setting gives "empty" a meaning of its own.
        if (fromEnv is not null && definition.EmptyIsAValue) return new(definition, "", SettingOrigin.Environment);
        if (!definition.IsSecret)
        {
            var fromRunSettings = _runSettings(definition.Key);
            if (!string.IsNullOrWhiteSpace(fromRunSettings)) return new(definition, fromRunSettings.Trim(), SettingOrigin.RunSettings);
            if (fromRunSettings is not null && definition.EmptyIsAValue) return new(definition, "", SettingOrigin.RunSettings);
        }
        // A default such as "{utc timestamp}" or "{apiBaseUrl}/openapi.json" is computed later; a JSON template ("{\"email\"…")
        // is a real value and shows as one in the reports.
        return definition.Default is null || (definition.Default.StartsWith('{') && !definition.Default.StartsWith("{\"", StringComparison.Ordinal))
            ? new(definition, null, SettingOrigin.Missing)
            : new(definition, definition.Default, SettingOrigin.Default);
    }

    public string? Get(SettingDefinition definition) => Resolve(definition).Value;
}
