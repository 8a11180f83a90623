using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>
/// Each seeded contracts defect against the reference target, with the gate run in-process through
/// <see cref="Running.ContractsExecution"/> (what the suite runs): exactly its named check fails with a message naming route,
/// expected and actual. Part of <see cref="ContractsGateVsReferenceTargetTests"/>: one deployment for both, the target
/// switched to each defect while it runs.
/// </summary>
public sealed partial class ContractsGateVsReferenceTargetTests
{
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
    [TestCase("gastos_search_sql_concatenated", "injection_not_interpreted", "GET /api/gastos: ",
        "query parameter 'q' = \"' OR '1'='1~zq")]
    [TestCase("gastos_search_quote_500", "injection_no_server_error", "GET /api/gastos: ",
        "(single_quote) → 500")]
    public async Task Seeded_defect_fails_exactly_its_check(string defect, string checkId, string route, string actual)
    {
        await Reference.UseDefectAsync(defect);
        var execution = await RunInProcessAsync(Reference.Environment);
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
}
