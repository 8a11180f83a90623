using System.Diagnostics;
using System.Text;

namespace Sirim.Verification.Smoke;

/// <summary>Runs an operator-configured shell command (database stop/start) with a timeout; output is kept for evidence.</summary>
public static class ShellCommand
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(string commandLine, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", commandLine }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return new Result(-1, $"timed out after {timeout.TotalSeconds:0} s\n{output}", watch.Elapsed);
        }
        process.WaitForExit();
        lock (output) return new Result(process.ExitCode, output.ToString(), watch.Elapsed);
    }
}
