using System.Diagnostics;

namespace Sirim.Verification.Cli.Tests;

/// <summary>
/// A stop signal to <c>sirim-verify reference run</c> stops everything the run started — the command's process group,
/// the reference target, the PostgreSQL cluster — within 10 s, removes the cluster folder and exits with 128 + the
/// signal's number. Each test runs the real, built CLI against a real throwaway cluster of its own (free ports, its own
/// folder, its own process tree), so the tests run side by side.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ReferenceRunSignalTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(10);

    [TestCase("SIGTERM", 15)]
    [TestCase("SIGINT", 2)]
    [TestCase("SIGHUP", 1)]
    public async Task A_signal_stops_the_command_the_target_and_the_database_and_removes_the_cluster_folder(string name, int signal)
    {
        // A sleep no other process on the machine runs, to recognise this run's command.
        var marker = $"300.{Random.Shared.Next(100_000, 999_999)}";
        await using var run = await ReferenceRunProcess.StartAsync(["sleep", marker], StartTimeout);
        var before = run.Processes();
        Assert.That(before.Select(p => p.CommandLine), Has.Some.EqualTo("sleep " + marker), "the command runs under the reference run: " + string.Join(", ", before));
        Assert.That(before.Select(p => p.CommandLine), Has.Some.Contains("Sirim.ReferenceTarget.dll"), "the target runs: " + string.Join(", ", before));
        Assert.That(before.Select(p => p.CommandLine), Has.Some.Contains(run.ClusterFolder), "the postmaster runs: " + string.Join(", ", before));

        var stopped = await SignalAndWaitAsync(run, signal);

        Assert.Multiple(() =>
        {
            Assert.That(stopped.ExitCode, Is.EqualTo(128 + signal), $"exit code 128 + {name}\n{run.Output}");
            Assert.That(stopped.Remaining, Is.Empty, $"processes of the run still running {StopBudget.TotalSeconds:0} s after {name}\n{run.Output}");
            Assert.That(Directory.Exists(run.ClusterFolder), Is.False, $"the cluster folder {run.ClusterFolder} is removed\n{run.Output}");
            Assert.That(run.Output, Does.Match($@"\[reference\] {name}: stopped 'sleep' \(process group \d+, SIGTERM\), the reference target \(pid \d+\) and PostgreSQL on port \d+ \(stopped \((fast|immediate) shutdown\), folder {System.Text.RegularExpressions.Regex.Escape(run.ClusterFolder)} removed\); exit code {128 + signal}\."));
        });
    }

    [Test]
    public async Task Serving_without_a_command_a_signal_stops_the_target_and_the_database_and_exits_non_zero()
    {
        await using var run = await ReferenceRunProcess.StartAsync([], StartTimeout);
        var stopped = await SignalAndWaitAsync(run, 2);

        Assert.Multiple(() =>
        {
            Assert.That(stopped.ExitCode, Is.EqualTo(130), run.Output);
            Assert.That(stopped.Remaining, Is.Empty, run.Output);
            Assert.That(Directory.Exists(run.ClusterFolder), Is.False, run.Output);
        });
    }

    [Test]
    public async Task A_second_signal_kills_a_command_that_ignores_the_first_at_once()
    {
        // The command ignores SIGTERM: without the second signal the run would wait its 2 s grace before SIGKILL.
        var marker = $"300.{Random.Shared.Next(100_000, 999_999)}";
        await using var run = await ReferenceRunProcess.StartAsync(["sh", "-c", $"trap '' TERM; sleep {marker}; :"], StartTimeout);
        var before = run.Processes();
        run.Signal(15);
        await Task.Delay(300); // the first signal is being handled: the command is in its grace period
        var watch = Stopwatch.StartNew();
        run.Signal(15);
        var exit = await run.WaitForExitAsync(StopBudget);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(143), run.Output);
            Assert.That(run.Output, Does.Contain("SIGTERM again: killing what remains at once"));
            Assert.That(run.Output, Does.Contain("SIGKILL on the second signal"));
            Assert.That(before.Where(ProcessTable.StillRunning), Is.Empty, run.Output);
            Assert.That(Directory.Exists(run.ClusterFolder), Is.False, run.Output);
        });
        TestContext.Out.WriteLine($"stopped {watch.Elapsed.TotalSeconds:0.0} s after the second signal");
    }

    // The suite's test host under dotnet test, with Chromium started by the E2E gate through Playwright: Playwright
    // starts the browser in a process group of its own, so the group signal does not reach it; its driver (a child of
    // the test host) kills it when it gets the signal or when the test host is gone.
    [Test]
    public async Task A_signal_during_the_e2e_gate_leaves_no_test_host_driver_or_browser_behind()
    {
        var root = Sirim.Verification.Core.RepositoryRoot.Find();
        var reports = Path.Combine(Path.GetTempPath(), "sirim-signal-reports-" + Guid.NewGuid().ToString("N")[..8]);
        await using var run = await ReferenceRunProcess.StartAsync(
            ["dotnet", "test", Sirim.Verification.TestSupport.SuiteRunner.GatesDll(root), "--settings", Path.Combine(root, "runsettings", "reference.runsettings"), "--filter", "Category=E2e"],
            StartTimeout, new Dictionary<string, string> { ["SIRIM_REPORTS_DIR"] = reports });
        try
        {
            var deadline = DateTime.UtcNow + StartTimeout;
            while (!run.Processes().Any(p => p.CommandLine.Contains("chromium")) && DateTime.UtcNow < deadline)
                await Task.Delay(200); // polling until the gate has launched the browser
            var before = run.Processes();
            Assert.That(before.Select(p => p.CommandLine), Has.Some.Contains("chromium"), "the E2E gate launched Chromium under the run:\n" + run.Output);

            var stopped = await SignalAndWaitAsync(run, 15);

            Assert.Multiple(() =>
            {
                Assert.That(stopped.ExitCode, Is.EqualTo(143), run.Output);
                Assert.That(stopped.Remaining, Is.Empty, "still running after SIGTERM:\n" + run.Output);
                Assert.That(Directory.Exists(run.ClusterFolder), Is.False, run.Output);
            });
        }
        finally
        {
            if (Directory.Exists(reports)) Directory.Delete(reports, recursive: true);
        }
    }

    private sealed record Stopped(int? ExitCode, IReadOnlyList<SeenProcess> Remaining);

    private static async Task<Stopped> SignalAndWaitAsync(ReferenceRunProcess run, int signal)
    {
        var before = run.Processes();
        var deadline = DateTime.UtcNow + StopBudget;
        run.Signal(signal);
        var exit = await run.WaitForExitAsync(StopBudget);
        var remaining = before.Where(ProcessTable.StillRunning).ToList();
        while (remaining.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100); // polling the process table until the budget is spent
            remaining = remaining.Where(ProcessTable.StillRunning).ToList();
        }
        return new Stopped(exit, remaining);
    }
}
