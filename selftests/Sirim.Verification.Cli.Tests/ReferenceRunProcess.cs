using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Sirim.Verification.Core;

namespace Sirim.Verification.Cli.Tests;

/// <summary>
/// A real <c>sirim-verify reference run [-- COMMAND]</c> (the built sirim-verify.dll) as a child process: waits until
/// the reference target answers, then knows every process of the run (the CLI's tree, the postmaster and its backends)
/// and the cluster folder, so a test can signal it and check that nothing remains.
/// </summary>
public sealed partial class ReferenceRunProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ReferenceRunProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public string ApiUrl { get; private set; } = "";
    public string ClusterFolder { get; private set; } = "";
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string CliDll() =>
        Sirim.Verification.TestSupport.SuiteRunner.BuiltDll(Path.Combine(RepositoryRoot.Find(), "tools", "Sirim.Verification.Cli"), "sirim-verify.dll");

    public static async Task<ReferenceRunProcess> StartAsync(IReadOnlyList<string> command, TimeSpan startTimeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // env execs dotnet with the stop signals at their default: a test host started in the background inherits SIGINT
        // ignored, and .NET (like any well-behaved program) keeps ignoring a signal that was ignored when it started.
        var psi = new ProcessStartInfo("env") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Find() };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        foreach (var a in new[] { "--default-signal=TERM,INT,HUP", "dotnet", CliDll(), "reference", "run" }) psi.ArgumentList.Add(a);
        if (command.Count > 0)
        {
            psi.ArgumentList.Add("--");
            foreach (var a in command) psi.ArgumentList.Add(a);
        }
        return await StartAsync(psi, startTimeout);
    }

    /// <summary>
    /// <c>scripts/run-suite.sh ARGS</c> (which runs the suite under <c>sirim-verify reference run</c>), with the stop
    /// signals at their default (a test host started in the background inherits SIGINT ignored, and bash cannot trap a
    /// signal ignored when it starts).
    /// </summary>
    public static async Task<ReferenceRunProcess> StartSuiteScriptAsync(IReadOnlyList<string> args, TimeSpan startTimeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = RepositoryRoot.Find();
        var psi = new ProcessStartInfo("env") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        foreach (var a in new[] { "--default-signal=TERM,INT,HUP", "bash", Path.Combine(root, "scripts", "run-suite.sh") }.Concat(args)) psi.ArgumentList.Add(a);
        return await StartAsync(psi, startTimeout);
    }

    private static async Task<ReferenceRunProcess> StartAsync(ProcessStartInfo psi, TimeSpan startTimeout)
    {
        var run = new ReferenceRunProcess(new Process { StartInfo = psi });
        run._process.OutputDataReceived += (_, e) => run.Append(e.Data);
        run._process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        run._process.Start();
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        await run.WaitUntilTargetAnswersAsync(startTimeout);
        return run;
    }

    private void Append(string? line) { if (line is not null) lock (_output) _output.AppendLine(line); }

    private async Task WaitUntilTargetAnswersAsync(TimeSpan timeout)
    {
        // The run may serve HTTPS with its own throwaway certificate (run-suite.sh passes --https).
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (ApiLine().Match(Output) is { Success: true } api && ClusterLine().Match(Output) is { Success: true } cluster)
            {
                ApiUrl = api.Groups[1].Value;
                ClusterFolder = cluster.Groups[1].Value;
                try
                {
                    using var response = await http.GetAsync(ApiUrl + "/healthz");
                    return; // any answer: the target is serving
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
            }
            await Task.Delay(200); // polling while the run starts
        }
        throw new InvalidOperationException($"the reference run did not answer within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}); output:\n{Output}");
    }

    /// <summary>Every process of the run as it is now: the CLI and everything below it, the postmaster and its backends.</summary>
    public IReadOnlyList<SeenProcess> Processes()
    {
        var pidFile = Path.Combine(ClusterFolder, "data", "postmaster.pid");
        var postmaster = File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var p) ? p
            : throw new InvalidOperationException($"no postmaster.pid in {ClusterFolder}: the run " +
                $"{(_process.HasExited ? $"ended with exit code {_process.ExitCode}" : "still runs, its database does not")}; its output:\n{Output}");
        return ProcessTable.TreeOf(Pid).Concat(ProcessTable.TreeOf(postmaster)).ToList();
    }

    public void Signal(int signal) => ProcessTable.Signal(Pid, signal);

    /// <summary>Waits for the CLI to exit; null when it did not within the timeout.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        // A failed test must not leave a run behind: SIGKILL to the CLI's tree, then to the postmaster (a daemon of its
        // own), and the cluster folder goes.
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (ClusterFolder.Length == 0 || !Directory.Exists(ClusterFolder)) return;
        var pidFile = Path.Combine(ClusterFolder, "data", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster))
            try { ProcessTable.Signal(postmaster, 9); } catch (InvalidOperationException) { }
        try { Directory.Delete(ClusterFolder, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"\[reference\] API\s+(\S+)")]
    private static partial Regex ApiLine();

    [GeneratedRegex(@"\[reference\] database \S+ \(throwaway, in (\S+), removed at exit\)")]
    private static partial Regex ClusterLine();
}
