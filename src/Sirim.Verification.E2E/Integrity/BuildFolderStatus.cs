using System.Diagnostics;

namespace Sirim.Verification.E2E.Integrity;

/// <summary>
/// When the manifest is made from a build folder inside a git work tree, <c>git status --porcelain</c> of that folder
/// shows whether the sources differ from the commit (the release evidence wants an empty diff). Bounded by a timeout.
/// </summary>
public static class BuildFolderStatus
{
    public static async Task<string?> GitStatusAsync(string folder, TimeSpan timeout, CancellationToken ct)
    {
        if (!Directory.Exists(folder)) return null;
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var a in new[] { "status", "--porcelain", "--", "." }) psi.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(psi);
            if (process is null) return null;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            var output = await process.StandardOutput.ReadToEndAsync(cts.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return process.ExitCode == 0 ? output : null; // not a git work tree: nothing to show
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return null;
        }
    }
}
