using System.Diagnostics;
using Sirim.Verification.Contracts.Evidence;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>
/// The contracts gate when the deployment fails under it: the reference target killed, or its database stopped
/// (<c>pg_ctl stop -m immediate</c>), at the first request after the run created data of its own. The gate ends within
/// its bound, <c>target_stayed_up</c> names the moment (first failed exchange, last good answer), the evidence is written,
/// and what the run created but could not remove is listed by id.
/// </summary>
[TestFixture, Parallelizable(ParallelScope.Self)]
public sealed class ContractsGateWhenTheTargetFailsTests : AgainstReferenceTarget
{
    // Every request is bounded by requestTimeoutSeconds and the cleanup by its attempts: far below this.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [SetUp]
    public async Task FreshTargetAndDatabase()
    {
        // A database stopped by the previous test is started again, and the target restarted with it (its pooled
        // connections died with the server). A target killed or crashed is started again, and one the previous test
        // left running is switched back to clean without a restart (ReferenceFixture.UseDefectAsync).
        if (!File.Exists(Path.Combine(Reference.Deployment.Database.DataDirectory, "postmaster.pid")))
        {
            await Reference.Deployment.Database.StartServerAsync(CancellationToken.None);
            await Reference.Deployment.StartTargetAsync(null, https: false, extra: null, CancellationToken.None);
        }
        await Reference.UseDefectAsync(null);
    }

    [Test]
    public async Task Target_killed_mid_gate_fails_target_stayed_up_naming_the_moment_and_lists_what_it_could_not_remove()
    {
        var target = Reference.Deployment.Target!;
        var fault = new FaultAtRequest(FaultAtRequest.AfterFirstCreate, () => FaultAtRequest.KillAsync(target));
        var (execution, elapsed) = await RunInProcessAsync(fault);

        var availability = execution.AvailabilityOutcome();
        var rendered = FailureRenderer.Render(availability, Redactor.None);
        var cleanup = FailureRenderer.Render(execution.CleanupOutcome(), Redactor.None);
        var evidence = EvidenceOf(execution);
        var created = execution.Run!.Cleanup.Results.Where(r => !r.Gone).Select(r => r.Resource.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(fault.FiredAt, Is.Not.Null, "the run never created anything: the fault did not fire");
            Assert.That(elapsed, Is.LessThan(Bound));
            Assert.That(availability.Failed, Is.True, rendered);
            Assert.That(rendered, Does.StartWith("[contracts] target_stayed_up: ").And.Contain("got no answer ×")
                .And.Contain("first failed: ").And.Contain("last good answer: ").And.Contain("Reproduce: curl"));
            Assert.That(created, Is.Not.Empty, "the resource the run created should be named as not removed");
            foreach (var id in created) Assert.That(cleanup, Does.Contain($"/api/gastos/{id}"), cleanup);
            Assert.That(evidence, Does.Contain("### The target went down mid-gate").And.Contain("| target stayed up | **NO**: from "));
        });
    }

    [Test]
    public async Task Database_stopped_mid_gate_fails_target_stayed_up_with_the_outage_answers()
    {
        var database = Reference.Deployment.Database;
        var fault = new FaultAtRequest(FaultAtRequest.AfterFirstCreate, () => database.StopServerAsync(CancellationToken.None, immediate: true));
        var (execution, elapsed) = await RunInProcessAsync(fault);

        var availability = execution.AvailabilityOutcome();
        var rendered = FailureRenderer.Render(availability, Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(fault.FiredAt, Is.Not.Null, "the run never created anything: the fault did not fire");
            Assert.That(elapsed, Is.LessThan(Bound));
            Assert.That(availability.Failed, Is.True, rendered);
            Assert.That(rendered, Does.StartWith("[contracts] target_stayed_up: ").And.Contain("503 ×").And.Contain("last good answer: "));
            Assert.That(execution.CleanupOutcome().Failed, Is.True, "the created gasto cannot be deleted while the database is down");
            Assert.That(EvidenceOf(execution), Does.Contain("### The target went down mid-gate"));
        });
    }

    // The same outage as a seeded defect of the target itself (the catalogue's contracts defects are checked to have a case).
    [TestCase("api_exits_after_first_gasto", "target_stayed_up")]
    public async Task Seeded_crash_fails_its_check_naming_the_last_good_answer(string defect, string checkId)
    {
        await Reference.UseDefectAsync(defect);
        var (execution, elapsed) = await RunInProcessAsync(null);
        var outcome = execution.Outcomes().Single(o => o.CheckId == checkId);
        var rendered = FailureRenderer.Render(outcome, Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(elapsed, Is.LessThan(Bound));
            Assert.That(outcome.Failed, Is.True, $"{defect} went unnoticed");
            Assert.That(rendered, Does.StartWith($"[contracts] {checkId}: ").And.Contain("last good answer: POST /api/gastos → 201").And.Contain("→ no answer ("));
            Assert.That(execution.CleanupOutcome().Failed, Is.True, "the gasto created just before the crash cannot be deleted");
        });
    }

    [Test]
    public async Task A_healthy_run_passes_target_stayed_up()
    {
        var (execution, _) = await RunInProcessAsync(null);
        Assert.That(execution.AvailabilityOutcome().Status, Is.EqualTo(CheckStatus.Passed), execution.AvailabilityOutcome().Actual);
        Assert.That(EvidenceOf(execution), Does.Contain("| target stayed up | yes: it answered until the last request |"));
    }

    private async Task<(ContractsExecution, TimeSpan)> RunInProcessAsync(FaultAtRequest? fault)
    {
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_RUN_ID"] = "faults-" + Guid.NewGuid().ToString("N")[..12] };
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        var target = loaded.Options!;
        using var client = new ExchangeClient(target.RequestTimeout, target.TlsSkipVerify, fault is null ? null : fault.Wrap);
        using var bound = new CancellationTokenSource(Bound);
        var watch = Stopwatch.StartNew();
        var execution = await ContractsExecution.RunAsync(target, RepositoryRoot.Find(), client, bound.Token);
        Assert.That(execution.Problem, Is.Null);
        return (execution, watch.Elapsed);
    }

    private string EvidenceOf(ContractsExecution execution)
    {
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => Reference.Environment.TryGetValue(k, out var v) ? v : null, _ => null));
        return new ContractsEvidence(loaded.Options!, execution.Options, execution.Run, execution.Problem, Redactor.None).Validation().ToString();
    }
}
