using Npgsql;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Authz.Tests;

/// <summary>
/// The authorization gate's cleanup, in this process against the reference target: a write the read-only identity must
/// not make but that is accepted is registered with the request that made it and removed by the verification user;
/// a DELETE that answers 204 but keeps the row leaves the run's gastos behind, and <c>test_data_cleaned_up</c> names
/// them, with the database as the witness.
/// </summary>
/// <remarks>Part of <see cref="AuthzGateAgainstReferenceTests"/>: one deployment for the standard profile's tests.</remarks>
public sealed partial class AuthzGateAgainstReferenceTests
{
    private const string StrayCreatedBy = "POST /api/gastos (authz_readonly_write_refused probe as sofia@sirim.test (lector), wrongly accepted)";

    [Test]
    public async Task A_create_the_read_only_identity_was_wrongly_allowed_is_registered_and_removed()
    {
        await Reference.UseDefectAsync("lector_can_write_gastos");
        var run = await InProcessAuthz.RunAsync(Reference.Environment);
        var tag = run.Target.RunId;
        try
        {
            var account = run.Result.Probes.Cleanup;
            Assert.That(account, Is.Not.Null, run.Matrix);
            var stray = account!.Results.SingleOrDefault(r => r.Resource.CreatedBy == StrayCreatedBy);
            var cleaned = run.Result.Outcomes.Single(o => o.CheckId == CleanupAccount.CheckId);
            var rows = await RowsTaggedAsync(tag);
            Assert.Multiple(() =>
            {
                Assert.That(run.FailedChecks, Is.EqualTo(new[] { AuthzChecks.ReadOnlyWrite }), run.Failures);
                Assert.That(stray, Is.Not.Null, "the accepted create was not registered:\n" + run.Matrix);
                Assert.That(stray?.Gone, Is.True, stray?.Verification);
                Assert.That(stray?.Verification, Is.EqualTo("DELETE → 204; GET → 404"));
                Assert.That(cleaned.Status, Is.EqualTo(CheckStatus.Passed), cleaned.Actual);
                Assert.That(run.Matrix, Does.Contain($"| /api/gastos/{stray?.Resource.Id} | {StrayCreatedBy} | yes | DELETE → 204; GET → 404 |")
                    .And.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees."));
                Assert.That(rows, Is.Zero, "a row of the run is still in the database");
            });
        }
        finally
        {
            await DeleteRowsTaggedAsync(tag);
        }
    }

    [Test]
    public async Task A_delete_that_keeps_the_row_makes_the_cleanup_check_name_what_is_left()
    {
        Assert.That(SeededDefects.Get("gasto_delete_not_committed").CaughtBy, Is.EqualTo(CleanupAccount.CheckId));
        await Reference.UseDefectAsync("gasto_delete_not_committed");
        var run = await InProcessAuthz.RunAsync(Reference.Environment);
        var tag = run.Target.RunId;
        try
        {
            var account = run.Result.Probes.Cleanup!;
            var foreign = run.Result.Probes.Resources.Single(r => r.Label == "foreign");
            var kept = account.Results.SingleOrDefault(r => r.Resource.Id == foreign.Id);
            var rows = await RowsTaggedAsync(tag);
            Assert.Multiple(() =>
            {
                Assert.That(run.FailedChecks, Is.EqualTo(new[] { CleanupAccount.CheckId }), run.Failures);
                Assert.That(kept?.Gone, Is.False, kept?.Verification);
                Assert.That(kept?.Verification, Does.StartWith("still there after 3 DELETE attempt(s)").And.Contain("GET → 200"));
                Assert.That(run.Failures, Does.Contain("[authz] test_data_cleaned_up: ")
                    .And.Contain($"/api/gastos/{foreign.Id} (created by POST /api/gastos (resource of the foreign empresa))")
                    .And.Contain("Expected: every resource the run created deleted and read back as 404/410"));
                Assert.That(run.Matrix, Does.Not.Contain("Nothing left").And.Contain("### Left behind, and how to remove it")
                    .And.Contain($"curl -X DELETE '{Reference.Environment["SIRIM_API_URL"].TrimEnd('/')}/api/gastos/{foreign.Id}'"));
                Assert.That(rows, Is.GreaterThanOrEqualTo(1), "the defect should have kept the rows");
            });
        }
        finally
        {
            await DeleteRowsTaggedAsync(tag);
        }
    }

    private async Task DeleteRowsTaggedAsync(string tag)
    {
        await using var db = NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
        await using var cmd = db.CreateCommand("DELETE FROM gastos WHERE concepto LIKE '%' || $1 || '%'");
        cmd.Parameters.Add(new() { Value = tag });
        await cmd.ExecuteNonQueryAsync();
    }
}
