using System.Globalization;

namespace Sirim.Verification.Load.Progress;

/// <summary>
/// Prints load progress: one line rewritten in place when the output is a terminal, plain lines otherwise
/// (CI logs, files), at most one every <see cref="PlainInterval"/>.
/// </summary>
public sealed class ConsoleProgressRenderer : IProgress<LoadProgress>
{
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly object _gate = new();
    private int _lastLength;
    private TimeSpan? _lastPlain;

    /// <summary>Writes to <paramref name="writer"/>; <paramref name="interactive"/> rewrites a single line with carriage returns.</summary>
    public ConsoleProgressRenderer(TextWriter writer, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _interactive = interactive;
    }

    /// <summary>Minimum time between two plain lines (non-interactive output).</summary>
    public TimeSpan PlainInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A renderer on the console's standard output, interactive only when it is not redirected.</summary>
    public static ConsoleProgressRenderer ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    /// <summary>The progress line: "[00:12/01:00] gastos rps 512.3 | errors 0 (0.00%) | p95 12.4 ms | in-flight 8 | dropped 0".</summary>
    public static string Format(LoadProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var errorRate = progress.Requests == 0 ? 0 : 100.0 * progress.Errors / progress.Requests;
        var p95 = progress.P95Ms is { } value ? LoadUnits.FormatMilliseconds(value) : "n/a";
        var phase = progress.WarmUp ? " (warm-up)" : progress.Final ? " (done)" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{LoadUnits.FormatClock(progress.Elapsed)}/{LoadUnits.FormatClock(progress.Planned)}] {progress.Scenario}{phase} "
            + $"rps {progress.Rps:0.0} | errors {progress.Errors} ({errorRate:0.00}%) | p95 {p95} | in-flight {progress.InFlight} | dropped {progress.Dropped}");
    }

    /// <inheritdoc />
    public void Report(LoadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = Format(value);
        lock (_gate)
        {
            if (_interactive)
            {
                var padding = _lastLength > line.Length ? new string(' ', _lastLength - line.Length) : string.Empty;
                _writer.Write("\r" + line + padding);
                _lastLength = line.Length;
                if (value.Final)
                {
                    _writer.WriteLine();
                    _lastLength = 0;
                }
            }
            else if (value.Final || _lastPlain is null || value.Elapsed - _lastPlain.Value >= PlainInterval)
            {
                _writer.WriteLine(line);
                _lastPlain = value.Elapsed;
            }

            _writer.Flush();
        }
    }
}
