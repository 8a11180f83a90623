using Npgsql;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Authz.Tests;

/// <summary>
/// The authorization gate's data checks (mass assignment, secret fields, list semantics) in this process against the
/// reference target: clean (every check passes, nothing left behind), each seeded defect of these checks (exactly its
/// check fails, saying why, a leaked secret masked), and read-only mode (no write sent, and said so).
/// </summary>
/// <remarks>Part of <see cref="AuthzGateAgainstReferenceTests"/>: one deployment for the standard profile's tests.</remarks>
public sealed partial class AuthzGateAgainstReferenceTests
{
    internal static readonly string[] DataChecks = [AuthzChecks.MassAssignment, AuthzChecks.NoSecretFields, AuthzChecks.ListFilter, AuthzChecks.ListPages];

    [Test, Order(1)]
    public async Task Clean_target_passes_every_data_check_and_leaves_nothing_behind()
    {
        await Reference.UseDefectAsync(null);
        var run = await InProcessAuthz.RunAsync(Reference.Environment);
        var outcomes = run.Result.Outcomes.Where(o => DataChecks.Contains(o.CheckId)).ToList();
        var leftBehind = await RowsTaggedAsync(run.Target.RunId);
        Assert.Multiple(() =>
        {
            Assert.That(run.FailedChecks, Is.Empty, run.Failures);
            Assert.That(outcomes.Where(o => o.Status == Core.Checks.CheckStatus.Passed).Select(o => o.CheckId).Distinct(), Is.EquivalentTo(DataChecks));
            Assert.That(AuthzGate.Figures(run.Result).Select(f => $"{f.Name} = {f.Actual}"),
                Is.SupersetOf(new[] { "server-controlled fields ignored = 2/2", "answers exposing secrets = 0", "list checks passed = 2/2" }));
            Assert.That(run.Matrix, Does.Contain("## Data checks")
                .And.Contain("| `authz_mass_assignment_ignored` | POST /api/gastos as verification user with server-controlled fields (id, createdAt, updatedAt, createdBy, ownerId, role) | PASS | 201 Created, every server-controlled field ignored |")
                .And.Contain("| `list_pages_add_up` | GET /api/gastos?empresaId={empresaId}&page={page}&pageSize=10 as verification user, empresa 3 | PASS | 21 distinct item(s) over 3 page(s), as /total says |")
                .And.Contain("| `list_filter_respected` |").And.Contain("all of empresa 3")
                .And.Contain("| `no_secret_fields_exposed` |").And.Contain("carries a secret-looking field or value")
                .And.Contain("| POST /api/gastos (mass assignment, create) | yes | DELETE → 204; GET → 404 |")
                .And.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees."));
            Assert.That(run.Result.Outcomes.Single(o => o.CheckId == Core.Cleanup.CleanupAccount.CheckId).Status, Is.EqualTo(Core.Checks.CheckStatus.Passed));
            Assert.That(leftBehind, Is.Zero, "the run left data behind");
        });
    }

    [TestCase("gasto_create_binds_created_at", AuthzChecks.MassAssignment,
        "Actual:   201 Created, and the resource read back holds the slipped-in createdAt = \"2001-02-03T04:05:06Z\" (contract readOnly)")]
    [TestCase("users_list_exposes_password_hash", AuthzChecks.NoSecretFields,
        "Actual:   200 OK carrying /0/passwordHash: a field named like a secret ('passwordhash') (value masked, ")]
    [TestCase("gastos_total_counts_all_empresas", AuthzChecks.ListPages,
        "Actual:   21 distinct item(s) over 3 page(s), but /total says 6")]
    [TestCase("gastos_list_filter_or_creator", AuthzChecks.ListFilter,
        "item(s) of other empresas: ")]
    [TestCase("gastos_page_offset_off_by_one", AuthzChecks.ListPages,
        "Actual:   1 item(s) on more than one page: ")]
    public async Task Each_data_defect_fails_exactly_its_check(string defect, string check, string actual)
    {
        Assert.That(SeededDefects.Get(defect).CaughtBy, Is.EqualTo(check), "the catalogue names the failing check");
        await Reference.UseDefectAsync(defect);
        var run = await InProcessAuthz.RunAsync(Reference.Environment);
        var leftBehind = await RowsTaggedAsync(run.Target.RunId);
        Assert.Multiple(() =>
        {
            Assert.That(run.FailedChecks, Is.EqualTo(new[] { check }), run.Failures);
            Assert.That(run.Failures, Does.Contain($"[authz] {check}: ").And.Contain(actual).And.Contain("Expected: ").And.Contain("Hint: ").And.Contain("Reproduce: curl"));
            Assert.That(run.Matrix, Does.Contain("## Failures").And.Contain($"`{check}`"));
            Assert.That(leftBehind, Is.Zero, "the run left data behind");
        });
        if (defect == "users_list_exposes_password_hash")
        {
            var hashes = await PasswordHashesAsync();
            Assert.That(hashes, Is.Not.Empty);
            Assert.Multiple(() =>
            {
                foreach (var hash in hashes)
                {
                    Assert.That(run.Failures, Does.Not.Contain(hash), "a leaked hash reached the failure message");
                    Assert.That(run.Matrix, Does.Not.Contain(hash), "a leaked hash reached the evidence");
                }
                Assert.That(run.Matrix, Does.Contain("[masked by sirim-verify]"));
            });
        }
    }

    [Test]
    public void Every_data_check_defect_of_the_catalogue_has_a_case() =>
        Assert.That(CaseArguments(nameof(Each_data_defect_fails_exactly_its_check)).Select(a => (string)a[0]!),
            Is.EquivalentTo(SeededDefects.OfGate("authz").Where(d => DataChecks.Contains(d.CaughtBy)).Select(d => d.Id)));

    [Test]
    public async Task Read_only_mode_sends_no_mass_assignment_and_says_so()
    {
        await Reference.UseDefectAsync("gasto_create_binds_created_at");
        var run = await InProcessAuthz.RunAsync(Reference.Environment, overrides: new Dictionary<string, string> { ["SIRIM_READ_ONLY"] = "true" });
        var mass = run.Result.Outcomes.Single(o => o.CheckId == AuthzChecks.MassAssignment);
        Assert.Multiple(() =>
        {
            Assert.That(run.FailedChecks, Is.Empty, run.Failures);
            Assert.That(mass.Status, Is.EqualTo(Core.Checks.CheckStatus.NotApplicable));
            Assert.That(mass.Actual, Is.EqualTo("readOnly=true: no mutating request is sent"));
            Assert.That(run.Result.Probes.Data!.Answers.Select(a => a.Request.Method).Distinct(), Is.EqualTo(new[] { "GET" }));
            Assert.That(run.Result.Outcomes.Where(o => o.CheckId is AuthzChecks.ListFilter or AuthzChecks.ListPages).Select(o => o.Status),
                Is.All.EqualTo(Core.Checks.CheckStatus.Passed), "the list checks only read, so they still run");
            var cleaned = run.Result.Outcomes.Single(o => o.CheckId == Core.Cleanup.CleanupAccount.CheckId);
            Assert.That((cleaned.Status, cleaned.Actual), Is.EqualTo((Core.Checks.CheckStatus.NotApplicable, AuthzGate.ReadOnlyNothingCreated)));
            Assert.That(run.Matrix, Does.Contain("Read-only mode: no write was sent (readOnly=true: no mutating request is sent, so the run created nothing to clean up)."));
        });
    }

    private async Task<long> RowsTaggedAsync(string tag)
    {
        await using var db = NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM gastos WHERE concepto LIKE '%' || $1 || '%'");
        cmd.Parameters.Add(new() { Value = tag });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<IReadOnlyList<string>> PasswordHashesAsync()
    {
        await using var db = NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
        await using var cmd = db.CreateCommand("SELECT password_hash FROM users WHERE password_hash IS NOT NULL");
        var hashes = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) hashes.Add(reader.GetString(0));
        return hashes;
    }
}
