namespace Sirim.Verification.Core.Evidence;

/// <summary>
/// File names of the evidence documents. A production run (environment <c>production</c> or <c>prod</c>) writes the
/// production names the release documents use (<c>go_no_go_prod.md</c>, <c>pool_config_prod_evidence.md</c>,
/// <c>security_hardening_prod.md</c>, <c>observability_prod_readiness.md</c>, <c>paridad_entornos_prod.md</c>);
/// every other environment, and every other file, keeps its name.
/// </summary>
public static class EvidenceFileNames
{
    private static readonly IReadOnlyDictionary<string, string> Production = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["go_no_go.md"] = "go_no_go_prod.md",
        ["pool_config_evidence.md"] = "pool_config_prod_evidence.md",
        ["security_hardening_report.md"] = "security_hardening_prod.md",
        ["observability_readiness.md"] = "observability_prod_readiness.md",
        ["paridad_entornos.md"] = "paridad_entornos_prod.md",
    };

    private static bool IsProduction(string environment) =>
        environment.Equals("production", StringComparison.OrdinalIgnoreCase) || environment.Equals("prod", StringComparison.OrdinalIgnoreCase);

    /// <summary>The name <paramref name="fileName"/> (relative to the run folder) takes in a run of <paramref name="environment"/>.</summary>
    public static string For(string environment, string fileName) =>
        IsProduction(environment) && Production.TryGetValue(fileName, out var name) ? name : fileName;
}
