using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>frontend_version_matches</c>: the version the frontend shows (page map role app.version) is recorded and, when an
/// expected version is configured (expectedVersion / SIRIM_EXPECTED_VERSION), equals it: the release that was meant to
/// be deployed is the one users get (no stale CDN copy).
/// </summary>
public static class FrontendVersionMatches
{
    public const string Id = "frontend_version_matches";

    /// <param name="element">The element that shows the version, as messages name it (role and selector of the page map).</param>
    public static CheckOutcome Evaluate(string flow, string element, string? shown, string? expected)
    {
        var subject = $"flow {flow}: {element}";
        if (string.IsNullOrWhiteSpace(shown) || shown is "…" or "desconocida")
            return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.Medium, expected ?? "a version", $"'{shown ?? ""}' (no version shown)",
                "The frontend could not read its version.json: the build is incomplete or the file is not served.");
        if (expected is null)
            return CheckOutcome.NotApplicable(E2EGate.Name, Id, subject, $"shows {shown}; no expected version configured (expectedVersion)");
        return shown.Trim() == expected.Trim()
            ? CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity.High)
            : CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.High, expected, shown,
                "Users get another release than the one deployed: a stale CDN or browser cache, or the wrong build was published.");
    }
}
