using System.Diagnostics;
using System.Text;

namespace Sirim.Verification.Canary.Rollback;

/// <summary>How the rollback command ended: exit code (null when killed at the time bound), its output, its duration.</summary>
public sealed record RollbackCommandResult(string Command, DateTimeOffset StartedAt, TimeSpan Elapsed, int? ExitCode, bool TimedOut, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public string Outcome => TimedOut ? "timed out (killed)" : $"exit code {ExitCode}";
}

/// <summary>Runs the operator's rollback command once through <c>/bin/sh -c</c>, bounded in time, capturing its output.</summary>
public static class RollbackCommand
{
    /// <summary>Output kept for the evidence; a longer output is cut (the command's own logs hold the rest).</summary>
    public const int MaxOutputChars = 64 * 1024;

    public static async Task<RollbackCommandResult> RunAsync(string command, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null) return;
            lock (output) if (output.Length < MaxOutputChars) output.Append(line).Append('\n');
        }
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (!timedOut) throw;
        }
        // The redirected streams are drained once the process has exited.
        process.WaitForExit();
        string text;
        lock (output) text = output.Length >= MaxOutputChars ? output.ToString(0, MaxOutputChars) + "\n… (output cut)" : output.ToString();
        return new RollbackCommandResult(command, started, clock.Elapsed, timedOut ? null : process.ExitCode, timedOut, text);
    }
}
