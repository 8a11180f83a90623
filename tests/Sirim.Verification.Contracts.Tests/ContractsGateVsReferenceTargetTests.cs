using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>
/// The contracts gate against the reference target: the real suite (the built gates dll, Category=Contracts) on the
/// clean target passes with zero failures and writes its evidence; each seeded defect, with the gate run in-process
/// through <see cref="ContractsExecution"/> (what the suite runs), makes exactly its named check fail with a message
/// naming route, expected and actual; one defect also goes through the real suite to prove the failure reaches the report.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class ContractsGateVsReferenceTargetTests : AgainstReferenceTarget
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(2);

    [Test, Order(1)]
    public async Task Clean_target_passes_the_real_suite_with_zero_failures()
    {
        await Reference.UseDefectAsync(null);
        var run = await SuiteRunner.RunAsync(Reference.Environment, "Category=Contracts", SuiteTimeout);
        Assert.That(run.Failed, Is.Empty, run.Describe());
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
        Assert.That(run.Results.Count(r => r.Status == "passed"), Is.GreaterThan(60), run.Describe());
        var validation = run.ReadEvidence("contracts_validation.md");
        Assert.That(validation, Does.Contain("## Coverage matrix").And.Contain("0 failed, 0 uncovered").And.Contain("No semantic difference."));
        Assert.That(run.ReadEvidence("errors_json_validation.md"), Does.Contain("| standard shape |").And.Not.Contain("**INVALID**"));
    }

    // defect, the check that must fail (the only one), the subject it names, a piece of the actual value.
    [TestCase("contracts_empresa_missing_field", "response_schema_conformance", "GET /api/empresas/", "required property 'rnc' is missing")]
    [TestCase("contracts_version_undeclared_status", "status_code_declared", "GET /api/version", "Actual:   203")]
    [TestCase("contracts_error_html", "error_is_json", "/sirim-verify-", "text/html")]
    [TestCase("contracts_error_other_shape", "error_shape_conforms", "GET /api/gastos", "required property 'type' is missing")]
    [TestCase("gastos_500_on_bad_query", "not_a_server_error", "GET /api/gastos?empresaId=not-a-number", "Actual:   500")]
    [TestCase("contracts_users_ignore_missing_token", "auth_required", "GET /api/users", "Expected: 401")]
    [TestCase("contracts_wrong_method_404", "method_not_allowed", "Allow:", "Actual:   404")]
    [TestCase("contracts_served_contract_drift", "contract_drift", "GET /openapi.json", "GET /api/users: operation removed")]
    [TestCase("contracts_version_text_plain", "content_type_declared", "GET /api/version", "Actual:   Content-Type text/plain; charset=utf-8")]
    [TestCase("contracts_version_no_request_id", "response_headers_present", "GET /api/version", "Actual:   missing X-Request-Id")]
    [TestCase("contracts_empresa_always_404", "positive_accepted", "GET /api/empresas/", "Actual:   404 Not Found")]
    [TestCase("contracts_gastos_page_unbounded", "negative_rejected", "GET /api/gastos", "Actual:   200 OK")]
    [Order(2)]
    public async Task Seeded_defect_fails_exactly_its_check(string defect, string checkId, string route, string actual)
    {
        await Reference.UseDefectAsync(defect);
        var execution = await RunInProcessAsync();
        var failed = execution.Outcomes().Where(o => o.Failed).ToList();
        var rendered = string.Join("\n\n", failed.Select(o => FailureRenderer.Render(o, Redactor.None)));
        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.Not.Empty, $"{defect} went unnoticed");
            Assert.That(failed.Select(o => o.CheckId).Distinct(), Is.EqualTo(new[] { checkId }), $"{defect}: other checks failed too:\n{rendered}");
            Assert.That(execution.Run!.Uncovered.Select(u => $"{u.OperationKey} {u.CaseId}: {u.Reason}"), Is.Empty);
            Assert.That(rendered, Does.Contain($"[contracts] {checkId}: ").And.Contain(route).And.Contain(actual).And.Contain("Reproduce: curl"));
        });
    }

    [Test]
    public void Every_contracts_defect_of_the_catalogue_has_a_case_naming_its_check()
    {
        var cases = CaseArguments(nameof(Seeded_defect_fails_exactly_its_check)).ToDictionary(a => (string)a[0]!, a => (string)a[1]!);
        var contracts = SeededDefects.OfGate("contracts").ToDictionary(d => d.Id, d => d.CaughtBy);
        Assert.That(contracts.Keys, Is.SubsetOf(cases.Keys), "a contracts defect of defects.json has no case above");
        foreach (var (id, caughtBy) in contracts) Assert.That(cases[id], Is.EqualTo(caughtBy), $"defects.json says {id} is caught by {caughtBy}");
    }

    [Test, Order(3)]
    public async Task A_defect_fails_the_real_suite_with_the_standard_failure_shape()
    {
        await Reference.UseDefectAsync("contracts_empresa_missing_field");
        var run = await SuiteRunner.RunAsync(Reference.Environment, "Category=Contracts", SuiteTimeout);
        var failed = run.Failed.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(failed.Select(f => f.Name), Has.All.Contains("GET /api/empresas/{id}").And.Not.Empty, run.Describe());
            Assert.That(failed.Select(f => f.Message), Has.All.Contain("[contracts] response_schema_conformance: GET /api/empresas/")
                .And.All.Contain("Actual:   #/rnc: required property 'rnc' is missing").And.All.Contain("Reproduce: curl"));
            Assert.That(run.GoNoGo, Does.Contain("| contracts | FAIL |"));
            Assert.That(run.ReadEvidence("contracts_validation.md"), Does.Contain("### GET /api/empresas/{id} — positive"));
        });
    }

    private async Task<ContractsExecution> RunInProcessAsync()
    {
        var env = Reference.Environment;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        var target = loaded.Options!;
        using var client = new ExchangeClient(target.RequestTimeout, target.TlsSkipVerify);
        var execution = await ContractsExecution.RunAsync(target, RepositoryRoot.Find(), client, CancellationToken.None);
        Assert.That(execution.Problem, Is.Null);
        return execution;
    }
}
