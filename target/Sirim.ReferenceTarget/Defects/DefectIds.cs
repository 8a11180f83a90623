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

    // gate: load / pool
    public const string PoolSize10 = "pool_size_10";
    public const string SlowGastos = "slow_gastos";
    public const string Gastos5PctErrors = "gastos_5pct_errors";
    public const string StallEveryFewSeconds = "stall_every_few_seconds";

    /// <summary>Every id declared above (read by reflection so the list cannot drift from the constants).</summary>
    public static IReadOnlyList<string> All { get; } = typeof(DefectIds)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();
}
