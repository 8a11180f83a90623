using System.Xml.Linq;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.TestSupport;

/// <summary>
/// The settings a suite run against the reference deployment would see, for tests that call a gate's library in
/// process instead of starting the suite as a child: the deployment's environment (plus overrides), then the
/// TestRunParameters of the runsettings file the child run would be given, then the catalogue's defaults.
/// </summary>
public static class ReferenceSettings
{
    /// <summary>The settings of <paramref name="environment"/> with <paramref name="runSettings"/> (relative to the repository root; null: none) below it.</summary>
    public static SettingsSource Source(IReadOnlyDictionary<string, string> environment, string? runSettings = "runsettings/reference.runsettings")
    {
        var parameters = runSettings is null ? new Dictionary<string, string>() : Parameters(Path.Combine(RepositoryRoot.Find(), runSettings));
        return new SettingsSource(k => environment.TryGetValue(k, out var v) ? v : null, k => parameters.TryGetValue(k, out var v) ? v : null)
        {
            RunSettingsNames = parameters.Keys.ToList(),
        };
    }

    /// <summary>The target options (and the run's redactor) of <paramref name="environment"/> over <paramref name="runSettings"/>; fails the test listing every error.</summary>
    public static LoadedOptions Load(IReadOnlyDictionary<string, string> environment, string? runSettings = "runsettings/reference.runsettings")
    {
        var loaded = TargetOptionsLoader.Load(Source(environment, runSettings));
        Assert.That(loaded.Errors, Is.Empty, "the reference deployment's settings are valid");
        return loaded;
    }

    /// <summary>The name/value pairs of a runsettings file's TestRunParameters.</summary>
    public static IReadOnlyDictionary<string, string> Parameters(string runSettingsFile) =>
        XDocument.Load(runSettingsFile).Descendants("TestRunParameters").Elements("Parameter")
            .Where(p => p.Attribute("name") is not null)
            .ToDictionary(p => (string)p.Attribute("name")!, p => (string?)p.Attribute("value") ?? "");
}
