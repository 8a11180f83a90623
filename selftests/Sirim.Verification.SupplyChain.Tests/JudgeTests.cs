using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.SupplyChain.Documents;

namespace Sirim.Verification.SupplyChain.Tests;

/// <summary>The pure judge on the hand-written reports: what blocks, what is accepted, what expired, what is stale, what is too old or of another build.</summary>
public sealed class JudgeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T03:00:00Z");

    private static SupplyChainOptions Options(IReadOnlyList<AcceptedVulnerability>? accepted = null, ReleaseArtifact? artifact = null,
        DateTimeOffset? releaseTime = null, TimeSpan? maxAge = null) =>
        new("syft.cdx.json", ["trivy.json", "grype.json"], artifact, releaseTime, maxAge, ["CRITICAL", "HIGH"], null, accepted ?? [], null, null);

    private static SupplyChainInputs Inputs(params string[] reports) => new(
        new DocumentRead<SbomDocument>(Samples.PathOf("syft.cdx.json"), SbomDocument.Parse(Samples.Read("syft.cdx.json")), null),
        reports.Select(r => new DocumentRead<VulnerabilityReport>(Samples.PathOf(r), VulnerabilityReport.Parse(Samples.Read(r)), null)).ToList(),
        null, null);

    private static AcceptedVulnerability Accept(string id, string package, string expires) =>
        new(id, package, "mitigated by configuration", "platform-team", DateOnly.Parse(expires));

    private static string Failures(SupplyChainResult r) => FailureRenderer.RenderAll(r.Outcomes, Redactor.None);

    [Test]
    public void High_and_critical_findings_fail_one_outcome_each_and_the_same_advisory_from_two_scanners_is_one_finding()
    {
        var r = SupplyChainGate.Judge(Options(), Inputs("trivy.json", "grype.json"), Now);
        var failed = r.Outcomes.Where(o => o.Failed).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(r.Passed, Is.False);
            Assert.That(failed.Select(o => (o.CheckId, o.Subject)), Is.EqualTo(new[]
            {
                ("vuln_no_high_critical", "CVE-2024-5535 in openssl 3.0.11-1~deb12u2"),
                ("vuln_no_high_critical", "CVE-2023-4911 in libc6 2.36-9+deb12u4"),
                ("vuln_no_high_critical", "GHSA-8g4q-xg66-9fp4 in System.IdentityModel.Tokens.Jwt 8.23.0"),
            }));
            Assert.That(r.Findings.Single(f => f.Finding.AdvisoryId == "CVE-2024-5535").Scanners, Is.EqualTo(new[] { "trivy", "grype" }));
            Assert.That(r.Findings.Count(f => f.Verdict == FindingVerdict.BelowThreshold), Is.EqualTo(2), "MEDIUM zlib1g and LOW apt do not block");
        });
        Assert.That(FailureRenderer.Render(failed[0], Redactor.None), Is.EqualTo(
            "[supplychain] vuln_no_high_critical: CVE-2024-5535 in openssl 3.0.11-1~deb12u2   (severity critical · supply chain)\n" +
            "Expected: no CRITICAL or HIGH vulnerability, or one accepted until a date not yet past\n" +
            "Actual:   CRITICAL CVE-2024-5535 in openssl 3.0.11-1~deb12u2; fixed in 3.0.14-1~deb12u1; reported by trivy, grype\n" +
            "Hint:     Upgrade openssl to 3.0.14-1~deb12u1 (or later) and rebuild, or record an accepted vulnerability with reason, owner and expiry.\n"));
    }

    [Test]
    public void Accepted_finding_with_a_future_expiry_passes_as_accepted()
    {
        var r = SupplyChainGate.Judge(Options([Accept("CVE-2023-4911", "libc6", "2026-12-31")]), Inputs("trivy.json"), Now);
        var libc = r.Outcomes.Single(o => o.CheckId == "vuln_no_high_critical" && o.Subject.StartsWith("CVE-2023-4911"));
        Assert.Multiple(() =>
        {
            Assert.That(libc.Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(libc.Actual, Does.EndWith("ACCEPTED until 2026-12-31 (platform-team): mitigated by configuration"));
            Assert.That(r.Findings.Single(f => f.Finding.Package == "libc6").Verdict, Is.EqualTo(FindingVerdict.Accepted));
            Assert.That(r.Outcomes.Single(o => o.CheckId == "accepted_vuln_not_expired").Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(r.Outcomes.Where(o => o.Failed).Select(o => o.Subject), Is.EqualTo(new[] { "CVE-2024-5535 in openssl 3.0.11-1~deb12u2" }), "the unaccepted one still blocks");
        });
    }

    [Test]
    public void Acceptance_holds_through_its_expiry_day()
    {
        var r = SupplyChainGate.Judge(Options([Accept("CVE-2023-4911", "libc6", "2026-11-26")]), Inputs("trivy.json"), Now);
        Assert.That(r.Findings.Single(f => f.Finding.Package == "libc6").Verdict, Is.EqualTo(FindingVerdict.Accepted));
    }

    [Test]
    public void Expired_acceptance_blocks_again_and_says_it_expired()
    {
        var r = SupplyChainGate.Judge(Options([Accept("CVE-2023-4911", "libc6", "2026-10-31")]), Inputs("trivy.json"), Now);
        var expired = r.Outcomes.Single(o => o.CheckId == "accepted_vuln_not_expired");
        var blocking = r.Outcomes.Single(o => o.CheckId == "vuln_no_high_critical" && o.Subject.StartsWith("CVE-2023-4911"));
        Assert.Multiple(() =>
        {
            Assert.That(FailureRenderer.Render(expired, Redactor.None), Is.EqualTo(
                "[supplychain] accepted_vuln_not_expired: CVE-2023-4911 in libc6 (owner platform-team)   (severity high · supply chain)\n" +
                "Expected: an acceptance valid on 2026-11-26\n" +
                "Actual:   expired on 2026-10-31 (26 day(s) ago): mitigated by configuration\n" +
                "Hint:     The finding blocks the release again: fix it, or have the owner renew the entry with a new expiry date and reason.\n"));
            Assert.That(blocking.Failed);
            Assert.That(blocking.Actual, Does.EndWith("no fix released; reported by trivy; acceptance expired on 2026-10-31"));
            Assert.That(blocking.Hint, Does.StartWith("The acceptance by platform-team expired on 2026-10-31"));
        });
    }

    [Test]
    public void Acceptance_that_matches_nothing_is_listed_as_stale_and_does_not_fail()
    {
        var stale = Accept("CVE-2022-0001", "busybox", "2027-03-31");
        var r = SupplyChainGate.Judge(Options([stale]), Inputs("trivy-clean.json"), Now);
        Assert.Multiple(() =>
        {
            Assert.That(r.StaleAcceptances, Is.EqualTo(new[] { stale }));
            Assert.That(r.Passed, Is.True, Failures(r));
            Assert.That(SupplyChainReport.RenderVulnReport(r, "staging").ToString(),
                Does.Contain("| CVE-2022-0001 | busybox | platform-team | 2027-03-31 | mitigated by configuration | **stale**: matches no finding (remove it or correct the id / package) |"));
            Assert.That(SupplyChainGate.Summary(r, []).Figures.Single(f => f.Name == "stale acceptances").Actual, Is.EqualTo("CVE-2022-0001 in busybox"));
        });
    }

    [Test]
    public void Report_older_than_the_release_fails()
    {
        var r = SupplyChainGate.Judge(Options(releaseTime: DateTimeOffset.Parse("2026-11-20T10:18:00Z")), Inputs("trivy-clean.json"), Now);
        var old = r.Outcomes.Where(o => o.CheckId == "reports_not_older_than_release").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(old.Select(o => (o.Subject, o.Status)), Is.EqualTo(new[] { ("syft.cdx.json", CheckStatus.Failed), ("trivy-clean.json", CheckStatus.Passed) }));
            Assert.That(FailureRenderer.Render(old[0], Redactor.None), Is.EqualTo(
                "[supplychain] reports_not_older_than_release: syft.cdx.json   (severity medium · supply chain)\n" +
                "Expected: made at or after the release 2026-11-20T10:18:00Z\n" +
                "Actual:   made 2026-11-20T10:15:00Z, 0.1 h before the release\n" +
                "Hint:     The file predates the release build: scan and inventory the released artifact again.\n"));
        });
    }

    [Test]
    public void Report_older_than_the_maximum_age_fails()
    {
        var r = SupplyChainGate.Judge(Options(maxAge: TimeSpan.FromHours(72)), Inputs("trivy-clean.json"), Now);
        var trivy = r.Outcomes.Single(o => o.CheckId == "reports_not_older_than_release" && o.Subject == "trivy-clean.json");
        Assert.That(trivy.Failed);
        Assert.That(trivy.Actual, Is.EqualTo("made 2026-11-20T10:20:31Z, 5.7 days before the run"));
        Assert.That(trivy.Expected, Is.EqualTo("made within 72 h before the run (2026-11-23T03:00:00Z or later)"));
    }

    [Test]
    public void Report_naming_another_artifact_fails()
    {
        var other = ReleaseArtifact.Parse("sirim-api@1.5.1").Artifact;
        var r = SupplyChainGate.Judge(Options(artifact: other), Inputs("trivy-clean.json"), Now);
        var trivy = r.Outcomes.Single(o => o.CheckId == "reports_match_artifact" && o.Subject == "trivy-clean.json");
        Assert.That(FailureRenderer.Render(trivy, Redactor.None), Is.EqualTo(
            "[supplychain] reports_match_artifact: trivy-clean.json   (severity high · supply chain)\n" +
            "Expected: describes sirim-api@1.5.1\n" +
            $"Actual:   describes ghcr.io/sirim/sirim-api@1.5.0, {Samples.Digest}\n" +
            "Hint:     The file was made from another build or version: regenerate it from the released artifact, or correct SIRIM_RELEASE_ARTIFACT.\n"));
    }

    [Test]
    public void Clean_reports_of_the_released_digest_pass_every_check()
    {
        var r = SupplyChainGate.Judge(Options(artifact: ReleaseArtifact.Parse(Samples.Digest).Artifact, releaseTime: DateTimeOffset.Parse("2026-11-20T10:00:00Z")),
            Inputs("trivy-clean.json"), Now);
        Assert.Multiple(() =>
        {
            Assert.That(r.Passed, Is.True, Failures(r));
            Assert.That(r.Outcomes.Where(o => o.Status == CheckStatus.Passed).Select(o => o.CheckId).Distinct(), Is.EqualTo(new[]
                { "sbom_present_and_parsable", "vuln_report_parsable", "vuln_no_high_critical", "reports_match_artifact", "reports_not_older_than_release" }));
            Assert.That(r.Outcomes.Single(o => o.CheckId == "build_reproducible").Status, Is.EqualTo(CheckStatus.NotApplicable));
            var summary = SupplyChainGate.Summary(r, []);
            Assert.That(summary.Status, Is.EqualTo(Core.Evidence.GateStatus.Pass));
            Assert.That(summary.Figures[0], Is.EqualTo(new Core.Evidence.KeyFigure("blocking vulnerabilities", "0", "0 CRITICAL/HIGH unaccepted", true)));
        });
    }

    [Test]
    public void Missing_and_unreadable_files_fail_their_checks()
    {
        var inputs = new SupplyChainInputs(new DocumentRead<SbomDocument>("/x/sbom.json", null, "file not found"),
            [new DocumentRead<VulnerabilityReport>("/x/scan.sarif", null, "neither a Trivy JSON report")], null, null);
        var r = SupplyChainGate.Judge(Options(), inputs, Now);
        Assert.Multiple(() =>
        {
            Assert.That(r.Outcomes.Where(o => o.Failed).Select(o => (o.CheckId, o.Actual)), Is.EqualTo(new[]
            {
                ("sbom_present_and_parsable", (string?)"/x/sbom.json: file not found"),
                ("vuln_report_parsable", "/x/scan.sarif: neither a Trivy JSON report"),
            }));
            Assert.That(r.Outcomes.Any(o => o.CheckId == "vuln_no_high_critical"), Is.False, "no readable report: nothing to call clean");
        });
    }

    [Test]
    public void Sbom_without_reports_fails_the_missing_scan()
    {
        var inputs = Inputs() with { Reports = [] };
        var r = SupplyChainGate.Judge(Options(), inputs, Now);
        Assert.That(r.Outcomes.Single(o => o.Failed).Actual, Is.EqualTo("no vulnerability report: supplyChainVulnReports (SIRIM_VULN_REPORTS) is unset"));
    }

    [Test]
    public void Vuln_report_lists_counts_and_every_blocking_finding_with_fix_and_acceptance()
    {
        var r = SupplyChainGate.Judge(Options([Accept("GHSA-8g4q-xg66-9fp4", "System.IdentityModel.Tokens.Jwt", "2027-01-15")]), Inputs("trivy.json", "grype.json"), Now);
        var md = SupplyChainReport.RenderVulnReport(r, "production").ToString();
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.StartWith("# Vulnerability report — production\n\n**Verdict: FAIL** — 2 blocking finding(s), 2 failing check(s)"));
            Assert.That(md, Does.Contain("| CRITICAL | 1 | 1 | 0 |").And.Contain("| HIGH | 2 | 1 | 1 |").And.Contain("| MEDIUM | 1 | 0 | 0 |").And.Contain("| LOW | 1 | 0 | 0 |"));
            Assert.That(md, Does.Contain("| CRITICAL | CVE-2024-5535 | openssl | 3.0.11-1~deb12u2 | 3.0.14-1~deb12u1 | yes | trivy, grype | **BLOCKING** |"));
            Assert.That(md, Does.Contain("| HIGH | CVE-2023-4911 | libc6 | 2.36-9+deb12u4 |  | no | trivy | **BLOCKING** |"));
            Assert.That(md, Does.Contain("| HIGH | GHSA-8g4q-xg66-9fp4 | System.IdentityModel.Tokens.Jwt | 8.23.0 |  | no | grype | ACCEPTED until 2027-01-15 (platform-team) |"));
            Assert.That(md, Does.Contain("| format | CycloneDX 1.6 |").And.Contain("| made by | syft 1.18.1 |").And.Contain("| components | 6 |")
                .And.Contain("| (none stated) | 2 |").And.Contain("| PostgreSQL | 1 |"));
            Assert.That(md, Does.Contain("| vuln_no_high_critical | CVE-2024-5535 in openssl 3.0.11-1~deb12u2 | **FAIL** |"));
        });
    }
}
