using System.Globalization;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.SupplyChain.Checks;

/// <summary>
/// <c>reports_not_older_than_release</c>: the SBOM and every report were made at or after the release build
/// (<c>SIRIM_RELEASE_TIME</c>) and, when a maximum age is set, within that many hours before the run. A scan from before
/// the release did not see the release's packages, nor advisories published since.
/// </summary>
public static class ReportsNotOlderThanRelease
{
    public const string Id = "reports_not_older_than_release";

    public static CheckOutcome Evaluate(string fileName, DateTimeOffset? createdAt, DateTimeOffset? releaseTime, TimeSpan? maxAge, DateTimeOffset now)
    {
        if (releaseTime is null && maxAge is null)
            return CheckOutcome.NotApplicable(SupplyChainGate.Name, Id, fileName, "no release time (SIRIM_RELEASE_TIME) and no maximum age configured");
        var expected = string.Join(" and ", new[]
        {
            releaseTime is { } r ? $"made at or after the release {Iso(r)}" : null,
            maxAge is { } m ? $"made within {m.TotalHours:0} h before the run ({Iso(now - m)} or later)" : null,
        }.OfType<string>());
        if (createdAt is not { } created)
            return CheckOutcome.Fail(SupplyChainGate.Name, Id, fileName, Severity.Medium, expected, "the file states no creation time",
                "Keep the tool's own output: Syft writes metadata.timestamp / creationInfo.created, Trivy CreatedAt, Grype descriptor.timestamp.");
        var actual = $"made {Iso(created)}";
        if (releaseTime is { } release && created < release)
            return CheckOutcome.Fail(SupplyChainGate.Name, Id, fileName, Severity.Medium, expected, $"{actual}, {Span(release - created)} before the release",
                "The file predates the release build: scan and inventory the released artifact again.");
        if (maxAge is { } max && now - created > max)
            return CheckOutcome.Fail(SupplyChainGate.Name, Id, fileName, Severity.Medium, expected, $"{actual}, {Span(now - created)} before the run",
                "Advisories published since are missing: re-run the scanner on the released artifact.");
        return CheckOutcome.Pass(SupplyChainGate.Name, Id, fileName, Severity.Medium) with { Actual = actual };
    }

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Span(TimeSpan s) => s.TotalHours >= 48 ? $"{s.TotalDays:0.#} days" : $"{s.TotalHours:0.#} h";
}
