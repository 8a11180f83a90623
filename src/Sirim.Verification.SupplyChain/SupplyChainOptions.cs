using System.Globalization;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain;

/// <summary>
/// What the supply-chain gate reads and the policy it applies: the SBOM, the vulnerability reports, the released artifact
/// they must name, the release time or the oldest report age, the blocking severities, the accepted vulnerabilities (read
/// and validated here, so a malformed entry stops the gate before anything is judged) and two frontend builds to compare.
/// </summary>
public sealed record SupplyChainOptions(
    string? SbomPath,
    IReadOnlyList<string> ReportPaths,
    ReleaseArtifact? Artifact,
    DateTimeOffset? ReleaseTime,
    TimeSpan? MaxReportAge,
    IReadOnlyList<string> BlockingSeverities,
    string? AcceptedPath,
    IReadOnlyList<AcceptedVulnerability> Accepted,
    string? BuildLeft,
    string? BuildRight)
{
    /// <summary>The options, or why the gate does not run (no SBOM and no report), or every configuration error at once.</summary>
    /// <param name="resolvePath">Turns a configured path into a full one (relative paths are relative to the repository root).</param>
    public static OptionsResult<SupplyChainOptions> From(TargetOptions target, Func<string, string> resolvePath)
    {
        string? Path(SettingDefinition d) => target.Setting(d) is { Length: > 0 } v ? resolvePath(v.Trim()) : null;
        var sbom = Path(SettingsCatalog.SupplyChainSbom);
        var reports = (target.Setting(SettingsCatalog.SupplyChainVulnReports) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(resolvePath).ToList();
        if (sbom is null && reports.Count == 0)
            return OptionsResult<SupplyChainOptions>.NotRun($"NOT RUN: no SBOM ({Name(SettingsCatalog.SupplyChainSbom)}) and no vulnerability report ({Name(SettingsCatalog.SupplyChainVulnReports)}) configured");

        var errors = new List<string>();
        var settings = SettingsReader.For(target, errors, end: "");
        ReleaseArtifact? artifact = null;
        if (target.Setting(SettingsCatalog.SupplyChainArtifact) is { Length: > 0 } rawArtifact)
        {
            var (a, error) = ReleaseArtifact.Parse(rawArtifact);
            if (error is not null) errors.Add($"{Name(SettingsCatalog.SupplyChainArtifact)}: {error}");
            artifact = a;
        }

        DateTimeOffset? releaseTime = null;
        if (target.Setting(SettingsCatalog.SupplyChainReleaseTime) is { Length: > 0 } rawTime)
        {
            if (DateTimeOffset.TryParse(rawTime, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                && System.Text.RegularExpressions.Regex.IsMatch(rawTime.Trim(), @"T.*(Z|[+-]\d{2}:?\d{2})$"))
                releaseTime = t;
            else
                errors.Add($"{Name(SettingsCatalog.SupplyChainReleaseTime)}: '{rawTime}' is not an ISO-8601 time with an offset; allowed e.g. 2026-11-20T10:00:00Z or 2026-11-20T11:00:00+01:00");
        }

        TimeSpan? maxAge = null;
        if (target.Setting(SettingsCatalog.SupplyChainMaxReportAgeHours) is { Length: > 0 } rawAge)
        {
            var before = settings.ErrorCount;
            var hours = settings.Long(rawAge, SettingsCatalog.SupplyChainMaxReportAgeHours, 1, 8760, unit: "hours");
            if (settings.ErrorCount == before) maxAge = TimeSpan.FromHours(hours);
        }

        var severities = (target.Setting(SettingsCatalog.SupplyChainBlockingSeverities) ?? SettingsCatalog.SupplyChainBlockingSeverities.Default!)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).Distinct().ToList();
        foreach (var s in severities.Where(s => !VulnerabilityFinding.Scale.Contains(s)))
            errors.Add($"{Name(SettingsCatalog.SupplyChainBlockingSeverities)}: '{s}' is not a severity; allowed: {string.Join(", ", VulnerabilityFinding.Scale)}");
        if (severities.Count == 0)
            errors.Add($"{Name(SettingsCatalog.SupplyChainBlockingSeverities)} is empty; name at least one severity, e.g. CRITICAL,HIGH");

        var acceptedPath = Path(SettingsCatalog.SupplyChainAcceptedFile);
        IReadOnlyList<AcceptedVulnerability> accepted = [];
        if (acceptedPath is not null)
        {
            if (!File.Exists(acceptedPath))
                errors.Add($"{Name(SettingsCatalog.SupplyChainAcceptedFile)}: '{acceptedPath}' does not exist; name the JSON file of accepted vulnerabilities or leave it unset");
            else
            {
                var (entries, entryErrors) = AcceptedVulnerability.Parse(File.ReadAllText(acceptedPath), Name(SettingsCatalog.SupplyChainAcceptedFile));
                accepted = entries;
                errors.AddRange(entryErrors);
            }
        }

        var left = Path(SettingsCatalog.FrontendBuildLeft);
        var right = Path(SettingsCatalog.FrontendBuildRight);
        if ((left is null) != (right is null))
            errors.Add($"{Name(SettingsCatalog.FrontendBuildLeft)} and {Name(SettingsCatalog.FrontendBuildRight)} go together: set both builds to compare, or neither");
        foreach (var (d, p) in new[] { (SettingsCatalog.FrontendBuildLeft, left), (SettingsCatalog.FrontendBuildRight, right) })
            if (p is not null && !Directory.Exists(p) && !File.Exists(p))
                errors.Add($"{Name(d)}: '{p}' does not exist; allowed: a build folder or a manifest from 'sirim-verify frontend-manifest'");

        if (errors.Count > 0) return OptionsResult<SupplyChainOptions>.Invalid(errors);
        return OptionsResult<SupplyChainOptions>.Valid(new SupplyChainOptions(sbom, reports, artifact, releaseTime, maxAge, severities, acceptedPath, accepted, left, right));
    }

    private static string Name(SettingDefinition d) => SettingsReader.Name(d);
}
