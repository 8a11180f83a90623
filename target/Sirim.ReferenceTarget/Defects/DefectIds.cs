namespace Sirim.ReferenceTarget.Defects;

/// <summary>
/// Ids of the seeded defects this target implements, one constant per entry of <c>defects.json</c>.
/// Adding a defect: one entry in <c>defects.json</c>, one constant here, and one
/// <c>if (defects.Is(DefectIds.X))</c> branch where the behaviour changes (search for "SEEDED DEFECT").
/// </summary>
public static class DefectIds
{
    // gate: smoke
    public const string ReadyzIgnoresDatabase = "readyz_ignores_database";
    public const string HealthzHtml = "healthz_html";
    public const string Gastos500OnBadQuery = "gastos_500_on_bad_query";

    // gate: e2e (frontend behaviour; see Http/FrontendDefects.cs) and integrity
    public const string FrontendWrongApiOrigin = "frontend_wrong_api_origin";
    public const string GastoUpdate500 = "gasto_update_500";
    public const string CspBlocksOwnScript = "csp_blocks_own_script";
    public const string DashboardJsError = "dashboard_js_error";
    public const string FrontendAssetModified = "frontend_asset_modified";

    /// <summary>Every id declared above (read by reflection so the list cannot drift from the constants).</summary>
    public static IReadOnlyList<string> All { get; } = typeof(DefectIds)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();
}
