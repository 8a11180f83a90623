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
    string RunTag,
    int CleanupMaxAttempts = 3,
    int InventoryMaxPages = 10,
    string InventoryPageParameter = "page",
    int InjectionPayloads = ContractsSettingValues.MaxInjectionPayloadsDefault)
{
    public static OptionsResult<ContractsOptions> From(TargetOptions target, string repositoryRoot)
    {
        var errors = new List<string>();
        var values = ContractsSettings.Read(target.Setting, errors);
        if (errors.Count > 0) return OptionsResult<ContractsOptions>.Invalid(errors);
        var schemaFile = Path.IsPathRooted(values.ErrorSchemaFile) ? values.ErrorSchemaFile : Path.Combine(repositoryRoot, values.ErrorSchemaFile);
        return OptionsResult<ContractsOptions>.Valid(new ContractsOptions(target.ContractSource, target.OpenApiUrl, schemaFile, values.ErrorMediaType,
            values.Exclusions.Select(e => new CoverageExclusion(e.Method, e.Path, e.Case, e.Reason)).ToList(), values.BodyLimitBytes,
            values.Concurrency, target.ReadOnly, "sirim-verify-" + target.RunId, values.CleanupMaxAttempts, values.InventoryMaxPages,
            values.InventoryPageParameter, values.InjectionPayloads));
    }

    /// <summary>Parses "METHOD PATH CASE: reason; ..." entries; every malformed entry is reported, none is ignored.</summary>
    public static IReadOnlyList<CoverageExclusion> ParseExclusions(string raw, ICollection<string> errors) =>
        ContractsSettings.ParseExclusions(raw, errors).Select(e => new CoverageExclusion(e.Method, e.Path, e.Case, e.Reason)).ToList();
}
