using Npgsql;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>
/// The contracts gate against the reference target: the real suite (the built gates dll, Category=Contracts) on the
/// clean target passes with zero failures and writes its evidence; the defects that leave data of the run, with the gate
/// run in-process through <see cref="ContractsExecution"/> (what the suite runs), end with that data accounted for; one
/// defect also goes through the real suite to prove the failure reaches the report. The other seeded defects
/// (ContractsSeededDefectsTests.cs) run on the same deployment, after these.
/// </summary>
[TestFixture, Parallelizable(ParallelScope.Self)]
public sealed partial class ContractsGateVsReferenceTargetTests : AgainstReferenceTarget
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

    [Test, Order(2)]
    public async Task Clean_run_leaves_no_row_of_the_run_behind_through_the_api_and_in_the_database()
    {
        await Reference.UseDefectAsync(null);
        var execution = await RunInProcessAsync();
        var cleanup = execution.Run!.Cleanup;
        var evidence = EvidenceOf(execution);
        var rows = await RowsTaggedAsync(execution.Options!.RunTag);
        Assert.Multiple(() =>
        {
            Assert.That(cleanup.Results.Select(r => r.Resource.CreatedBy), Does.Contain("POST /api/gastos (positive)"), "the run's create is not tracked");
            Assert.That(cleanup.Results.Where(r => !r.Gone).Select(r => r.Verification), Is.Empty);
            Assert.That(cleanup.Results.Select(r => r.Verification), Has.All.Contain("GET → 404"));
            Assert.That(cleanup.Leftovers, Is.Empty);
            Assert.That(cleanup.InventoryNotes, Has.Some.StartWith("/api/gastos: GET /api/gastos?"));
            Assert.That(execution.CleanupOutcome().Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(evidence, Does.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees."));
            Assert.That(rows, Is.Zero, "rows of the run are still in the database");
        });
    }

    // defect, the check that must fail (its catalogue entry), the request that created the resource the evidence names,
    // whether that resource is left behind. The run finds and deletes what the API accepted, or names what it cannot delete.
    [TestCase("gasto_create_wraps_id", "response_schema_conformance", "POST /api/gastos (positive)", false)]
    [TestCase("gasto_accepts_wrong_type_and_stores", "negative_rejected", "POST /api/gastos (wrong_type)", false)]
    [TestCase("gasto_delete_not_committed", "test_data_cleaned_up", "POST /api/gastos (positive)", true)]
    [Order(2)]
    public async Task Seeded_defect_ends_with_the_run_data_accounted_for(string defect, string checkId, string createdBy, bool leftBehind)
    {
        await Reference.UseDefectAsync(defect);
        var execution = await RunInProcessAsync();
        var cleanup = execution.Run!.Cleanup;
        var failed = execution.Outcomes().Where(o => o.Failed).ToList();
        var rendered = string.Join("\n\n", failed.Select(o => FailureRenderer.Render(o, Redactor.None)));
        var evidence = EvidenceOf(execution);
        var resource = cleanup.Results.FirstOrDefault(r => r.Resource.CreatedBy == createdBy);
        var tag = execution.Options!.RunTag;
        try
        {
            Assert.That(resource, Is.Not.Null, $"{defect}: no resource created by {createdBy} was tracked:\n{evidence}");
            var path = $"/api/gastos/{resource!.Resource.Id}";
            var rows = await RowsTaggedAsync(tag);
            Assert.Multiple(() =>
            {
                Assert.That(failed.Select(o => o.CheckId), Does.Contain(checkId), rendered + "\n" + evidence);
                Assert.That(evidence, Does.Contain(path).And.Contain(createdBy));
                if (leftBehind)
                {
                    Assert.That(resource.Gone, Is.False, resource.Verification);
                    Assert.That(resource.Verification, Does.StartWith($"still there after {resource.Attempts} DELETE attempt(s)").And.Contain("GET → 200"));
                    Assert.That(evidence, Does.Not.Contain("Nothing left").And.Contain("### Left behind, and how to remove it").And.Contain($"curl -X DELETE '{Reference.Environment["SIRIM_API_URL"].TrimEnd('/')}{path}'"));
                    Assert.That(rendered, Does.Contain("[contracts] test_data_cleaned_up: ").And.Contain($"/api/gastos/{resource.Resource.Id} (created by {createdBy})"));
                    Assert.That(rows, Is.GreaterThanOrEqualTo(1), "the defect should have kept the row");
                }
                else
                {
                    Assert.That(resource.Gone, Is.True, resource.Verification);
                    Assert.That(failed.Select(o => o.CheckId), Does.Not.Contain("test_data_cleaned_up"), rendered);
                    Assert.That(evidence, Does.Contain("Nothing left: every created resource was deleted"));
                    Assert.That(rows, Is.Zero, "a row of the run is still in the database");
                }
            });
            if (defect == "gasto_accepts_wrong_type_and_stores")
                Assert.That(failed.Select(o => o.CheckId).Distinct(), Is.EqualTo(new[] { "negative_rejected" }), rendered);
            if (defect == "gasto_create_wraps_id")
                Assert.That(failed.Select(o => o.CheckId).Distinct(), Is.SubsetOf(new[] { "response_schema_conformance", "response_headers_present" }), rendered);
        }
        finally
        {
            await DeleteRowsTaggedAsync(tag);
        }
    }

    [Test]
    public void Every_contracts_defect_of_the_catalogue_has_a_case_naming_its_check()
    {
        var cases = CaseArguments(nameof(Seeded_defect_fails_exactly_its_check))
            .Concat(CaseArguments(nameof(Seeded_defect_ends_with_the_run_data_accounted_for)))
            .Concat(typeof(ContractsGateWhenTheTargetFailsTests).GetMethod(nameof(ContractsGateWhenTheTargetFailsTests.Seeded_crash_fails_its_check_naming_the_last_good_answer))!
                .GetCustomAttributes(typeof(TestCaseAttribute), false).Cast<TestCaseAttribute>().Select(c => c.Arguments))
            .ToDictionary(a => (string)a[0]!, a => (string)a[1]!);
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

    private string EvidenceOf(ContractsExecution execution)
    {
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => Reference.Environment.TryGetValue(k, out var v) ? v : null, _ => null));
        return new Evidence.ContractsEvidence(loaded.Options!, execution.Options, execution.Run, execution.Problem, Redactor.None).Validation().ToString();
    }

    private async Task<long> RowsTaggedAsync(string tag)
    {
        await using var db = NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM gastos WHERE concepto LIKE '%' || $1 || '%' OR referencia LIKE '%' || $1 || '%'");
        cmd.Parameters.Add(new() { Value = tag });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task DeleteRowsTaggedAsync(string tag)
    {
        await using var db = NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
        await using var cmd = db.CreateCommand("DELETE FROM gastos WHERE concepto LIKE '%' || $1 || '%' OR referencia LIKE '%' || $1 || '%'");
        cmd.Parameters.Add(new() { Value = tag });
        await cmd.ExecuteNonQueryAsync();
    }

    private Task<ContractsExecution> RunInProcessAsync() => RunInProcessAsync(Reference.Environment);

    /// <summary>The contracts gate in this process, as the suite runs it, against the deployment of <paramref name="environment"/>.</summary>
    internal static async Task<ContractsExecution> RunInProcessAsync(IReadOnlyDictionary<string, string> environment)
    {
        // A run id of its own, so rows tagged by an earlier run of this fixture are never taken for this run's.
        var env = new Dictionary<string, string>(environment) { ["SIRIM_RUN_ID"] = "contracts-" + Guid.NewGuid().ToString("N")[..12] };
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        var target = loaded.Options!;
        using var client = new ExchangeClient(target.RequestTimeout, target.TlsSkipVerify);
        var execution = await ContractsExecution.RunAsync(target, RepositoryRoot.Find(), client, CancellationToken.None);
        Assert.That(execution.Problem, Is.Null);
        return execution;
    }
}
