using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Evidence;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// The load gate's runner when the reference target is killed (SIGKILL, as an OOM kill) 4 s into the 12 s normal-ci
/// profile: the run still ends on its plan's clock, <c>target_stayed_up</c> names the second the target went down and
/// the last second with good answers, the profile's evidence section says so, and the gastos it created and could not
/// delete fail <c>test_data_cleaned_up</c> instead of hanging the gate.
/// </summary>
[NonParallelizable]
public sealed class LoadGateWhenTheTargetDiesTests : AgainstReferenceTarget
{
    // The plan is 12 s; each request is bounded by requestTimeoutSeconds and the cleanup by its attempts.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    [Test]
    public async Task Target_killed_under_load_fails_target_stayed_up_naming_the_moment()
    {
        await Reference.UseDefectAsync(null, extra: new Dictionary<string, string>()); // a target of its own: this test kills it
        var target = Reference.Deployment.Target!;
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_PROGRESS"] = "plain" };
        var options = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null)).Options!;
        var plan = LoadGatePlanner.Prepare(options, RepositoryRoot.Find(), "normal-ci").Options!;

        using var bound = new CancellationTokenSource(Bound);
        // A timer started with the gate: 4 s into a 12 s plan is mid-gate whatever the machine's speed.
        var kill = Task.Delay(TimeSpan.FromSeconds(4), bound.Token).ContinueWith(_ => FaultAtRequest.KillAsync(target), TaskScheduler.Default).Unwrap();
        var run = await LoadGateRunner.RunAsync(options, plan, null, null, bound.Token);
        await kill;

        var outcomes = LoadGateChecks.Load.Select(c => c.Evaluate(run)).ToList();
        var stayedUp = outcomes.Single(o => o.CheckId == TargetStayedUp.Id);
        var text = FailureRenderer.Render(stayedUp, Redactor.None);
        var section = LoadEvidence.ProfileSection(run, outcomes, LoadArtifacts.For(run), Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(bound.IsCancellationRequested, Is.False, "the run ended within its bound");
            Assert.That(stayedUp.Failed, Is.True, text);
            Assert.That(text, Does.StartWith("[load] target_stayed_up: profile normal-ci").And.Contain("on, every request failed: ")
                .And.Contain("→ no answer (").And.Contain("last good answers: second ").And.Contain("Reproduce: curl"));
            Assert.That(outcomes.Single(o => o.CheckId == "test_data_cleaned_up").Failed, Is.True, "the gastos created before the kill cannot be deleted");
            Assert.That(section, Does.Contain("target_stayed_up"));
        });
    }
}
