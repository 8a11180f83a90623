using Sirim.Verification.Core.Configuration;
using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain.Tests;

/// <summary>The gate's settings: NOT RUN without files, every configuration error at once in the form "what; reason; what is allowed".</summary>
public sealed class OptionsTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("sirim-supplychain-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, true);

    private OptionsResult<SupplyChainOptions> Load(Dictionary<string, string> env)
    {
        env.TryAdd("SIRIM_API_URL", "http://127.0.0.1:5080");
        var target = TargetOptionsLoader.Load(new SettingsSource(name => env.GetValueOrDefault(name), _ => null)).Options!;
        return SupplyChainOptions.From(target, p => Path.IsPathRooted(p) ? p : Path.Combine(_dir, p));
    }

    [Test]
    public void Without_sbom_and_reports_the_gate_is_not_run()
    {
        var loaded = Load([]);
        Assert.That(loaded.NotRunReason, Is.EqualTo(
            "NOT RUN: no SBOM (supplyChainSbom (SIRIM_SBOM_FILE)) and no vulnerability report (supplyChainVulnReports (SIRIM_VULN_REPORTS)) configured"));
        Assert.That(loaded.Options, Is.Null);
    }

    [Test]
    public void Relative_paths_resolve_and_defaults_block_critical_and_high()
    {
        var loaded = Load(new() { ["SIRIM_SBOM_FILE"] = "sbom.json", ["SIRIM_VULN_REPORTS"] = "trivy.json, grype.json", ["SIRIM_RELEASE_ARTIFACT"] = "sirim-api@1.5.0",
            ["SIRIM_RELEASE_TIME"] = "2026-11-20T11:00:00+01:00" });
        var o = loaded.Options!;
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Errors, Is.Empty);
            Assert.That(o.SbomPath, Is.EqualTo(Path.Combine(_dir, "sbom.json")));
            Assert.That(o.ReportPaths, Is.EqualTo(new[] { Path.Combine(_dir, "trivy.json"), Path.Combine(_dir, "grype.json") }));
            Assert.That(o.Artifact, Is.EqualTo(new ReleaseArtifact(null, "sirim-api", "1.5.0")));
            Assert.That(o.ReleaseTime, Is.EqualTo(DateTimeOffset.Parse("2026-11-20T10:00:00Z")));
            Assert.That(o.BlockingSeverities, Is.EqualTo(new[] { "CRITICAL", "HIGH" }));
        });
    }

    [Test]
    public void Every_configuration_error_is_listed_at_once()
    {
        File.WriteAllText(Path.Combine(_dir, "accepted.json"), """
            {"accepted": [
              {"id": "CVE-2023-4911", "package": "libc6", "reason": "no setuid binaries", "owner": "platform-team", "expires": "2026-12-31"},
              {"id": "CVE-2024-1", "package": "openssl", "owner": "", "expires": "2026-12-31"},
              {"id": "CVE-2024-2", "package": "zlib1g", "reason": "r", "owner": "o", "expires": "31/12/2026"},
              {"id": "cve-2023-4911", "package": "LIBC6", "reason": "r", "owner": "o", "expires": "2026-12-31"},
              "CVE-2024-3"
            ]}
            """);
        var loaded = Load(new()
        {
            ["SIRIM_SBOM_FILE"] = "sbom.json", ["SIRIM_RELEASE_ARTIFACT"] = "sha256:abc", ["SIRIM_RELEASE_TIME"] = "2026-11-20 10:00",
            ["SIRIM_SUPPLY_CHAIN_MAX_REPORT_AGE_HOURS"] = "0", ["SIRIM_SUPPLY_CHAIN_BLOCKING_SEVERITIES"] = "HIGH,SEVERE",
            ["SIRIM_ACCEPTED_VULNS"] = "accepted.json", ["SIRIM_FRONTEND_BUILD_LEFT"] = "dist-a",
        });
        var accepted = "supplyChainAcceptedFile (SIRIM_ACCEPTED_VULNS)";
        Assert.That(loaded.Options, Is.Null);
        Assert.That(loaded.Errors, Is.EqualTo(new[]
        {
            "supplyChainArtifact (SIRIM_RELEASE_ARTIFACT): 'sha256:abc' is not a release artifact; it names neither a digest nor a version; allowed: 'sha256:' followed by 64 hex digits, or 'name@version' (e.g. sirim-api@1.4.2)",
            "supplyChainReleaseTime (SIRIM_RELEASE_TIME): '2026-11-20 10:00' is not an ISO-8601 time with an offset; allowed e.g. 2026-11-20T10:00:00Z or 2026-11-20T11:00:00+01:00",
            "supplyChainMaxReportAgeHours (SIRIM_SUPPLY_CHAIN_MAX_REPORT_AGE_HOURS): '0' is not a whole number of hours from 1 to 8760",
            "supplyChainBlockingSeverities (SIRIM_SUPPLY_CHAIN_BLOCKING_SEVERITIES): 'SEVERE' is not a severity; allowed: CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN",
            $"{accepted}: accepted[1] (CVE-2024-1): reason, owner missing or empty; every acceptance names the advisory id, the package, the reason, the owner and the expiry date",
            $"{accepted}: accepted[2] (CVE-2024-2): expires '31/12/2026' is not a date; allowed: YYYY-MM-DD, the last day the acceptance holds",
            $"{accepted}: accepted[3] (cve-2023-4911 in LIBC6): accepted twice; keep one entry per advisory and package",
            $"{accepted}: accepted[4] is not an object; each entry has id, package, reason, owner, expires",
            "frontendBuildLeft (SIRIM_FRONTEND_BUILD_LEFT) and frontendBuildRight (SIRIM_FRONTEND_BUILD_RIGHT) go together: set both builds to compare, or neither",
            $"frontendBuildLeft (SIRIM_FRONTEND_BUILD_LEFT): '{Path.Combine(_dir, "dist-a")}' does not exist; allowed: a build folder or a manifest from 'sirim-verify frontend-manifest'",
        }));
    }

    [TestCase("[]", "no \"accepted\" array", TestName = "Accepted file: an array instead of an object")]
    [TestCase("{\"accepted\": ", "not valid JSON", TestName = "Accepted file: not JSON")]
    public void Malformed_accepted_file_is_a_configuration_error(string json, string message)
    {
        var (entries, errors) = AcceptedVulnerability.Parse(json, "accepted.json");
        Assert.That(entries, Is.Empty);
        Assert.That(errors.Single(), Does.StartWith("accepted.json: " + message));
    }

    [Test]
    public void Missing_accepted_file_is_a_configuration_error()
    {
        var loaded = Load(new() { ["SIRIM_VULN_REPORTS"] = "trivy.json", ["SIRIM_ACCEPTED_VULNS"] = "nope.json" });
        Assert.That(loaded.Errors, Is.EqualTo(new[]
        {
            $"supplyChainAcceptedFile (SIRIM_ACCEPTED_VULNS): '{Path.Combine(_dir, "nope.json")}' does not exist; name the JSON file of accepted vulnerabilities or leave it unset",
        }));
    }
}
