using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Contracts.Running;

/// <summary>
/// <c>coverage_complete</c>: every applicable operation × case of the contract is exercised, or excluded on purpose in
/// contractsExclusions with a reason. A case nobody sent is a gap in the evidence, not a pass.
/// </summary>
public static class CoverageOutcomes
{
    public const string Id = "coverage_complete";
    private const string ExcludeHint = "exclude a case deliberately with contractsExclusions (SIRIM_CONTRACTS_EXCLUDE) 'METHOD /path case: reason'.";

    /// <summary>A case the catalogue lists but the run does not have (the contract changed between discovery and the run).</summary>
    public static CheckOutcome CellMissing(string operation, string caseId) =>
        CheckOutcome.Fail(ContractsGate.Name, Id, operation, Severity.High, $"case {caseId} exercised",
            "the run has no such cell (the contract changed since discovery?)", "Run the suite again against the same contract: the test cases are discovered from it.");

    /// <summary>One cell that was not sent, with the reason the run gave.</summary>
    public static CheckOutcome CellUncovered(CaseResult cell) =>
        CheckOutcome.Fail(ContractsGate.Name, Id, $"{cell.OperationKey}   (case {cell.CaseId})", Severity.High,
            "the case exercised, or excluded in contractsExclusions with a reason", $"not sent: {cell.Reason}", ExcludeHint);

    /// <summary>The whole matrix: passes when no cell is uncovered; otherwise lists each uncovered cell with its reason.</summary>
    public static CheckOutcome Matrix(ContractRun run)
    {
        var source = run.Committed?.Source ?? "the contract";
        var uncovered = run.Uncovered.ToList();
        if (uncovered.Count == 0) return CheckOutcome.Pass(ContractsGate.Name, Id, source, Severity.High);
        var sent = run.Cases.Count(c => c.Exchanges.Count > 0);
        return CheckOutcome.Fail(ContractsGate.Name, Id, source, Severity.High, "every applicable operation × case exercised or excluded with a reason",
            $"{uncovered.Count} not exercised ({sent} sent):\n" + string.Join("\n", uncovered.Select(u => $"  {u.OperationKey} {u.CaseId}: {u.Reason}")), ExcludeHint);
    }
}
