using System.Text;
using Sirim.Verification.Load.Progress;

namespace Sirim.Verification.LoadGate.Progress;

/// <summary>
/// Progress of a load gate run. When the suite runs from a terminal, one live line (elapsed / planned, RPS, errors,
/// p95 so far) is rewritten in place on that terminal, and the test log gets only the final line. Otherwise (CI, output
/// redirected, no terminal) the log gets a plain line every few seconds. The test host's own output is always
/// redirected by <c>dotnet test</c>, so the terminal is reached through <c>/dev/tty</c>, the controlling terminal of
/// the session, as interactive command-line tools do.
/// </summary>
public sealed class GateProgress : IProgress<LoadProgress>, IDisposable
{
    private readonly ConsoleProgressRenderer _log;
    private readonly ConsoleProgressRenderer? _live;
    private readonly TextWriter? _terminal;

    private GateProgress(TextWriter log, TextWriter? terminal, TimeSpan plainInterval)
    {
        _terminal = terminal;
        // With a live line on the terminal the log keeps the record (first and final line) without repeating it every second.
        _log = new ConsoleProgressRenderer(log, interactive: false) { PlainInterval = terminal is null ? plainInterval : TimeSpan.MaxValue };
        _live = terminal is null ? null : new ConsoleProgressRenderer(terminal, interactive: true);
    }

    /// <summary>Whether a live line is shown on a terminal.</summary>
    public bool IsLive => _live is not null;

    /// <summary>
    /// Progress to <paramref name="log"/>, plus a live line on the terminal when <paramref name="openTerminal"/> gives one
    /// (by default <see cref="OpenControllingTerminal"/>).
    /// </summary>
    public static GateProgress Create(TextWriter log, Func<TextWriter?>? openTerminal = null, TimeSpan? plainInterval = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        return new GateProgress(log, (openTerminal ?? OpenControllingTerminal)(), plainInterval ?? TimeSpan.FromSeconds(2));
    }

    /// <summary>
    /// The controlling terminal, or null: in CI (<c>CI</c> set), with <c>TERM=dumb</c>, with <c>SIRIM_PROGRESS=plain</c>,
    /// on Windows, or when the process has no terminal (opening /dev/tty fails).
    /// </summary>
    public static TextWriter? OpenControllingTerminal()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) return null;
        if (Environment.GetEnvironmentVariable("TERM") is null or "dumb") return null;
        if (string.Equals(Environment.GetEnvironmentVariable("SIRIM_PROGRESS"), "plain", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var stream = new FileStream("/dev/tty", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            return new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // no controlling terminal (ENXIO): a CI job, a service, a detached run
        }
    }

    public void Report(LoadProgress value)
    {
        _log.Report(value);
        try
        {
            _live?.Report(value);
        }
        catch (IOException)
        {
            // The terminal went away (closed window): the log still has the record.
        }
    }

    public void Dispose() => _terminal?.Dispose();
}
