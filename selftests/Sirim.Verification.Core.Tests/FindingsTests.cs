using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Findings;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Tests;

/// <summary>Blocking severities, accepted deviations (before and after expiry, stale, malformed), the trend and go_no_go.md.</summary>
public sealed class FindingsTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Path.Combine(Path.GetTempPath(), "sirim-findings-tests-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveFolder() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    private static CheckOutcome Fail(string gate, string check, string subject, Severity severity) =>
        CheckOutcome.Fail(gate, check, subject, severity, "expected", "actual");

    private static IReadOnlyList<AcceptedDeviation> Deviations(string json)
    {
        var (entries, errors) = AcceptedDeviation.Parse(json, "deviations.json");
        Assert.That(errors, Is.Empty);
        return entries;
    }

    [TestCase("critical,high", Severity.Medium, FindingDisposition.NonBlocking)]
    [TestCase("critical,high", Severity.High, FindingDisposition.Blocking)]
    [TestCase(null, Severity.Low, FindingDisposition.Blocking)]
    public void Blocking_severities_decide_whether_a_finding_blocks(string? setting, Severity severity, FindingDisposition expected)
    {
        var errors = new List<string>();
        var policy = new FindingPolicy(BlockingSeverities.Parse(setting, "blockingSeverities", errors), [], Today);
        Assert.That(errors, Is.Empty);
        Assert.That(policy.Judge(Fail("contracts", "negative_rejected", "GET /api/gastos?empresaId=x", severity), s => s).Disposition, Is.EqualTo(expected));
    }

    [TestCase("critical,urgent", "blockingSeverities: 'urgent' is not a severity; allowed: critical, high, medium, low (comma-separated).")]
    [TestCase("high,medium", "blockingSeverities: 'high,medium' lets critical findings through; a critical finding always blocks: include 'critical'.")]
    [TestCase(" , ", "blockingSeverities: empty; name at least one severity that blocks a GO (critical, high, medium, low), e.g. 'critical,high'.")]
    public void Blocking_severities_are_validated(string setting, string error)
    {
        var errors = new List<string>();
        BlockingSeverities.Parse(setting, "blockingSeverities", errors);
        Assert.That(errors, Is.EqualTo(new[] { error }));
    }

    private const string OneDeviation = """
        {"deviations": [
          {"check": "negative_rejected", "subject": "GET /api/gastos?empresaId=*", "reason": "the API answers 400, the document lists 401/404; fixed in 2.3", "owner": "api-team", "expires": "2026-12-31"},
          {"check": "nosniff", "gate": "security", "subject": "GET /legacy*", "reason": "legacy proxy", "owner": "ops", "expires": "2026-12-31"}
        ]}
        """;

    [Test]
    public void An_accepted_deviation_never_blocks_before_its_expiry_and_blocks_again_after_it()
    {
        var finding = Fail("contracts", "negative_rejected", "GET /api/gastos?empresaId=abc   (operation GET /api/gastos, case wrong_type)", Severity.High);
        var before = new FindingPolicy(BlockingSeverities.All, Deviations(OneDeviation), new DateOnly(2026, 12, 31)).Judge(finding, s => s);
        Assert.That((before.Disposition, before.Blocks), Is.EqualTo((FindingDisposition.AcceptedDeviation, false)));
        Assert.That(before.Deviation, Is.EqualTo("ACCEPTED DEVIATION until 2026-12-31 (api-team: the API answers 400, the document lists 401/404; fixed in 2.3)"));
        var after = new FindingPolicy(BlockingSeverities.All, Deviations(OneDeviation), new DateOnly(2027, 1, 1)).Judge(finding, s => s);
        Assert.That((after.Disposition, after.Blocks), Is.EqualTo((FindingDisposition.AcceptanceExpired, true)));
        Assert.That(after.Deviation, Does.StartWith("accepted deviation EXPIRED on 2026-12-31 (api-team:").And.EndWith("it blocks again"));
    }

    [Test]
    public void A_deviation_that_matched_nothing_is_stale_and_one_of_another_check_or_gate_does_not_match()
    {
        var policy = new FindingPolicy(BlockingSeverities.All, Deviations(OneDeviation), Today);
        Assert.That(policy.Judge(Fail("contracts", "status_code_declared", "GET /api/gastos?empresaId=abc", Severity.Low), s => s).Disposition, Is.EqualTo(FindingDisposition.Blocking));
        Assert.That(policy.Judge(Fail("e2e", "nosniff", "GET /legacy/app.js", Severity.Medium), s => s).Disposition, Is.EqualTo(FindingDisposition.Blocking));
        policy.Judge(Fail("contracts", "negative_rejected", "GET /api/gastos?empresaId=abc", Severity.High), s => s);
        Assert.That(policy.Stale().Select(d => d.Describe), Is.EqualTo(new[] { "nosniff on 'GET /legacy*' (gate security), owner ops, expires 2026-12-31" }));
    }

    [Test]
    public void Malformed_deviations_are_configuration_errors_listed_at_once()
    {
        const string json = """
            {"deviations": [
              {"check": "negative_rejected", "subject": "GET /a", "reason": "r", "owner": "o", "expires": "31/12/2026"},
              {"check": "negative_rejected", "subject": "GET /b", "owner": "o", "expires": "2026-12-31"},
              {"check": "negativ_rejected", "subject": "GET /c", "reason": "r", "owner": "o", "expires": "2026-12-31"},
              {"check": "nosniff", "subject": "GET /d", "reason": "r", "owner": "o", "expires": "2026-12-31"},
              {"check": "nosniff", "subject": "GET /d", "reason": "again", "owner": "o", "expires": "2026-12-31"},
              "nosniff"
            ]}
            """;
        var (entries, errors) = AcceptedDeviation.Parse(json, "accepted-deviations/staging.json");
        Assert.That(entries.Select(e => e.SubjectPattern), Is.EqualTo(new[] { "GET /d" }));
        Assert.That(errors, Is.EqualTo(new[]
        {
            "accepted-deviations/staging.json: deviations[0] (negative_rejected): expires '31/12/2026' is not a date; allowed: YYYY-MM-DD, the last day the acceptance holds",
            "accepted-deviations/staging.json: deviations[1] (negative_rejected): reason missing or empty; every accepted deviation names the check id, the subject pattern (route or operation, * for any text), the reason, the owner and the expiry date",
            "accepted-deviations/staging.json: deviations[4] (nosniff on 'GET /d'): accepted twice; keep one entry per check and subject pattern",
            "accepted-deviations/staging.json: deviations[5] is not an object; each entry has check, subject, reason, owner, expires",
            "accepted-deviations/staging.json: deviations[2] (negativ_rejected): no check has this id; allowed: a check id of the findings table (README \"Findings\"), e.g. negative_rejected",
        }));
        Assert.That(AcceptedDeviation.Parse("{\"accepted\": []}", "x.json").Errors.Single(), Does.Contain("no \"deviations\" array"));
    }

    [Test]
    public void The_fingerprint_ignores_ids_and_times_the_run_created()
    {
        var a = Finding.FingerprintOf("contracts", "auth_required", "DELETE /api/gastos/4711   (operation DELETE /api/gastos/{id}, case missing_credentials)");
        var b = Finding.FingerprintOf("contracts", "auth_required", "DELETE /api/gastos/9   (operation DELETE /api/gastos/{id}, case missing_credentials)");
        var other = Finding.FingerprintOf("contracts", "auth_required", "DELETE /api/empresas/9   (operation DELETE /api/empresas/{id}, case missing_credentials)");
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(other));
        Assert.That(Finding.StableSubject("load normal 20261126T051743Z 412 ms /x/0f8fad5b-d9cb-469f-a165-70867728950e"), Is.EqualTo("load normal {run} {t} /x/{uuid}"));
        Assert.That(Finding.StableSubject("PUT /api/gastos/{id} as sofia (lector) on the verification user's resource 62 in empresa 1"),
            Is.EqualTo("PUT /api/gastos/{id} as sofia (lector) on the verification user's resource {id} in empresa 1"), "an id in words is the run's; the empresa is configuration");
    }

    [Test]
    public void Two_runs_say_which_findings_are_new_gone_and_persisting()
    {
        var policy = FindingPolicy.Strict;
        Finding F(string check, string subject, Severity s = Severity.High) => policy.Judge(Fail("contracts", check, subject, s), x => x);
        var first = new[] { F("negative_rejected", "GET /api/gastos?empresaId=x"), F("not_a_server_error", "GET /api/gastos/12") };
        var second = new[] { F("not_a_server_error", "GET /api/gastos/57"), F("response_schema_conformance", "GET /api/empresas/1") };

        var previousDir = Path.Combine(_dir, "20261125T000000Z");
        var currentDir = Path.Combine(_dir, "20261126T000000Z");
        Directory.CreateDirectory(previousDir);
        Directory.CreateDirectory(currentDir);
        File.WriteAllText(Path.Combine(previousDir, FindingsTrend.FileName), FindingsTrend.Serialize(first));
        Directory.CreateDirectory(Path.Combine(_dir, "20261127T000000Z")); // a later run is never "previous"

        var found = FindingsTrend.FindPreviousRun(currentDir, null);
        Assert.That(found, Is.EqualTo(previousDir));
        var trend = FindingsTrend.Compare("20261125T000000Z", FindingsTrend.Read(Path.Combine(found!, FindingsTrend.FileName)), second.Select(FindingRecord.Of).ToList());
        Assert.That(trend.New.Select(r => r.CheckId), Is.EqualTo(new[] { "response_schema_conformance" }));
        Assert.That(trend.Gone.Select(r => r.CheckId), Is.EqualTo(new[] { "negative_rejected" }));
        Assert.That(trend.Persisting.Select(r => r.Subject), Is.EqualTo(new[] { "GET /api/gastos/{id}" }));
        Assert.That(FindingsTrend.Serialize(first), Is.EqualTo(FindingsTrend.Serialize(first.Reverse())), "findings.json does not depend on the order findings were seen");
        Assert.That(FindingsTrend.Serialize(first), Does.Contain("\"kind\": \"accepted\"").And.Contain("\"severity\": \"high\"").And.Not.Contain("2026"));
    }

    [Test]
    public void The_previous_runs_allure_history_is_copied_into_this_runs_results()
    {
        var previous = Path.Combine(_dir, "prev");
        Directory.CreateDirectory(Path.Combine(previous, "allure-report", "history"));
        File.WriteAllText(Path.Combine(previous, "allure-report", "history", "history-trend.json"), "[{\"data\":{\"passed\":3}}]");
        var results = Path.Combine(_dir, "now", "allure-results");
        Assert.That(FindingsTrend.CopyAllureHistory(previous, results), Does.StartWith("Allure history: 1 file(s)"));
        Assert.That(File.ReadAllText(Path.Combine(results, "history", "history-trend.json")), Does.Contain("passed"));
        Assert.That(FindingsTrend.CopyAllureHistory(Path.Combine(_dir, "none"), results), Does.StartWith("no Allure history"));
    }

    [Test]
    public void Go_no_go_lists_critical_and_high_first_and_a_gate_with_only_low_findings_passes_with_them_shown()
    {
        var policy = new FindingPolicy(new BlockingSeverities(new HashSet<Severity> { Severity.Critical, Severity.High }), [], Today);
        Finding F(string gate, string check, string subject, Severity s) => policy.Judge(Fail(gate, check, subject, s), x => x);
        var security = new GateSummary("security", GateStatus.Fail, 5, 1, 0, [], [], ["Forged_tokens_are_refused: …"], null,
            [F("security", "token_alg_none_rejected", "GET /api/me — alg_none", Severity.Critical), F("security", "nosniff", "GET /", Severity.Medium)]);
        var contracts = new GateSummary("contracts", GateStatus.Pass, 40, 0, 0, [], [], [], null,
            [F("contracts", "negative_rejected", "GET /api/gastos?empresaId=x", Severity.Low).Seen(), F("contracts", "status_code_declared", "GET /api/x", Severity.Low)]);
        var run = new EvidenceRun(_dir, "staging", "r1", Redactor.None);
        var text = GoNoGoReport.Render(run, [security, contracts], ["security", "contracts"], [], ["security", "contracts"]).ToString();

        var top = text.IndexOf("## Act on these first (critical and high findings)", StringComparison.Ordinal);
        Assert.That(top, Is.GreaterThan(0).And.LessThan(text.IndexOf("## Gates", StringComparison.Ordinal)));
        Assert.That(text, Does.Contain("- **CRITICAL** [security] accepted — `token_alg_none_rejected`: GET /api/me — alg_none → stop the release"));
        Assert.That(text, Does.Contain("| contracts | PASS (with 2 low findings) | yes | 40 passed, 0 failed, 0 skipped | critical 0 · high 0 · medium 0 · low 2; contract gap 2 |"));
        Assert.That(text, Does.Contain("## Other findings (medium and low), by gate and kind"));
        Assert.That(text.IndexOf("`nosniff`", StringComparison.Ordinal), Is.GreaterThan(text.IndexOf("## Other findings", StringComparison.Ordinal)));
    }
}

