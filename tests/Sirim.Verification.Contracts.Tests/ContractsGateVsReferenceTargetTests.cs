using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>
/// The whole contracts gate (the built gates dll, filtered to Category=Contracts) against the reference target:
/// clean → zero failures; each seeded defect → its check fails, and no other check does, with a message naming it.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class ContractsGateVsReferenceTargetTests
{
    private ReferenceFixture _reference = null!;

    [OneTimeSetUp]
    public async Task StartReference() => _reference = await ReferenceFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopReference() => await _reference.DisposeAsync();

    private async Task<SuiteRunResult> RunGateAsync(string? defect)
    {
        await _reference.UseDefectAsync(defect);
        return await SuiteRunner.RunAsync(_reference.Environment, "Category=Contracts", TimeSpan.FromMinutes(2));
    }

    [Test]
    public async Task Clean_target_passes_with_zero_failures()
    {
        var run = await RunGateAsync(null);
        Assert.That(run.Failed, Is.Empty, run.Describe());
        Assert.That(run.Results.Count(r => r.Status == "passed"), Is.GreaterThan(60), run.Describe());
        var validation = run.ReadEvidence("contracts_validation.md");
        Assert.That(validation, Does.Contain("## Coverage matrix").And.Contain("0 failed, 0 uncovered"));
        Assert.That(run.ReadEvidence("errors_json_validation.md"), Does.Contain("| standard shape |").And.Not.Contain("**INVALID**"));
    }

    [TestCase("contracts_empresa_missing_field", "response_schema_conformance", "GET /api/empresas/", "required property 'rnc' is missing")]
    [TestCase("contracts_version_undeclared_status", "status_code_declared", "GET /api/version", "Actual:   203")]
    [TestCase("contracts_error_html", "error_is_json", "/sirim-verify-", "text/html")]
    [TestCase("contracts_error_other_shape", "error_shape_conforms", "GET /api/gastos", "required property 'type' is missing")]
    [TestCase("gastos_500_on_bad_query", "not_a_server_error", "GET /api/gastos?empresaId=not-a-number", "Actual:   500")]
    [TestCase("contracts_users_ignore_missing_token", "auth_required", "GET /api/users", "Expected: 401")]
    [TestCase("contracts_wrong_method_404", "method_not_allowed", "Allow:", "Actual:   404")]
    [TestCase("contracts_served_contract_drift", "contract_drift", "GET /openapi.json", "GET /api/users: operation removed")]
    public async Task Seeded_defect_fails_exactly_its_check(string defect, string checkId, string route, string actual)
    {
        var run = await RunGateAsync(defect);
        var failed = run.Failed.ToList();
        Assert.That(failed, Is.Not.Empty, $"{defect} went unnoticed:\n{run.Describe()}");
        foreach (var f in failed)
            Assert.That(f.Message, Does.Contain($"[contracts] {checkId}:"), $"{defect}: another check failed in {f.Name}:\n{f.Message}");
        var messages = string.Join("\n", failed.Select(f => f.Message));
        Assert.That(messages, Does.Contain(route).And.Contain(actual).And.Contain("Reproduce: curl"), messages);
    }
}
