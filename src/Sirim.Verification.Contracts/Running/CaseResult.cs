using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Drift;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Running;

/// <summary>The state of one cell of the coverage matrix.</summary>
public enum CaseState { Passed, Failed, Skipped, Excluded, NotApplicable, Uncovered }

/// <summary>One operation × case: what was sent (if anything), every check outcome, and the reason when nothing was sent.</summary>
public sealed record CaseResult(
    string OperationKey,
    string Tag,
    string CaseId,
    CaseState State,
    string? Reason,
    string? Mutation,
    IReadOnlyList<HttpExchange> Exchanges,
    IReadOnlyList<CheckOutcome> Outcomes)
{
    public static CaseResult Judged(string op, string tag, string caseId, string? mutation, IReadOnlyList<HttpExchange> exchanges, IReadOnlyList<CheckOutcome> outcomes) =>
        new(op, tag, caseId, outcomes.Any(o => o.Failed) ? CaseState.Failed : CaseState.Passed, null, mutation, exchanges, outcomes);

    public static CaseResult NotSent(string op, string tag, string caseId, CaseState state, string reason) =>
        new(op, tag, caseId, state, reason, null, [], []);
}

/// <summary>One error response seen during the run and how it measures against the standard error shape.</summary>
public sealed record ErrorSeen(string OperationKey, string CaseId, HttpExchange Exchange, ErrorVerdict Verdict);

/// <summary>Everything one run of the contracts gate found.</summary>
public sealed record ContractRun(
    ContractDocument? Committed,
    string? Problem,
    ContractLoadResult? Served,
    IReadOnlyList<DriftItem> Drift,
    IReadOnlyList<CaseResult> Cases,
    IReadOnlyList<ErrorSeen> Errors,
    CleanupAccount Cleanup,
    bool ReadOnly,
    TimeSpan Elapsed)
{
    public CaseResult? Case(string operationKey, string caseId) =>
        Cases.FirstOrDefault(c => c.OperationKey == operationKey && c.CaseId == caseId);

    public IEnumerable<CaseResult> Uncovered => Cases.Where(c => c.State == CaseState.Uncovered);

    /// <summary>Every exchange of the run: the cases', the served document's and the cleanup's.</summary>
    public IEnumerable<HttpExchange> Exchanges => Cases.SelectMany(c => c.Exchanges)
        .Concat(Served?.Exchange is { } served ? [served] : [])
        .Concat(Cleanup.Results.SelectMany(r => r.Exchanges));

    /// <summary><c>target_stayed_up</c> over every exchange of the run (see <see cref="TargetStayedUp"/>); the subject is the API's address.</summary>
    public CheckOutcome Availability(Uri apiBase) => TargetStayedUp.Judge(ContractsGate.Name, apiBase.ToString(), Exchanges);
}
