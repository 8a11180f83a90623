namespace Sirim.Verification.E2E;

/// <summary>Names shared by the E2E gate, its fixtures, reports and the defect catalogue.</summary>
public static class E2EGate
{
    public const string Name = "e2e";
    public const string IntegrityName = "integrity";
    public const string EvidenceFile = "e2e_results.md";
    public const string IntegrityEvidenceFile = "integridad_frontend_release.md";

    /// <summary>Allure's attachment type for Playwright traces (opens in the embedded trace viewer).</summary>
    public const string PlaywrightTraceMime = "application/vnd.allure.playwright-trace";
}