internal static class FindingTestExtensions
{
    /// <summary>The same finding judged as a contract gap (what negative_rejected reports for an undocumented 4xx).</summary>
    public static Finding Seen(this Finding f) => f with { Kind = FindingKind.ContractGap };
}

/// <summary>Findings read back from a failure message a gate rendered itself (E2E flows, preconditions).</summary>
public sealed class FindingsFromMessagesTests
{
    [Test]
    public void Every_standard_header_of_a_rendered_failure_is_a_finding()
    {
        const string message = "2 checks failed:\n\n" +
            "[e2e] gasto_api_to_ui: flow gasto_round_trip: created by POST /api/gastos (id 66), shown in the UI   (severity critical · broken flow)\n" +
            "Expected: the gasto in the list\nActual:   not found\n\n" +
            "[e2e] no_console_errors: flow gasto_round_trip   (severity high · broken flow)\nExpected: no console errors\n";
        var findings = Finding.FromMessage(message);
        Assert.That(findings.Select(f => (f.Gate, f.CheckId, f.Kind, f.Severity)), Is.EqualTo(new[]
        {
            ("e2e", "gasto_api_to_ui", FindingKind.BrokenFlow, Severity.Critical),
            ("e2e", "no_console_errors", FindingKind.BrokenFlow, Severity.High),
        }));
        Assert.That(Finding.FromMessage("[load] load_plan_valid: profile peak\nExpected: a valid load plan").Single().Kind, Is.EqualTo(FindingKind.Prerequisite));
        Assert.That(Finding.FromMessage("The configuration is not valid; nothing was sent to the target."), Is.Empty);
    }
}
