using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Evidence;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// The load gate's runner when the reference target is killed (SIGKILL, as an OOM kill) a second into the measured
/// window of a short copy of normal-ci (1 s ramp-up that is all warm-up, 5 s steady): the run still ends on its plan's
/// clock, <c>target_stayed_up</c> names the second the target went down and the last second with good answers, the
/// profile's evidence section says so, and the gastos it created and could not delete fail <c>test_data_cleaned_up</c>
/// instead of hanging the gate. The last test of the latency fixture (the other part of this class,
/// LoadGateLatencyDefectTests.cs), on its deployment switched back to clean: this one, which kills the target, comes
/// last (Order 4). Nothing here depends on the machine's speed.
/// </summary>
public sealed partial class LoadGateLatencyDefectTests
{
    // The plan is 6 s; each request is bounded by requestTimeoutSeconds and the cleanup by its attempts.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    [Test, Order(4)]
    public async Task Target_killed_under_load_fails_target_stayed_up_naming_the_moment()
    {
        // The last test of the fixture (Order 4): it kills the fixture's target, clean for it.
        await Reference.UseDefectAsync(null);
        var target = Reference.Deployment.Target!;
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_PROGRESS"] = "plain" };
        var options = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null)).Options!;
        var plan = LoadGatePlanner.Prepare(options, RepositoryRoot.Find(), ShortProfile("normal-ci", duration: "5s")).Options!;

        using var bound = new CancellationTokenSource(Bound);
        // Placed by the run's own clock: at its first progress report a second or more into the measured window (good
        // answers before it, about four seconds of plan after it), whatever the login and the priming took on this machine.
        var kill = new ActAtProgress(ActAtProgress.MeasuredFor(plan.Profile.WarmUp, TimeSpan.FromSeconds(1)), () => FaultAtRequest.KillAsync(target));
        var run = await LoadGateRunner.RunAsync(options, plan, kill, null, bound.Token);
        Assert.That(kill.Fired, Is.Not.Null, "the target was killed during the run");
        await kill.Fired!;

        var outcomes = LoadGateChecks.Load.Select(c => c.Evaluate(run)).ToList();
        var stayedUp = outcomes.Single(o => o.CheckId == TargetStayedUp.Id);
        var text = FailureRenderer.Render(stayedUp, Redactor.None);
        var section = LoadEvidence.ProfileSection(run, outcomes, LoadArtifacts.For(run), Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(bound.IsCancellationRequested, Is.False, "the run ended within its bound");
            Assert.That(stayedUp.Failed, Is.True, $"{text}\n(killed at {kill.FiredAt!.Elapsed.TotalSeconds:0.0} s of the {plan.Profile.PlannedDuration.TotalSeconds:0} s plan)");
            Assert.That(text, Does.StartWith("[load] target_stayed_up: profile normal-ci").And.Contain("on, every request failed: ")
                .And.Contain("→ no answer (").And.Contain("last good answers: second ").And.Contain("Reproduce: curl"));
            Assert.That(outcomes.Single(o => o.CheckId == "test_data_cleaned_up").Failed, Is.True, "the gastos created before the kill cannot be deleted");
            Assert.That(section, Does.Contain("target_stayed_up"));
        });
    }
}
