using System.Runtime.InteropServices;

namespace Sirim.Verification.Cli;

/// <summary>
/// SIGTERM, SIGINT and SIGHUP stop a command: the first one cancels <see cref="Stopping"/> (stop what was started, in
/// order, within seconds) instead of ending the process on the spot with its children orphaned. A second one cancels
/// <see cref="Forced"/> (kill what remains at once) when the command handles it; otherwise it takes its default action
/// and ends the process.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _forced = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;
    private int _signalNumber;

    private readonly bool _secondHandled;

    private StopSignals(bool secondSignalHandled)
    {
        _secondHandled = secondSignalHandled;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    /// <param name="secondSignalHandled">True when the command watches <see cref="Forced"/>; otherwise a second signal ends the process.</param>
    public static StopSignals Register(bool secondSignalHandled) => new(secondSignalHandled);

    /// <summary>Cancelled by the first stop signal.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Cancelled by the second stop signal: whatever is still running is killed without waiting.</summary>
    public CancellationToken Forced => _forced.Token;

    /// <summary>The first signal received ("SIGTERM"), or null.</summary>
    public string? SignalName => Volatile.Read(ref _signalNumber) switch { 0 => null, 1 => "SIGHUP", 2 => "SIGINT", 15 => "SIGTERM", var n => "signal " + n };

    /// <summary>The shell convention for a process stopped by a signal: 128 + the signal's number (SIGTERM: 143).</summary>
    public int ExitCode => 128 + (Volatile.Read(ref _signalNumber) is var n and > 0 ? n : 2);

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) == 1)
        {
            context.Cancel = true; // handled here: stop in order instead of dying with the children still running
            Volatile.Write(ref _signalNumber, Number(context.Signal));
            Console.Error.WriteLine($"[sirim-verify] {SignalName}: stopping everything this run started{(_secondHandled ? " (a second signal kills it at once)" : "")} …");
            _stopping.Cancel();
        }
        else if (_secondHandled && !_forced.IsCancellationRequested)
        {
            context.Cancel = true;
            Console.Error.WriteLine($"[sirim-verify] {Name(context.Signal)} again: killing what remains at once …");
            _forced.Cancel();
        }
    }

    // PosixSignal values are platform-neutral placeholders; these are the Linux numbers the exit code convention uses.
    private static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGTERM => 15,
        _ => 15,
    };

    private static string Name(PosixSignal signal) => signal.ToString();

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _stopping.Dispose();
        _forced.Dispose();
    }
}
