using System.Diagnostics;
using System.Globalization;

namespace Sirim.Verification.Load;

/// <summary>Unit conversions and display formats shared by the engine and its renderers.</summary>
public static class LoadUnits
{
    private static readonly double MicrosecondsPerTimestampTick = 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>Converts a <see cref="Stopwatch"/> timestamp difference to whole microseconds.</summary>
    public static long TicksToMicroseconds(long stopwatchTicks) => (long)(stopwatchTicks * MicrosecondsPerTimestampTick);

    /// <summary>Converts seconds to <see cref="Stopwatch"/> ticks.</summary>
    public static long SecondsToTicks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    /// <summary>Converts a duration to <see cref="Stopwatch"/> ticks.</summary>
    public static long ToTicks(TimeSpan value) => (long)(value.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Converts <see cref="Stopwatch"/> ticks to a duration.</summary>
    public static TimeSpan ToTimeSpan(long stopwatchTicks) => TimeSpan.FromSeconds((double)stopwatchTicks / Stopwatch.Frequency);

    /// <summary>Microseconds as milliseconds for display: "0.412 ms", "3.25 ms", "312.4 ms".</summary>
    public static string FormatMicroseconds(double micros) => FormatMilliseconds(micros / 1000.0);

    /// <summary>Milliseconds for display with a precision that fits the magnitude.</summary>
    public static string FormatMilliseconds(double ms)
    {
        var format = ms >= 10 ? "0.0" : ms >= 1 ? "0.00" : "0.###";
        return ms.ToString(format, CultureInfo.InvariantCulture) + " ms";
    }

    /// <summary>A duration as m:ss (or h:mm:ss).</summary>
    public static string FormatClock(TimeSpan value) => value.TotalHours >= 1
        ? value.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : value.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
