using System.Diagnostics;
using Sirim.Verification.Core;

namespace Sirim.Verification.Cli.Tests;

/// <summary>
/// scripts/lib/stoppable.sh, the trap that scripts/run-suite.sh runs its build and its suite run under, tested on a
/// small script of its own (the suite itself needs a full build and minutes): a stop signal to the script stops the
/// command's whole process group — here a shell with a foreground and a background sleep — and the script exits with
/// 128 + the signal's number after one line saying what was stopped.
/// </summary>
[NonParallelizable]
public sealed class StoppableScriptTests
{
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(10);
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "sirim-stoppable-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [TestCase("TERM", 15)]
    [TestCase("INT", 2)]
    [TestCase("HUP", 1)]
    public async Task A_signal_to_the_script_stops_the_whole_process_group_of_its_command(string name, int signal)
    {
        var marker = $"300.{Random.Shared.Next(100_000, 999_999)}";
        using var script = StartScript($"run_stoppable \"two sleeps\" sh -c 'sleep {marker} & sleep {marker}; wait'\necho 'not reached'");
        var sleeps = await WaitForAsync(() => ProcessTable.All().Where(p => p.CommandLine == "sleep " + marker).ToList(), s => s.Count == 2);

        ProcessTable.Signal(script.Process.Id, signal);
        using var cts = new CancellationTokenSource(StopBudget);
        await script.Process.WaitForExitAsync(cts.Token);
        var remaining = await WaitForAsync(() => sleeps.Where(ProcessTable.StillRunning).ToList(), r => r.Count == 0);

        var output = script.Output();
        Assert.Multiple(() =>
        {
            Assert.That(script.Process.ExitCode, Is.EqualTo(128 + signal), output);
            Assert.That(remaining, Is.Empty, output);
            Assert.That(output, Does.Contain($"[stop] SIG{name}: stopping two sleeps (SIGTERM to process group "));
            Assert.That(output, Does.Match($@"\[stop\] stopped two sleeps \(process group \d+\); exit code {128 + signal}"));
            Assert.That(output, Does.Not.Contain("not reached"));
        });
    }

    [Test]
    public async Task Without_a_signal_the_command_s_exit_code_is_returned_and_the_script_goes_on()
    {
        using var script = StartScript("run_stoppable \"a failing step\" sh -c 'exit 7' || echo \"returned $?\"\nrun_stoppable \"a step\" true && echo \"returned $?\"");
        using var cts = new CancellationTokenSource(StopBudget);
        await script.Process.WaitForExitAsync(cts.Token);

        Assert.That(script.Output(), Is.EqualTo("returned 7\nreturned 0\n"));
        Assert.That(script.Process.ExitCode, Is.Zero);
    }

    private sealed class RunningScript(Process process, string outputFile) : IDisposable
    {
        public Process Process { get; } = process;
        public string Output() => File.ReadAllText(outputFile);

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    private RunningScript StartScript(string body)
    {
        var lib = Path.Combine(RepositoryRoot.Find(), "scripts", "lib", "stoppable.sh");
        var script = Path.Combine(_dir, "script.sh");
        var output = Path.Combine(_dir, "output.txt");
        File.WriteAllText(script, $"set -euo pipefail\n. '{lib}'\n{body}\n");
        // env resets the three signals to their default: a signal ignored when bash starts cannot be trapped, and a
        // test host started in the background inherits SIGINT ignored.
        var psi = new ProcessStartInfo("env") { UseShellExecute = false };
        foreach (var a in new[] { "--default-signal=TERM,INT,HUP", "bash", "-c", $"exec bash '{script}' > '{output}' 2>&1" }) psi.ArgumentList.Add(a);
        return new RunningScript(Process.Start(psi)!, output);
    }

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + StopBudget;
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50); // polling the process table
            value = read();
        }
        return value;
    }
}
