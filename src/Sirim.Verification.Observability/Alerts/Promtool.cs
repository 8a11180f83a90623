using System.Diagnostics;
using System.Text;

namespace Sirim.Verification.Observability.Alerts;

/// <summary>What <c>promtool check rules</c> said: null exit code when it could not run (then <see cref="Missing"/> says why).</summary>
public sealed record PromtoolResult(string CommandLine, int? ExitCode, string Output, string? Missing)
{
    public bool Valid => ExitCode == 0;
}

/// <summary>
/// Runs <c>promtool check rules FILE</c> (Debian package prometheus): a static check that starts no server and writes
/// nothing; it runs in a throwaway working folder that is removed afterwards, bounded in time.
/// </summary>
public static class Promtool
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The promtool on PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, "promtool")).FirstOrDefault(File.Exists);

    public static async Task<PromtoolResult> CheckRulesAsync(string rulesFile, CancellationToken ct)
    {
        var commandLine = $"promtool check rules {rulesFile}";
        if (Find() is not { } promtool)
            return new PromtoolResult(commandLine, null, "", "promtool is not installed (Debian package 'prometheus'; scripts/bootstrap.sh installs it)");
        var work = Directory.CreateTempSubdirectory("sirim-promtool-");
        try
        {
            var psi = new ProcessStartInfo(promtool)
            {
                ArgumentList = { "check", "rules", Path.GetFullPath(rulesFile) }, RedirectStandardOutput = true, RedirectStandardError = true,
                RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = work.FullName,
            };
            using var process = new Process { StartInfo = psi };
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bound.CancelAfter(Timeout);
            try { await process.WaitForExitAsync(bound.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return new PromtoolResult(commandLine, null, output.ToString(), $"promtool did not finish within {Timeout.TotalSeconds:0} s (killed)");
            }
            process.WaitForExit();
            lock (output) return new PromtoolResult(commandLine, process.ExitCode, output.ToString(), null);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
