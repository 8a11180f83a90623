using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>coverage_complete: a case nobody sent fails in the standard shape with the reason and how to exclude it on purpose.</summary>
public sealed class CoverageOutcomesTests
{
    private static ContractRun Run(params CaseResult[] cases) =>
        new(null, null, null, [], cases, [], CleanupAccount.Empty(ContractsGate.Name, "r1", "nothing created"), false, TimeSpan.Zero);

    private static readonly CaseResult Uncovered = CaseResult.NotSent("POST /api/gastos", "gastos", "body_too_large", CaseState.Uncovered, "no body limit configured");

    [Test]
    public void An_uncovered_cell_names_the_case_the_reason_and_the_exclusion_setting()
    {
        Assert.That(FailureRenderer.Render(CoverageOutcomes.CellUncovered(Uncovered), Redactor.None), Is.EqualTo(
            "[contracts] coverage_complete: POST /api/gastos   (case body_too_large)   (severity high · contract gap)\n" +
            "Expected: the case exercised, or excluded in contractsExclusions with a reason\nActual:   not sent: no body limit configured\n" +
            "Hint:     exclude a case deliberately with contractsExclusions (SIRIM_CONTRACTS_EXCLUDE) 'METHOD /path case: reason'.\n"));
    }

    [Test]
    public void A_missing_cell_says_the_contract_changed_since_discovery()
    {
        var text = FailureRenderer.Render(CoverageOutcomes.CellMissing("GET /api/empresas", "positive"), Redactor.None);
        Assert.That(text, Does.StartWith("[contracts] coverage_complete: GET /api/empresas   (severity high · contract gap)\nExpected: case positive exercised\n" +
            "Actual:   the run has no such cell (the contract changed since discovery?)\nHint:     "));
    }

    [Test]
    public void The_matrix_passes_when_every_cell_was_sent_or_excluded_and_lists_each_gap_otherwise()
    {
        var sent = CaseResult.Judged("GET /api/empresas", "empresas", "positive", null, [], []);
        var excluded = CaseResult.NotSent("DELETE /api/empresas/{id}", "empresas", "positive", CaseState.Excluded, "never delete");
        Assert.Multiple(() =>
        {
            Assert.That(CoverageOutcomes.Matrix(Run(sent, excluded)).Status, Is.EqualTo(CheckStatus.Passed));
            var failed = CoverageOutcomes.Matrix(Run(sent, excluded, Uncovered));
            Assert.That((failed.Status, failed.Subject), Is.EqualTo((CheckStatus.Failed, "the contract")));
            Assert.That(failed.Actual, Is.EqualTo("1 not exercised (0 sent):\n  POST /api/gastos body_too_large: no body limit configured"));
        });
    }
}
