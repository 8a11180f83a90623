namespace Sirim.Verification.Cli.Tests;

/// <summary>
/// A stop signal to <c>scripts/run-suite.sh</c> during a gate (the E2E gate, with Chromium running): within 10 s no
/// process of that run remains — script, sirim-verify, dotnet test and its test host, Playwright's driver and the
/// browser, the reference target, PostgreSQL — the throwaway cluster folder is gone and the exit code is 128 + the
/// signal's number. The script runs with --no-build (the last Release build) so the test costs a run, not a build.
/// Each case has its own run id, cluster and process tree, so the cases run side by side.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class RunSuiteSignalTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(10);

    [TestCase("SIGTERM", 15)]
    [TestCase("SIGINT", 2)]
    public async Task A_signal_during_a_gate_leaves_nothing_of_the_run_behind(string name, int signal)
    {
        var root = Sirim.Verification.Core.RepositoryRoot.Find();
        var runId = "signal-" + Guid.NewGuid().ToString("N")[..8];
        var runDir = Path.Combine(root, "reports", "reference", runId);
        try
        {
            await using var run = await ReferenceRunProcess.StartSuiteScriptAsync(["--no-build", "--filter", "Category=E2e"], StartTimeout,
                new Dictionary<string, string> { ["SIRIM_RUN_ID"] = runId });
            var deadline = DateTime.UtcNow + StartTimeout;
            while (!run.Processes().Any(p => p.CommandLine.Contains("chromium")) && DateTime.UtcNow < deadline)
                await Task.Delay(200); // polling until the gate has launched the browser
            var before = run.Processes();
            Assert.That(before.Select(p => p.CommandLine), Has.Some.Contains("chromium"), "the E2E gate launched Chromium under the run:\n" + run.Output);
            Assert.That(before.Select(p => p.CommandLine), Has.Some.Contains("testhost").Or.Some.Contains("Sirim.Verification.Gates"), string.Join("\n", before));
            Assert.That(before.Select(p => p.CommandLine), Has.Some.Contains("Sirim.ReferenceTarget.dll"), string.Join("\n", before));

            var watch = System.Diagnostics.Stopwatch.StartNew();
            run.Signal(signal);
            var exit = await run.WaitForExitAsync(StopBudget);
            var remaining = before.Where(ProcessTable.StillRunning).ToList();
            while (remaining.Count > 0 && watch.Elapsed < StopBudget)
            {
                await Task.Delay(100); // polling the process table until the budget is spent
                remaining = remaining.Where(ProcessTable.StillRunning).ToList();
            }

            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(128 + signal), $"run-suite.sh exits with 128 + {name}\n{run.Output}");
                Assert.That(remaining, Is.Empty, $"processes of the run still running {StopBudget.TotalSeconds:0} s after {name}\n{run.Output}");
                Assert.That(Directory.Exists(run.ClusterFolder), Is.False, $"the cluster folder {run.ClusterFolder} is removed\n{run.Output}");
                Assert.That(run.Output, Does.Contain($"[stop] SIG{name["SIG".Length..]}: stopping the suite run"));
            });
        }
        finally
        {
            if (Directory.Exists(runDir)) Directory.Delete(runDir, recursive: true);
        }
    }
}
