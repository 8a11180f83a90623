using System.Diagnostics;
using System.Runtime.InteropServices;
using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.Cli;

/// <summary>
/// The command <c>reference run -- COMMAND</c> runs, started in a process group of its own (through <c>setsid</c>) so
/// that stopping it reaches everything it started (e.g. <c>dotnet test</c>, its test host and the browser), and so that
/// a Ctrl+C in the terminal reaches it once, through this process, instead of twice.
/// </summary>
public sealed class ChildCommand : IDisposable
{
    private const int SigTerm = 15, SigKill = 9;
    private readonly Process _process;
    private readonly bool _ownGroup;

    private ChildCommand(Process process, bool ownGroup, string name)
    {
        _process = process;
        _ownGroup = ownGroup;
        Name = name;
    }

    public string Name { get; }
    public int ProcessId => _process.Id;
    public int ExitCode => _process.ExitCode;

    /// <summary>How the stop went, for the one line printed at the end ("'sleep' (process group 4242, SIGTERM)").</summary>
    public string? StopDescription { get; private set; }

    public static ChildCommand Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var setsid = OperatingSystem.IsLinux() ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists) : null;
        var psi = new ProcessStartInfo(setsid ?? command[0]) { UseShellExecute = false };
        foreach (var a in setsid is null ? command.Skip(1) : command) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        try
        {
            // setsid execs the command in place (this process's children are never group leaders), so the PID is the group's id.
            var process = Process.Start(psi) ?? throw new HostingException($"could not start '{command[0]}'");
            return new ChildCommand(process, setsid is not null, command[0]);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new HostingException($"could not start '{command[0]}': {ex.Message}");
        }
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>
    /// SIGTERM to the whole process group, up to <paramref name="grace"/> to finish, then SIGKILL to what remains of the
    /// group; <paramref name="force"/> (a second signal) skips the rest of the wait.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken force)
    {
        if (_process.HasExited && !GroupAlive()) return;
        var how = "SIGTERM";
        Signal(SigTerm);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(force);
        wait.CancelAfter(grace);
        try
        {
            while (GroupAlive()) await Task.Delay(50, wait.Token).ConfigureAwait(false); // polling: a group has no exit event
        }
        catch (OperationCanceledException)
        {
            how = force.IsCancellationRequested ? "SIGKILL on the second signal" : $"SIGKILL after {grace.TotalSeconds:0} s";
            Signal(SigKill);
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { await _process.WaitForExitAsync(reaped.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
        StopDescription = _ownGroup ? $"'{Name}' (process group {ProcessId}, {how})" : $"'{Name}' (pid {ProcessId}, {how})";
    }

    private void Signal(int signal)
    {
        if (_ownGroup) { _ = kill(-ProcessId, signal); return; }
        if (signal == SigKill) { try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        else { _ = kill(ProcessId, signal); }
    }

    /// <summary>True while any process of the group (or the command itself, without a group) is still there.</summary>
    private bool GroupAlive() => _ownGroup ? kill(-ProcessId, 0) == 0 : !_process.HasExited;

    public void Dispose() => _process.Dispose();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
