using System.Text.Json.Nodes;
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
    private ContractRun? _run;
    private string? _problem;
    private ContractsOptions? _options;

    [OneTimeSetUp]
    public async Task RunTheGate()
    {
        if (Suite.PreflightProblem is not null) return;
        var (options, errors) = ContractsOptions.From(Suite.Options, Suite.RepositoryRoot);
        if (options is null) { _problem = "[contracts] configuration: " + string.Join("; ", errors); return; }
        _options = options;
        using var client = Suite.NewClient();
        var (shape, shapeError) = await ErrorShape.LoadAsync(options.ErrorSchemaFile, options.ErrorMediaType, CancellationToken.None);
        var committed = await ContractLoader.LoadAsync(options.ContractSource, Suite.RepositoryRoot, client, CancellationToken.None);
        if (shape is null || committed.Document is null) { _problem = "[contracts] " + (committed.Error ?? shapeError); return; }
        var auth = await Authenticator.AuthenticateAsync(Suite.Options, client, CancellationToken.None);
        var seed = new Dictionary<string, JsonNode>();
        if (Suite.Options.Auth.Username is { } user) { seed["email"] = user; seed["username"] = user; }
        if (Suite.Options.Auth.Password is { } password) seed["password"] = password;
        var gate = new ContractsGate(Suite.Options.ApiBaseUrl, options, committed.Document, shape, client, auth);
        _run = await gate.RunAsync(seed, CancellationToken.None);
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
        if (cell is null) Assert.Fail($"[contracts] coverage_complete: {operation}\nExpected: case {caseId} exercised\nActual:   the run has no such cell (the contract changed since discovery?)");
        foreach (var exchange in cell!.Exchanges) Attach(exchange, $"{exchange.Request.Method} {exchange.Request.Url.PathAndQuery} → {exchange.Status?.ToString() ?? "no response"}");
        if (cell.Mutation is not null) Allure.Parameter("mutation", cell.Mutation);
        switch (cell.State)
        {
            case CaseState.Excluded or CaseState.Skipped or CaseState.NotApplicable: Assert.Ignore(cell.Reason!); break;
            case CaseState.Uncovered: Assert.Fail($"[contracts] coverage_complete: {operation}   (case {caseId})\nExpected: the case exercised, or excluded in contractsExclusions with a reason\nActual:   not sent: {cell.Reason}"); break;
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
        if (served.Document is null)
            Assert.Fail($"[contracts] contract_drift: {_options!.ServedDocumentUrl}\nExpected: the served OpenAPI document\nActual:   {served.Error}");
        var breaking = Run.Drift.Where(d => d.Breaking).ToList();
        Allure.AttachText("drift", Run.Drift.Count == 0 ? "no difference" : string.Join("\n", Run.Drift));
        Suite.Ledger.AddFigure(ContractsGate.Name, new KeyFigure("breaking drift", breaking.Count.ToString(), "0", breaking.Count == 0));
        AssertOutcomes([breaking.Count == 0
            ? CheckOutcome.Pass(ContractsGate.Name, "contract_drift", $"GET {_options!.ServedDocumentUrl.AbsolutePath}", Severity.High)
            : CheckOutcome.Fail(ContractsGate.Name, "contract_drift", $"GET {_options!.ServedDocumentUrl.AbsolutePath}", Severity.High,
                "the served document equals the committed one (no breaking difference)",
                string.Join("; ", breaking.Select(b => $"{b.Where}: {b.What}")),
                "The deployment serves another contract than the committed contracts/openapi.json: deploy the right build or commit the new contract.",
                served.Exchange)]);
    }

    [Test, Severity("critical")]
    [Description("every operation and case is covered or excluded with a reason")]
    public void Coverage_matrix_is_complete()
    {
        if (_problem is not null) Assert.Fail(_problem);
        var uncovered = Run.Uncovered.ToList();
        var sent = Run.Cases.Count(c => c.Exchanges.Count > 0);
        Suite.Ledger.AddFigure(ContractsGate.Name, new KeyFigure("uncovered cases", uncovered.Count.ToString(), "0", uncovered.Count == 0));
        if (uncovered.Count > 0)
            Assert.Fail($"[contracts] coverage_complete: {Run.Committed!.Source}   (severity high)\nExpected: every applicable operation × case exercised or excluded with a reason\n" +
                        $"Actual:   {uncovered.Count} not exercised ({sent} sent):\n" + string.Join("\n", uncovered.Select(u => $"  {u.OperationKey} {u.CaseId}: {u.Reason}")) +
                        "\nHint:     exclude a case deliberately with contractsExclusions (SIRIM_CONTRACTS_EXCLUDE) 'METHOD /path case: reason'.");
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
