using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Cli.Tests;

/// <summary>
/// The real suite (the built gates dll under dotnet test, one gate) against a target that accepts connections and never
/// answers: the run ends within its bounds, says what ran in go_no_go.md and exits non-zero — whether the target hangs
/// from the first request (the reachability probe's timeout stops every gate) or only after the probe got through
/// (the run's time bound, runTimeoutSeconds, stops the gate still waiting). Each test has its own hanging target on a
/// free port and its own run, so the two run side by side.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class HangingTargetRunTests
{
    // Far above the bounds under test (2 s or 5 s probe; 10 s run bound) plus the test host's start on a busy machine.
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(3);

    private static Dictionary<string, string> Settings(HangingTarget target, string requestTimeoutSeconds, string runTimeoutSeconds) => new()
    {
        ["SIRIM_API_URL"] = target.Url,
        ["SIRIM_FRONTEND_URL"] = target.Url,
        ["SIRIM_OPENAPI_URL"] = target.Url + "/openapi.json",
        ["SIRIM_USERNAME"] = "verifier@sirim.test",
        ["SIRIM_PASSWORD"] = "not-used-by-a-hanging-target",
        ["SIRIM_REQUEST_TIMEOUT_SECONDS"] = requestTimeoutSeconds,
        ["SIRIM_RUN_TIMEOUT_SECONDS"] = runTimeoutSeconds,
    };

    [Test]
    public async Task A_target_hanging_from_the_first_request_fails_the_gate_at_the_probe_and_the_run_exits_non_zero()
    {
        // The probe gives up after its request timeout: the shortest that still tells a hang from a slow answer here.
        await using var target = new HangingTarget();
        var run = await SuiteRunner.RunAsync(Settings(target, "2", "600"), "Category=Smoke", ChildTimeout);

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
        // The shortest run bound allowed (10 s); each smoke test waits out a 5 s request timeout, so the gate is still
        // running when the bound is spent.
        await using var target = new HangingTarget(answerFirst: 1);
        var run = await SuiteRunner.RunAsync(Settings(target, "5", "10"), "Category=Smoke", ChildTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.Output);
            Assert.That(target.Requests, Is.GreaterThanOrEqualTo(2), "the smoke gate sent requests after the probe");
            Assert.That(run.Output, Does.Contain("Test Run Aborted"), "the test host ended the run");
            Assert.That(run.GoNoGo, Does.Contain("**Verdict: NO-GO**").And.Contain("| smoke | FAIL |").And.Contain("| contracts | NOT RUN |"), run.Output);
            Assert.That(run.GoNoGo, Does.Contain("## Run stopped").And.Contain("its time bound of 10 s (runTimeoutSeconds, SIRIM_RUN_TIMEOUT_SECONDS) was spent")
                .And.Contain("run_time_bound: smoke"), run.GoNoGo);
        });
    }
}
