using Sirim.Verification.Core;
using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Authz.Tests;

/// <summary>
/// The authorization gate against the reference target's alt convention profile (login at /api/session with a nested
/// body and the token under /data/access_token, lists wrapped in {"data": [...], "meta": {...}}): the same probes
/// through the settings of runsettings/reference-alt.runsettings: clean through the real suite, and the data checks and
/// the list defects with the gate's library in process.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class AuthzGateAgainstAltProfileTests
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(3);
    private ReferenceFixture _reference = null!;

    [OneTimeSetUp]
    public async Task Start() => _reference = await ReferenceFixture.StartAsync(profile: ReferenceProfile.Alt);

    [OneTimeTearDown]
    public async Task Stop() => await _reference.DisposeAsync();

    [TearDown]
    public void ShowTargetProblems() => _reference?.ShowTargetProblemsIfFailed();

    private async Task<SuiteRunResult> RunAsync(string? defect)
    {
        await _reference.UseDefectAsync(defect);
        // The alt runsettings name a frontend build written by 'sirim-verify reference run'; the authz gate does not use it.
        var env = new Dictionary<string, string>(_reference.Environment) { ["SIRIM_FRONTEND_MANIFEST"] = Path.Combine(RepositoryRoot.Find(), "target", "frontend") };
        return await SuiteRunner.RunAsync(env, "Category=Authz", SuiteTimeout, "runsettings/reference-alt.runsettings");
    }

    [Test]
    public async Task Clean_alt_target_refuses_every_probe()
    {
        var run = await RunAsync(null);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
            Assert.That(run.GoNoGo, Does.Contain("| authz | PASS | yes |").And.Contain("foreign accesses refused = 4/4").And.Contain("read-only writes refused = 3/3"));
        });
    }

    [Test]
    public async Task Clean_alt_target_passes_the_data_checks_through_wrapped_lists()
    {
        await _reference.UseDefectAsync(null);
        var run = await InProcessAuthz.RunAsync(_reference.Environment, "runsettings/reference-alt.runsettings",
            new Dictionary<string, string> { ["SIRIM_FRONTEND_MANIFEST"] = Path.Combine(RepositoryRoot.Find(), "target", "frontend") });
        Assert.Multiple(() =>
        {
            Assert.That(run.FailedChecks, Is.Empty, run.Failures);
            Assert.That(run.Matrix, Does.Contain("empresa 3 | PASS | 21 distinct item(s) over 3 page(s), as /meta/total says |")
                .And.Contain("all of empresa 3").And.Contain("201 Created, every server-controlled field ignored"));
        });
    }

    [Test]
    public async Task A_wrapped_list_whose_total_counts_every_empresa_fails_the_pages_check()
    {
        await _reference.UseDefectAsync("gastos_total_counts_all_empresas");
        var run = await InProcessAuthz.RunAsync(_reference.Environment, "runsettings/reference-alt.runsettings",
            new Dictionary<string, string> { ["SIRIM_FRONTEND_MANIFEST"] = Path.Combine(RepositoryRoot.Find(), "target", "frontend") });
        Assert.Multiple(() =>
        {
            Assert.That(run.FailedChecks, Is.EqualTo(new[] { AuthzChecks.ListPages }), run.Failures);
            Assert.That(run.Failures, Does.Contain("Actual:   21 distinct item(s) over 3 page(s), but /meta/total says 6"));
        });
    }

    [Test]
    public async Task A_wrapped_foreign_list_is_recognised_as_the_foreign_empresas_data()
    {
        // The gate's library in process, as the suite runs it (the suite's report of this profile is proven by
        // Clean_alt_target_refuses_every_probe): exactly the foreign-list check fails, rendered by the shared FailureRenderer.
        await _reference.UseDefectAsync("gastos_list_ignores_empresa_mapping");
        var run = await InProcessAuthz.RunAsync(_reference.Environment, "runsettings/reference-alt.runsettings",
            new Dictionary<string, string> { ["SIRIM_FRONTEND_MANIFEST"] = Path.Combine(RepositoryRoot.Find(), "target", "frontend") });
        Assert.Multiple(() =>
        {
            Assert.That(run.FailedChecks, Is.EqualTo(new[] { "authz_foreign_list_refused" }), run.Failures);
            Assert.That(run.Failures, Does.Contain("[authz] authz_foreign_list_refused: ")
                .And.Contain("Actual:   200 OK with 20 item(s) of the foreign empresa, including this run's resource "), run.Failures);
        });
    }
}
