using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Evidence;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Gates.Infrastructure;

namespace Sirim.Verification.Gates.Contracts;

/// <summary>
/// The contracts gate: every operation of the committed OpenAPI document with its positive and negative cases (one
/// test each, grouped by tag and route), the served document's drift, and the coverage matrix. The whole run happens
/// once, concurrently, before the tests; each test reports its cell with its exchanges attached.
/// </summary>
[Gate(ContractsGate.Name), Description("OpenAPI contract"), Order(2)]
public sealed class ContractsGateTests : GateTest
{
    private ContractsExecution? _execution;
    private ContractRun? _run;
    private string? _problem;
    private ContractsOptions? _options;

    [OneTimeSetUp]
    public async Task RunTheGate()
    {
        if (Suite.PreflightProblem is not null) return;
        using var client = Suite.NewClient();
        _execution = await ContractsExecution.RunAsync(Suite.Options, Suite.RepositoryRoot, client, CancellationToken.None);
        (_options, _run, _problem) = (_execution.Options, _execution.Run, _execution.Problem);
        if (_run is not null)
            Suite.Ledger.AddFigure(ContractsGate.Name, new KeyFigure("operations × cases sent", $"{_run.Cases.Count(c => c.Exchanges.Count > 0)} in {_run.Elapsed.TotalSeconds:0.0} s", "", null));
    }

    private ContractRun Run => _run ?? throw new InvalidOperationException(_problem ?? "the contracts gate did not run");

    [TestCaseSource(typeof(ContractCatalog), nameof(ContractCatalog.Cases)), Severity("critical")]
    [Description("operation × case")]
    public void Operation_case(string tag, string operation, string caseId)
    {
        if (_problem is not null) Assert.Fail(_problem);
        Allure.Label("feature", tag);
        Allure.Label("story", operation);
        var cell = Run.Case(operation, caseId);
        if (cell is null)
        {
            AssertOutcomes([CoverageOutcomes.CellMissing(operation, caseId)]);
            return;
        }
        foreach (var exchange in cell.Exchanges) Attach(exchange, $"{exchange.Request.Method} {exchange.Request.Url.PathAndQuery} → {exchange.Status?.ToString() ?? "no response"}");
        if (cell.Mutation is not null) Allure.Parameter("mutation", cell.Mutation);
        switch (cell.State)
        {
            case CaseState.Excluded or CaseState.Skipped or CaseState.NotApplicable: Assert.Ignore(cell.Reason!); break;
            case CaseState.Uncovered: AssertOutcomes([CoverageOutcomes.CellUncovered(cell)]); return;
        }
        AssertOutcomes(cell.Outcomes);
    }

    [Test, Severity("critical")]
    [Description("the served document matches the committed one")]
    public void Served_document_has_no_breaking_drift()
    {
        if (_problem is not null) Assert.Fail(_problem);
        var served = Run.Served!;
        if (served.Exchange is not null) Attach(served.Exchange, "served OpenAPI document");
        Allure.AttachText("drift", Run.Drift.Count == 0 ? "no difference" : string.Join("\n", Run.Drift));
        var breaking = Run.Drift.Count(d => d.Breaking);
        Suite.Ledger.AddFigure(ContractsGate.Name, new KeyFigure("breaking drift", served.Document is null ? "served document unreadable" : breaking.ToString(), "0", served.Document is not null && breaking == 0));
        AssertOutcomes([_execution!.DriftOutcome()]);
    }

    [Test, Severity("critical")]
    [Description("every operation and case is covered or excluded with a reason")]
    public void Coverage_matrix_is_complete()
    {
        if (_problem is not null) Assert.Fail(_problem);
        var uncovered = Run.Uncovered.ToList();
        Suite.Ledger.AddFigure(ContractsGate.Name, new KeyFigure("uncovered cases", uncovered.Count.ToString(), "0", uncovered.Count == 0));
        AssertOutcomes([CoverageOutcomes.Matrix(Run)]);
    }

    [Test, Severity("critical")]
    [Description("nothing the run created is left behind")]
    public void Test_data_cleaned_up()
    {
        if (_problem is not null) Assert.Fail(_problem);
        var cleanup = Run.Cleanup;
        foreach (var exchange in cleanup.Results.SelectMany(r => r.Exchanges)) Attach(exchange, $"{exchange.Request.Method} {exchange.Request.Url.PathAndQuery} → {exchange.Status?.ToString() ?? "no response"}");
        var left = cleanup.NotGone.Count + cleanup.UntrackedLeftovers.Count;
        Suite.Ledger.AddFigure(ContractsGate.Name, new KeyFigure("created resources left behind", $"{left} of {cleanup.Results.Count}", "0", left == 0));
        AssertOutcomes([_execution!.CleanupOutcome()]);
    }

    [Test, Severity("critical")]
    [Description("the target answered until the gate's last request")]
    public void Target_stayed_up()
    {
        if (_problem is not null) Assert.Fail(_problem);
        var outcome = _execution!.AvailabilityOutcome();
        Suite.Ledger.AddFigure(ContractsGate.Name, new KeyFigure("target stayed up", outcome.Failed ? "no: " + Suite.Redactor.Text(outcome.Actual!) : "yes", "yes", !outcome.Failed));
        if (outcome.Exchange is { } first) Attach(first, "first failed exchange");
        AssertOutcomes([outcome]);
    }

    [OneTimeTearDown]
    public void WriteEvidence()
    {
        if (Suite.Loaded.Options is null) return;
        var evidence = new ContractsEvidence(Suite.Options, _options, _run, _problem, Suite.Redactor);
        Suite.Ledger.AddEvidence(ContractsGate.Name, Suite.Run.WriteMarkdown(ContractsGate.EvidenceFile, evidence.Validation()));
        Suite.Ledger.AddEvidence(ContractsGate.Name, Suite.Run.WriteMarkdown(ContractsGate.ErrorsEvidenceFile, evidence.Errors()));
    }
}
