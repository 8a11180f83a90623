using System.Globalization;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Contracts.Running;

/// <summary>
/// A case (or every case: "*") of an operation (or of every operation: "* *") that is deliberately not exercised,
/// with the written reason the coverage matrix shows. Written as "GET /healthz missing_credentials: anonymous by design".
/// </summary>
public sealed record CoverageExclusion(string Method, string Path, string Case, string Reason)
{
    public bool Covers(string method, string path, string caseId) =>
        (Method == "*" || Method == method) && (Path == "*" || Path == path) && (Case == "*" || Case == caseId);

    public override string ToString() => $"{Method} {Path} {Case}: {Reason}";
}

/// <summary>The contracts gate's own settings, read from the resolved settings of the run.</summary>
public sealed record ContractsOptions(
    string ContractSource,
    Uri ServedDocumentUrl,
    string ErrorSchemaFile,
    string ErrorMediaType,
    IReadOnlyList<CoverageExclusion> Exclusions,
    long BodyLimitBytes,
    int Concurrency,
    bool ReadOnly,
    string RunTag)
{
    public static (ContractsOptions? Options, IReadOnlyList<string> Errors) From(TargetOptions target, string repositoryRoot)
    {
        string? Get(SettingDefinition d) => target.Settings.FirstOrDefault(s => s.Definition.Key == d.Key)?.Value ?? d.Default;
        var errors = new List<string>();
        var exclusions = ParseExclusions(Get(SettingsCatalog.ContractsExclusions) ?? "", errors);
        var limit = ParseLong(Get(SettingsCatalog.ContractsBodyLimitBytes), SettingsCatalog.ContractsBodyLimitBytes, 1, 1L << 30, errors);
        var concurrency = (int)ParseLong(Get(SettingsCatalog.ContractsConcurrency), SettingsCatalog.ContractsConcurrency, 1, 32, errors);
        var schemaFile = Get(SettingsCatalog.ErrorSchemaFile) ?? "contracts/problem-details.schema.json";
        if (!Path.IsPathRooted(schemaFile)) schemaFile = Path.Combine(repositoryRoot, schemaFile);
        var mediaType = Get(SettingsCatalog.ErrorMediaType) ?? "application/problem+json";
        if (!mediaType.Contains('/'))
            errors.Add($"{Name(SettingsCatalog.ErrorMediaType)}: '{mediaType}' is not a media type (type/subtype).");
        if (errors.Count > 0) return (null, errors);
        return (new ContractsOptions(target.ContractSource, target.OpenApiUrl, schemaFile, mediaType, exclusions, limit, concurrency,
            target.ReadOnly, "sirim-verify-" + target.RunId), errors);
    }

    /// <summary>Parses "METHOD PATH CASE: reason; ..." entries; every malformed entry is reported, none is ignored.</summary>
    public static IReadOnlyList<CoverageExclusion> ParseExclusions(string raw, ICollection<string> errors)
    {
        var result = new List<CoverageExclusion>();
        foreach (var entry in raw.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':');
            var head = colon < 0 ? entry : entry[..colon];
            var reason = colon < 0 ? "" : entry[(colon + 1)..].Trim();
            var parts = head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || reason.Length == 0)
            {
                errors.Add($"{Name(SettingsCatalog.ContractsExclusions)}: '{entry}' must read 'METHOD /path case: reason' (use * for any; the reason is required).");
                continue;
            }
            if (parts[2] != "*" && CaseKinds.Parse(parts[2]) is null && parts[2] != "unknown_route")
            {
                errors.Add($"{Name(SettingsCatalog.ContractsExclusions)}: unknown case '{parts[2]}'; known: {string.Join(", ", CaseKinds.All.Select(k => k.Id()))}, unknown_route, *.");
                continue;
            }
            result.Add(new CoverageExclusion(parts[0].ToUpperInvariant(), parts[1], parts[2], reason));
        }
        return result;
    }

    private static long ParseLong(string? raw, SettingDefinition d, long min, long max, List<string> errors)
    {
        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        errors.Add($"{Name(d)}: '{raw}' is not a whole number from {min} to {max}.");
        return min;
    }

    private static string Name(SettingDefinition d) => $"{d.Key} ({d.EnvironmentVariable})";
}
