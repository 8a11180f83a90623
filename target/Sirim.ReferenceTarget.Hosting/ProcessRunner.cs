using System.Diagnostics;
using System.Text;

namespace Sirim.ReferenceTarget.Hosting;

public sealed record CommandResult(int ExitCode, string Output);

/// <summary>Runs short external commands (initdb, pg_ctl) with a timeout, capturing their output.</summary>
public static class ProcessRunner
{
    public static bool IsRoot => Environment.UserName == "root";

    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct,
        string? asUser = null)
    {
        var psi = asUser is not null && IsRoot
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", asUser, "--", file } }
            : new ProcessStartInfo(file);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        psi.WorkingDirectory = Path.GetTempPath();

        using var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (Exception ex)
        {
            throw new HostingException($"could not run '{file}': {ex.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            if (ct.IsCancellationRequested) throw;
            throw new HostingException($"'{file} {string.Join(' ', args)}' did not finish within {timeout.TotalSeconds:0} s.");
        }
        process.WaitForExit();
        lock (output) return new CommandResult(process.ExitCode, output.ToString());
    }
}
