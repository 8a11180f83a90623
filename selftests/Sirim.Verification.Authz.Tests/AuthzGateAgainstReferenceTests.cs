using System.Text.RegularExpressions;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Authz.Tests;

/// <summary>
/// The authorization gate against the reference target. Through the real suite: clean (every probe refused, the matrix
/// written, nothing left behind, no secret in any file), read-only mode with a seeded defect (no write probe sent, the
/// defect still failing the gate in the report and go_no_go.md) and no second identity (NOT RUN in go_no_go.md). Each
/// seeded authz defect runs the gate's library in process (exactly its checks fail, naming route, expected and actual).
/// The data checks and the cleanup (the other parts of this class) run on the same deployment.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed partial class AuthzGateAgainstReferenceTests : AgainstReferenceTarget
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(3);

    [Test, Order(1)]
    public async Task Clean_target_refuses_every_probe_and_the_matrix_says_so()
    {
        await Reference.UseDefectAsync(null);
        var run = await SuiteRunner.RunAsync(Reference.Environment, "Category=Authz", SuiteTimeout);
        var matrix = run.ReadEvidenceIfWritten("authorization_matrix.md");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
            Assert.That(run.Results.Select(r => (r.Name, r.Status)), Is.EqualTo(new[] { ("Second_identity_is_refused_what_it_must_not_reach", "passed") }));
            Assert.That(Row(run.GoNoGo, "authz"), Does.StartWith("| authz | PASS | yes |").And.Contain("foreign accesses refused = 4/4").And.Contain("read-only writes refused = 3/3")
                .And.Contain("server-controlled fields ignored = 2/2").And.Contain("answers exposing secrets = 0").And.Contain("list checks passed = 2/2"));
            Assert.That(matrix, Does.Contain("| GET /api/gastos/{id} | sofia@sirim.test (lector) | read |")
                .And.Contain("| GET /api/gastos?empresaId={empresaId} | sofia@sirim.test (lector) | list | the list of empresa 3 | refused or empty | 403 Forbidden | PASS `authz_foreign_list_refused` |")
                .And.Contain("| DELETE /api/gastos/{id} | sofia@sirim.test (lector) | delete |")
                .And.Contain("| POST /api/gastos | sofia@sirim.test (lector) | create | empresa 1 | refused: 401, 403, 404 | 403 Forbidden | PASS `authz_readonly_write_refused` |")
                .And.Contain("(foreign empresa 3) read back as verification user | PASS | unchanged |")
                .And.Contain("| POST /api/gastos (resource of the foreign empresa) | yes | DELETE → 204; GET → 404 |")
                .And.Contain("| POST /api/gastos (resource of the empresa both see) | yes | DELETE → 204; GET → 404 |")
                .And.Contain("## Data checks").And.Contain("| POST /api/gastos (mass assignment, update target) | yes | DELETE → 204; GET → 404 |")
                .And.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees."));
            Assert.That(matrix, Does.Not.Contain("FAIL"));
        });
        AssertNoSecretWritten(run);
    }

    [TestCase("gastos_list_ignores_empresa_mapping", new[] { "authz_foreign_list_refused" },
        "Actual:   200 OK with 20 item(s) of the foreign empresa, including this run's resource ")]
    [TestCase("gasto_delete_skips_owner_check", new[] { "authz_foreign_write_refused", "authz_readonly_write_refused" },
        "Actual:   204 No Content: accepted — the delete went through")]
    [TestCase("lector_can_write_gastos", new[] { "authz_readonly_write_refused" },
        "Actual:   201 Created: accepted — the create went through")]
    [TestCase("gasto_get_skips_empresa_check", new[] { "authz_foreign_read_refused" },
        "Actual:   200 OK: accepted — the read went through")]
    public async Task Each_authz_defect_fails_exactly_its_checks(string defect, string[] failing, string actual)
    {
        Assert.That(SeededDefects.Get(defect).CaughtBy, Is.AnyOf(failing), "the catalogue names one of the failing checks");
        await Reference.UseDefectAsync(defect);
        // The gate's library in process, as the suite runs it: its outcomes rendered by the shared FailureRenderer and its
        // matrix (the suite's report of a defect is proven once, by Read_only_mode_sends_no_write_probe_and_still_checks_reads).
        var run = await InProcessAuthz.RunAsync(Reference.Environment);
        var message = run.Failures;
        Assert.Multiple(() =>
        {
            Assert.That(AuthzGate.Summary(run.Result, []).Status, Is.EqualTo(Core.Evidence.GateStatus.Fail), message);
            Assert.That(run.FailedChecks, Is.EqualTo(failing.Order().ToList()), message);
            Assert.That(FailedCheck().Matches(message).Select(m => m.Groups[1].Value).Distinct().Order(), Is.EqualTo(failing.Order()), message);
            Assert.That(message, Does.Contain("(severity critical · ").And.Contain(actual).And.Contain("Expected: ").And.Contain("Reproduce: curl"));
            Assert.That(run.Matrix, Does.Contain("**FAIL** (critical)").And.Contain("## Failures").And.Contain("< HTTP/1.1 "));
        });
        AssertNoSecretIn(message + "\n" + run.Matrix);
    }

    [Test]
    public void Every_authz_defect_of_the_catalogue_has_a_case() =>
        Assert.That(CaseArguments(nameof(Each_authz_defect_fails_exactly_its_checks)).Select(a => (string)a[0]!),
            Is.EquivalentTo(SeededDefects.OfGate("authz").Where(d => !DataChecks.Contains(d.CaughtBy)).Select(d => d.Id)),
            "the data checks' defects are run in process by Each_data_defect_fails_exactly_its_check");

    [Test]
    public async Task Read_only_mode_sends_no_write_probe_and_still_checks_reads()
    {
        await Reference.UseDefectAsync("gastos_list_ignores_empresa_mapping");
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_READ_ONLY"] = "true" };
        var run = await SuiteRunner.RunAsync(env, "Category=Authz", SuiteTimeout);
        var matrix = run.ReadEvidenceIfWritten("authorization_matrix.md");
        Assert.Multiple(() =>
        {
            Assert.That(FailedCheck().Matches(run.Failed.SingleOrDefault()?.Message ?? "").Select(m => m.Groups[1].Value).Distinct(),
                Is.EqualTo(new[] { "authz_foreign_list_refused" }), run.Describe());
            Assert.That(matrix, Does.Contain("read-only mode: no write probe is sent")
                .And.Contain("| PUT /api/gastos/{id} | sofia@sirim.test (lector) | update |").And.Contain("not sent: readOnly=true: no mutating request is sent")
                .And.Contain("Read-only mode: no write was sent").And.Not.Contain("| POST /api/gastos ("));
            Assert.That(Row(run.GoNoGo, "authz"), Does.StartWith("| authz | FAIL | yes |").And.Contain("foreign accesses refused = 1/2"));
            Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.Describe());
            Assert.That(run.Failed.SingleOrDefault()?.Message, Does.Contain("(severity critical · ").And.Contain("Expected: ").And.Contain("Reproduce: curl"), run.Describe());
            Assert.That(run.GoNoGo, Does.Contain("**Verdict: NO-GO**").And.Contain("required gate 'authz' failed"));
            Assert.That(matrix, Does.Contain("**FAIL** (critical)").And.Contain("## Failures").And.Contain("< HTTP/1.1 "));
        });
        AssertNoSecretWritten(run);
    }

    [Test]
    public async Task Without_a_second_identity_the_gate_is_not_run_and_says_why()
    {
        await Reference.UseDefectAsync(null);
        var env = Reference.Environment.Where(kv => !kv.Key.StartsWith("SIRIM_AUTHZ_", StringComparison.Ordinal)).ToDictionary();
        var run = await SuiteRunner.RunAsync(env, "Category=Authz", SuiteTimeout);
        Assert.Multiple(() =>
        {
            Assert.That(run.Results.Select(r => r.Status), Is.EqualTo(new[] { "skipped" }), run.Describe());
            Assert.That(Row(run.GoNoGo, "authz"), Does.StartWith("| authz | NOT RUN | yes |").And.Contain("NOT RUN: no second identity; set SIRIM_AUTHZ_USERNAME and SIRIM_AUTHZ_PASSWORD"));
            Assert.That(run.GoNoGo, Does.Contain("required gate 'authz' did not run: NOT RUN: no second identity"));
        });
    }

    /// <summary>What the in-process run rendered (failures, matrix) carries no secret value and no token.</summary>
    private void AssertNoSecretIn(string text)
    {
        var env = Reference.Environment;
        foreach (var secret in new[] { env["SIRIM_AUTHZ_PASSWORD"], env["SIRIM_PASSWORD"], env["JWT_SECRET"] })
            Assert.That(text.Contains(secret, StringComparison.Ordinal), Is.False, "a secret value was rendered");
        Assert.That(JwtPattern().IsMatch(text), Is.False, "a token was rendered");
    }

    private void AssertNoSecretWritten(SuiteRunResult run)
    {
        var env = Reference.Environment;
        foreach (var secret in new[] { env["SIRIM_AUTHZ_PASSWORD"], env["SIRIM_PASSWORD"], env["JWT_SECRET"] })
        {
            Assert.That(SuiteRunner.FilesContaining(run.RunDirectory, secret), Is.Empty, "a secret value was written to the reports");
            Assert.That(run.Output, Does.Not.Contain(secret), "a secret value reached the console");
        }
        var jwtShaped = Directory.EnumerateFiles(run.RunDirectory, "*", SearchOption.AllDirectories).Where(f => JwtPattern().IsMatch(File.ReadAllText(f))).ToList();
        Assert.That(jwtShaped, Is.Empty, "a token was written to the reports");
    }

    private static string Row(string goNoGo, string gate) => goNoGo.Split('\n').FirstOrDefault(l => l.StartsWith($"| {gate} |", StringComparison.Ordinal)) ?? goNoGo;

    [GeneratedRegex(@"\[authz\] (\w+): ")]
    private static partial Regex FailedCheck();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.")]
    private static partial Regex JwtPattern();
}
