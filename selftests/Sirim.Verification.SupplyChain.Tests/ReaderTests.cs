using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain.Tests;

/// <summary>Each reader on the hand-written files: format, tool, time, subject, components or findings.</summary>
public sealed class ReaderTests
{
    [Test]
    public void CycloneDx_1_6_from_syft_reads_tool_time_subject_components_and_licences()
    {
        var sbom = SbomDocument.Parse(Samples.Read("syft.cdx.json"));
        Assert.Multiple(() =>
        {
            Assert.That(sbom.Format, Is.EqualTo("CycloneDX 1.6"));
            Assert.That(sbom.Tool, Is.EqualTo("syft 1.18.1"));
            Assert.That(sbom.CreatedAt, Is.EqualTo(DateTimeOffset.Parse("2026-11-20T10:15:00Z")));
            Assert.That(sbom.Subject.Digests, Is.EqualTo(new[] { Samples.Digest }));
            Assert.That(sbom.Subject.Names.Select(n => n.Name), Does.Contain("ghcr.io/sirim/sirim-api"));
            Assert.That(sbom.Components.Select(c => c.Name), Is.EqualTo(new[] { "Npgsql", "System.IdentityModel.Tokens.Jwt", "openssl", "zlib1g", "libc6", "/lib/x86_64-linux-gnu/libc.so.6" }),
                "nested components are listed too");
            Assert.That(sbom.Components.Single(c => c.Name == "zlib1g").Licenses, Is.EqualTo(new[] { "Zlib" }), "licence expression");
            Assert.That(sbom.Components.Single(c => c.Name == "openssl").Licenses, Is.EqualTo(new[] { "Apache-2.0" }), "licence by name");
            Assert.That(sbom.LicenseCounts(), Does.Contain(("(none stated)", 2)));
        });
    }

    [Test]
    public void CycloneDx_1_4_with_a_tools_array_and_an_offset_time()
    {
        var sbom = SbomDocument.Parse(Samples.Read("cyclonedx-1.4-tools-array.json"));
        Assert.Multiple(() =>
        {
            Assert.That(sbom.Format, Is.EqualTo("CycloneDX 1.4"));
            Assert.That(sbom.Tool, Is.EqualTo("syft 0.98.0"));
            Assert.That(sbom.CreatedAt, Is.EqualTo(DateTimeOffset.Parse("2026-11-19T07:00:00Z")));
            Assert.That(sbom.Subject.Names, Is.EqualTo(new[] { new NamedVersion("sirim-frontend", "1.5.0") }));
            Assert.That(sbom.Components.Single(c => c.Name == "dompurify").Licenses, Is.EqualTo(new[] { "(MPL-2.0 OR Apache-2.0)" }));
        });
    }

    [Test]
    public void Spdx_2_3_from_syft_reads_the_described_image_as_subject_and_skips_noassertion_licences()
    {
        var sbom = SbomDocument.Parse(Samples.Read("syft.spdx.json"));
        Assert.Multiple(() =>
        {
            Assert.That(sbom.Format, Is.EqualTo("SPDX 2.3"));
            Assert.That(sbom.Tool, Is.EqualTo("syft-1.18.1"));
            Assert.That(sbom.CreatedAt, Is.EqualTo(DateTimeOffset.Parse("2026-11-20T10:15:00Z")));
            Assert.That(sbom.Subject.Digests, Is.EqualTo(new[] { Samples.Digest }));
            Assert.That(sbom.Subject.Names, Does.Contain(new NamedVersion("ghcr.io/sirim/sirim-api", "1.5.0")), "the document name is an image reference");
            Assert.That(sbom.Components.Select(c => c.Name), Is.EqualTo(new[] { "Npgsql", "openssl", "libc6" }), "the described image is the subject, not a component");
            Assert.That(sbom.Components.Select(c => string.Join("+", c.Licenses)), Is.EqualTo(new[] { "PostgreSQL", "Apache-2.0", "" }));
        });
    }

    [Test]
    public void Trivy_report_reads_findings_of_every_result_with_fixed_versions_and_the_image_digest()
    {
        var report = VulnerabilityReport.Parse(Samples.Read("trivy.json"));
        Assert.Multiple(() =>
        {
            Assert.That(report.Format, Is.EqualTo("Trivy JSON (schema 2)"));
            Assert.That(report.CreatedAt, Is.EqualTo(DateTimeOffset.Parse("2026-11-20T10:20:31.412Z")));
            Assert.That(report.Subject.Digests, Does.Contain(Samples.Digest));
            Assert.That(report.Subject.Names, Does.Contain(new NamedVersion("ghcr.io/sirim/sirim-api", "1.5.0")));
            Assert.That(report.Findings, Is.EqualTo(new[]
            {
                new VulnerabilityFinding("CVE-2024-5535", "openssl", "3.0.11-1~deb12u2", "3.0.14-1~deb12u1", "CRITICAL", "openssl: SSL_select_next_proto buffer overread", "trivy"),
                new VulnerabilityFinding("CVE-2023-4911", "libc6", "2.36-9+deb12u4", null, "HIGH", "glibc: buffer overflow in ld.so leading to privilege escalation", "trivy"),
                new VulnerabilityFinding("CVE-2023-45853", "zlib1g", "1:1.2.13.dfsg-1", null, "MEDIUM", "zlib: integer overflow in MiniZip", "trivy"),
            }));
        });
    }

