using Sirim.Verification.Core.Releases;
using Sirim.Verification.Authz;
using Sirim.Verification.Canary;
using Sirim.Verification.Canary.Rollback;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.E2E;
using Sirim.Verification.E2E.Integrity;
using Sirim.Verification.LoadGate;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.Observability;
using Sirim.Verification.PreGates;
using Sirim.Verification.Security;
using Sirim.Verification.SupplyChain;

namespace Sirim.Verification.Gates.Infrastructure;

/// <summary>
/// Every gate's options factory, called once by <see cref="SuiteSetup"/> before the reachability probe: a bad canary
/// rule or rollback timeout, a malformed accepted-vulnerabilities file, a budget, profile, security or E2E setting stops
/// the run with one report before any gate sends traffic. The target options and the smoke and contracts settings are checked by <see cref="TargetOptionsLoader"/> itself. A gate
/// that will not run for a legitimate reason (no canary URL, no monitoring connection, load not allowed on the host)
/// contributes no error: it says NOT RUN when its turn comes.
/// </summary>
public static class GateSettingsValidators
{
    public static IReadOnlyList<GateSettingsValidator> For(string repositoryRoot) =>
    [
        new(EnvironmentParity.Name, target => Parity(target, repositoryRoot)),
        new(SecurityGate.Name, target => SecurityOptions.From(target).Errors),
        new(AuthzGate.Name, target => AuthzOptions.From(target).Errors),
        new(E2EGate.Name, target => E2E(target, repositoryRoot)),
        new(LoadGateNames.Load, target => Load(target, repositoryRoot)),
        new(LoadGateNames.Pool, target => Pool(target, repositoryRoot)),
        new(CanaryGate.Name, target => CanaryOptions.From(target).Errors.Concat(RollbackOptions.From(target).Errors)),
        new(SupplyChainGate.Name, target => SupplyChainOptions.From(target, p => Path.IsPathRooted(p) ? p : Path.Combine(repositoryRoot, p)).Errors),
        new(ObservabilityGate.Name, target => ObservabilityOptions.From(target, p => Path.IsPathRooted(p) ? p : Path.Combine(repositoryRoot, p)).Errors),
        new("findings", target => AcceptedDeviations(target, repositoryRoot).Errors),
    ];

    /// <summary>The accepted deviations of the run (setting acceptedDeviationsFile), or none when the setting is not set.</summary>
    public static (IReadOnlyList<Core.Findings.AcceptedDeviation> Entries, IReadOnlyList<string> Errors) AcceptedDeviations(TargetOptions target, string root)
    {
        if (target.Setting(SettingsCatalog.AcceptedDeviationsFile) is not { Length: > 0 } file) return ([], []);
        var path = Path.IsPathRooted(file) ? file : Path.Combine(root, file);
        return Core.Findings.AcceptedDeviation.Load(path, SettingsReader.Name(SettingsCatalog.AcceptedDeviationsFile));
    }

    private static IEnumerable<string> Parity(TargetOptions target, string root)
    {
        var files = new[] { SettingsCatalog.ParityLeftFile, SettingsCatalog.ParityRightFile }
            .Select(d => (Definition: d, Path: target.Setting(d))).ToList();
        if (files.Any(f => f.Path is null)) yield break;
        foreach (var (definition, path) in files)
            if (!File.Exists(Path.IsPathRooted(path) ? path : Path.Combine(root, path!)))
                yield return $"{definition.Key} ({definition.EnvironmentVariable}): '{path}' does not exist; name an environment file or listing (NAME=value lines).";
    }

    private static IEnumerable<string> E2E(TargetOptions target, string root)
    {
        // Without a frontend URL the E2E gate reports that itself; its other settings are still checked here.
        var (options, errors) = E2EOptions.Load(target with { FrontendBaseUrl = target.FrontendBaseUrl ?? target.ApiBaseUrl });
        foreach (var error in errors) yield return error;
        if (target.Setting(SettingsCatalog.FrontendManifest) is not { } manifest) yield break;
        var path = Path.IsPathRooted(manifest) ? manifest : Path.Combine(root, manifest);
        var name = SettingsReader.Name(SettingsCatalog.FrontendManifest);
        if (Directory.Exists(path)) yield break;
        if (!File.Exists(path))
        {
            yield return $"{name}: '{manifest}' does not exist; name the release manifest (JSON) or the released build folder.";
            yield break;
        }
        string? problem = null;
        try { FrontendManifest.Load(path, options?.RuntimeFiles); }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException) { problem = ex.Message; }
        if (problem is not null) yield return $"{name}: '{manifest}' is not a frontend manifest: {problem}";
    }

    private static IEnumerable<string> Load(TargetOptions target, string root) =>
        (target.Setting(SettingsCatalog.LoadProfiles) ?? SettingsCatalog.LoadProfiles.Default!)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .SelectMany(profile => LoadGatePlanner.Prepare(target, root, profile).Errors);

    private static IEnumerable<string> Pool(TargetOptions target, string root)
    {
        var preparation = LoadGatePlanner.Prepare(target, root, target.Setting(SettingsCatalog.PoolProfile) ?? SettingsCatalog.PoolProfile.Default!);
        if (preparation.IsNotRun) return [];
        // No monitoring connection: the pool gate says NOT RUN itself; only a configured but unusable sampler is an error.
        var sampler = LoadGateChecks.SamplerOptions(target, preparation.Options?.Profile.PlannedDuration ?? TimeSpan.Zero);
        return [.. preparation.Errors, .. sampler.Errors];
    }
}
