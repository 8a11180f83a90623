using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Tests;

/// <summary>post_deploy_validation.md rendered from recorded gate summaries: sections, verdicts, parameters, figures, links.</summary>
public sealed class PostDeployValidationReportTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("sirim-postdeploy-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, true);

    private static readonly PostDeployValidationReport.Parameter[] Parameters =
    [
        new("all", "apiBaseUrl (SIRIM_API_URL)", "https://api.sirim.example [Environment]"),
        new("all", "password (SIRIM_PASSWORD)", "set [Environment]"),
        new("load", "p95Budget (SIRIM_P95_BUDGET)", "p95 < 300ms [Default]"),
        new("contracts", "errorMediaType (SIRIM_ERROR_MEDIA_TYPE)", "application/problem+json [Default]"),
        new("pool", "expectedPoolSize (SIRIM_EXPECTED_POOL_SIZE)", "20 [Default]"),
    ];

    private GateSummary Gate(string name, GateStatus status, int passed, int failed, KeyFigure[]? figures = null, string[]? evidence = null, string[]? failures = null, string? reason = null) =>
        new(name, status, passed, failed, 0, figures ?? [], (evidence ?? []).Select(e => Path.Combine(_dir, e)).ToList(), failures ?? [], reason);

    [Test]
    public void Every_validation_passed()
    {
        var run = new EvidenceRun(_dir, "production", "r7", Redactor.None);
        var gates = new[]
        {
            Gate("e2e", GateStatus.Pass, 4, 0, evidence: ["e2e/flows.md"]),
            Gate("integrity", GateStatus.Pass, 1, 0, evidence: ["integridad_frontend_release.md"]),
            Gate("contracts", GateStatus.Pass, 12, 0, [new KeyFigure("operations checked", "14", "", null)], ["contracts_report.md"]),
            Gate("load", GateStatus.Pass, 2, 0, [new KeyFigure("normal p95", "41 ms", "p95 < 300ms", true)], ["load/normal.md", "load/normal-raw.csv"]),
            Gate("pool", GateStatus.Fail, 0, 1),
        };
        var md = PostDeployValidationReport.Render(run, gates, Parameters).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.StartWith("# Post-deploy validation — production — run r7\n\n**Verdict: PASS** — the E2E flows, the contract and JSON errors and the light load all passed."));
            Assert.That(md, Does.Contain("| E2E black-box (frontend ↔ API) | PASS | e2e, integrity |\n| OpenAPI contract and JSON errors | PASS | contracts |\n| Light load | PASS | load |"));
            Assert.That(md, Does.Contain("## Target\n\n| parameter | value |\n| --- | --- |\n| apiBaseUrl (SIRIM_API_URL) | https://api.sirim.example [Environment] |\n| password (SIRIM_PASSWORD) | set [Environment] |"));
            Assert.That(md, Does.Contain("### load: PASS\n\n2 passed, 0 failed, 0 skipped.\n\nParameters:\n\n| parameter | value |\n| --- | --- |\n| p95Budget (SIRIM_P95_BUDGET) | p95 < 300ms [Default] |"));
            Assert.That(md, Does.Contain("| normal p95 | 41 ms | p95 < 300ms | yes |"));
            Assert.That(md, Does.Contain("Raw evidence: [normal.md](load/normal.md), [normal-raw.csv](load/normal-raw.csv)"));
            Assert.That(md, Does.Contain("| errorMediaType (SIRIM_ERROR_MEDIA_TYPE) | application/problem+json [Default] |"));
            Assert.That(md, Does.Not.Contain("expectedPoolSize").And.Not.Contain("### pool"), "the pool is not a step 6 validation");
            Assert.That(md, Does.EndWith("Every gate of the run: [go_no_go_prod.md](go_no_go_prod.md).\n\n"));
        });
    }

    [Test]
    public void Failed_and_missing_validations_are_named_with_their_failures()
    {
        var run = new EvidenceRun(_dir, "staging", "r8", Redactor.None);
        var gates = new[]
        {
            Gate("e2e", GateStatus.Pass, 4, 0),
            Gate("contracts", GateStatus.Fail, 10, 2, failures: ["Operations_answer_as_declared: [contracts] status_code_declared: GET /api/gastos/42\nExpected: one of 200, 404"]),
            Gate("load", GateStatus.NotRun, 0, 0, reason: "NOT RUN: loadAllowedHosts is empty"),
        };
        var md = PostDeployValidationReport.Render(run, gates, Parameters).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("**Verdict: NOT PASSED** — E2E black-box (frontend ↔ API): NOT RUN; OpenAPI contract and JSON errors: FAIL; Light load: NOT RUN."));
            Assert.That(md, Does.Contain("### integrity: NOT RUN\n\nNo result recorded in this run."));
            Assert.That(md, Does.Contain("Failures:\n\n- Operations_answer_as_declared: [contracts] status_code_declared: GET /api/gastos/42\n"));
            Assert.That(md, Does.Contain("### load: NOT RUN\n\n0 passed, 0 failed, 0 skipped. NOT RUN: loadAllowedHosts is empty"));
            Assert.That(md, Does.Contain("Raw evidence: (none recorded)"));
            Assert.That(md, Does.EndWith("[go_no_go.md](go_no_go.md).\n\n"));
        });
    }
}