    [Test]
    public void Trivy_clean_report_has_no_findings()
    {
        var report = VulnerabilityReport.Parse(Samples.Read("trivy-clean.json"));
        Assert.That(report.Findings, Is.Empty);
        Assert.That(report.Subject.Digests, Is.EqualTo(new[] { Samples.Digest }));
    }

    [Test]
    public void Grype_report_reads_matches_maps_negligible_to_low_and_a_fix_only_when_fixed()
    {
        var report = VulnerabilityReport.Parse(Samples.Read("grype.json"));
        Assert.Multiple(() =>
        {
            Assert.That(report.Format, Is.EqualTo("Grype JSON"));
            Assert.That(report.Tool, Is.EqualTo("grype 0.84.0"));
            Assert.That(report.CreatedAt, Is.EqualTo(DateTimeOffset.Parse("2026-11-20T10:21:02.118233Z")));
            Assert.That(report.Subject.Digests, Does.Contain(Samples.Digest));
            Assert.That(report.Findings.Select(f => (f.AdvisoryId, f.Package, f.Severity, f.FixedVersion)), Is.EqualTo(new[]
            {
                ("CVE-2024-5535", "openssl", "CRITICAL", (string?)"3.0.14-1~deb12u1"),
                ("GHSA-8g4q-xg66-9fp4", "System.IdentityModel.Tokens.Jwt", "HIGH", null),
                ("CVE-2011-3374", "apt", "LOW", null),
            }));
        });
    }

    [Test]
    public void Grype_report_of_a_directory_names_it_by_its_target_string()
    {
        var report = VulnerabilityReport.Parse(Samples.Read("grype-directory.json"));
        Assert.That(report.Subject.Names, Is.EqualTo(new[] { new NamedVersion("sirim-frontend", "1.5.0") }));
        Assert.That(report.Findings, Is.Empty);
    }

    private static IEnumerable<TestCaseData> Unreadable()
    {
        yield return new TestCaseData("{ not json", "not valid JSON").SetName("SBOM: not JSON");
        yield return new TestCaseData("""{"bomFormat":"Other"}""", "neither CycloneDX").SetName("SBOM: unknown format");
        yield return new TestCaseData("[]", "neither CycloneDX").SetName("SBOM: an array");
    }

    [TestCaseSource(nameof(Unreadable))]
    public void Unreadable_sbom_says_why(string json, string message) =>
        Assert.That(() => SbomDocument.Parse(json), Throws.TypeOf<InvalidDataException>().With.Message.Contains(message));

    [TestCase("""{"runs":[]}""", "neither a Trivy JSON report", TestName = "Report: SARIF is neither")]
    [TestCase("""{"matches":{}}""", "\"matches\" is not an array", TestName = "Report: Grype matches not an array")]
    [TestCase("""{"SchemaVersion":2,"Results":[{"Target":"x","Vulnerabilities":[{"PkgName":"a"}]}]}""", "has no VulnerabilityID", TestName = "Report: Trivy finding without id")]
    public void Unreadable_report_says_why(string json, string message) =>
        Assert.That(() => VulnerabilityReport.Parse(json), Throws.TypeOf<InvalidDataException>().With.Message.Contains(message));

    [TestCase("sha256:3F1C3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c3f1c", "syft.cdx.json", true, TestName = "Artifact: digest, any case, matches the CycloneDX subject")]
    [TestCase("sirim-api@1.5.0", "trivy.json", true, TestName = "Artifact: short name and tag match a registry image reference")]
    [TestCase("sirim-api@1.4.9", "trivy.json", false, TestName = "Artifact: another version does not match")]
    [TestCase("sirim-frontend@1.5.0", "grype-directory.json", true, TestName = "Artifact: name@version matches a Grype directory target")]
    [TestCase("sha256:0000000000000000000000000000000000000000000000000000000000000000", "grype.json", false, TestName = "Artifact: another digest does not match")]
    public void Release_artifact_matches_what_a_document_describes(string artifact, string file, bool matches)
    {
        var subject = file.Contains("cdx") ? SbomDocument.Parse(Samples.Read(file)).Subject : VulnerabilityReport.Parse(Samples.Read(file)).Subject;
        Assert.That(ReleaseArtifact.Parse(artifact).Artifact!.Matches(subject), Is.EqualTo(matches), subject.ToString());
    }

    [TestCase("sha256:abc", TestName = "Artifact: short digest refused")]
    [TestCase("sirim-api", TestName = "Artifact: name without version refused")]
    [TestCase("sirim-api@", TestName = "Artifact: empty version refused")]
    public void Bad_release_artifact_is_refused_with_what_is_allowed(string raw) =>
        Assert.That(ReleaseArtifact.Parse(raw).Error, Is.EqualTo($"'{raw}' is not a release artifact; it names neither a digest nor a version; " +
            "allowed: 'sha256:' followed by 64 hex digits, or 'name@version' (e.g. sirim-api@1.4.2)"));
}
