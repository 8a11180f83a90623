using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Cli.Tests;

/// <summary>
/// The real suite (the built gates dll under dotnet test, one gate) against a target that accepts connections and never
/// answers: the run ends within its bounds, says what ran in go_no_go.md and exits non-zero — whether the target hangs
/// from the first request (the reachability probe's timeout stops every gate) or only after the probe got through
/// (the run's time bound, runTimeoutSeconds, stops the gate still waiting).
/// </summary>
[NonParallelizable]
public sealed class HangingTargetRunTests
{
    // Far above the bounds under test (5 s probe; 15 s run bound) plus the test host's start on a busy machine.
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(3);

    private static Dictionary<string, string> Settings(HangingTarget target, string runTimeoutSeconds) => new()
    {
        ["SIRIM_API_URL"] = target.Url,
        ["SIRIM_FRONTEND_URL"] = target.Url,
        ["SIRIM_OPENAPI_URL"] = target.Url + "/openapi.json",
        ["SIRIM_USERNAME"] = "verifier@sirim.test",
        ["SIRIM_PASSWORD"] = "not-used-by-a-hanging-target",
        ["SIRIM_REQUEST_TIMEOUT_SECONDS"] = "5",
        ["SIRIM_RUN_TIMEOUT_SECONDS"] = runTimeoutSeconds,
    };

    [Test]
    public async Task A_target_hanging_from_the_first_request_fails_the_gate_at_the_probe_and_the_run_exits_non_zero()
    {
        await using var target = new HangingTarget();
        var run = await SuiteRunner.RunAsync(Settings(target, "600"), "Category=Smoke", ChildTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.Output);
            Assert.That(target.Requests, Is.GreaterThanOrEqualTo(1), "the probe reached the hanging target");
            Assert.That(run.Failed.Select(f => f.Message), Has.All.Contain("the target is unreachable: GET " + target.Url), run.Describe());
            Assert.That(run.GoNoGo, Does.Contain("**Verdict: NO-GO**").And.Contain("| smoke | FAIL |"), run.Output);
        });
    }

    [Test]
    public async Task A_target_hanging_after_the_probe_is_stopped_by_the_run_time_bound_with_go_no_go_written()
    {
        await using var target = new HangingTarget(answerFirst: 1);
        var run = await SuiteRunner.RunAsync(Settings(target, "15"), "Category=Smoke", ChildTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.Output);
            Assert.That(target.Requests, Is.GreaterThanOrEqualTo(2), "the smoke gate sent requests after the probe");
            Assert.That(run.Output, Does.Contain("Test Run Aborted"), "the test host ended the run");
            Assert.That(run.GoNoGo, Does.Contain("**Verdict: NO-GO**").And.Contain("| smoke | FAIL |").And.Contain("| contracts | NOT RUN |"), run.Output);
            Assert.That(run.GoNoGo, Does.Contain("## Run stopped").And.Contain("its time bound of 15 s (runTimeoutSeconds, SIRIM_RUN_TIMEOUT_SECONDS) was spent")
                .And.Contain("run_time_bound: smoke"), run.GoNoGo);
        });
    }
}
