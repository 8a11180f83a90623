using System.Globalization;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Checks;

/// <summary>
/// <c>target_stayed_up</c>: the target (and the database behind it) kept answering until the gate's last request. A gate
/// whose run ends in a streak of failed exchanges — no answer at all (connection refused or reset, timeout) or an
/// outage status (500, 502, 503, 504) — saw the target or its database go down mid-gate; every later failure of the gate
/// is a consequence of that moment. The failure names the moment: the first failed exchange of the streak and the last
/// good answer before it, so the operator knows where to look in the target's logs. A lone failed exchange followed
/// by good answers (a 500 of one route, a connection a server closed on an oversized body) is no outage: it is the
/// other checks' business.
/// </summary>
public static class TargetStayedUp
{
    public const string Id = "target_stayed_up";

    /// <summary>A streak shorter than this at the end of the run is not taken for an outage (one route's 500s).</summary>
    public const int MinimumStreak = 3;

    private static readonly HashSet<int> OutageStatuses = [500, 502, 503, 504];

    /// <summary>True for an exchange an outage would produce: no answer at all, or 500/502/503/504.</summary>
    public static bool LooksDown(HttpExchange exchange) => exchange.Response is null || OutageStatuses.Contains(exchange.Response.Status);

    /// <summary>Judges every exchange the gate sent (any order: they are sorted by the moment they started).</summary>
    public static CheckOutcome Judge(string gate, string subject, IEnumerable<HttpExchange> exchanges, Severity severity = Severity.Critical)
    {
        var ordered = exchanges.OrderBy(e => e.StartedAt).ToList();
        if (ordered.Count == 0) return CheckOutcome.NotApplicable(gate, Id, subject, "the gate sent no request");
        var first = ordered.Count;
        while (first > 0 && LooksDown(ordered[first - 1])) first--;
        var streak = ordered.Count - first;
        // A gate of fewer requests than the minimum streak is down when all of them failed.
        if (streak == 0 || streak < Math.Min(MinimumStreak, ordered.Count)) return CheckOutcome.Pass(gate, Id, subject, severity);

        var failed = ordered[first];
        var lastGood = first > 0 ? ordered[first - 1] : null;
        var actual = $"from {Moment(failed.StartedAt)} on, the last {streak} of {ordered.Count} request(s) got {What(ordered.Skip(first))}; " +
                     $"first failed: {failed.Subject} → {Answer(failed)} at {Moment(failed.StartedAt)}; " +
                     (lastGood is null
                         ? "no request of the gate got a good answer"
                         : $"last good answer: {lastGood.Subject} → {Answer(lastGood)} at {Moment(lastGood.StartedAt)}");
        return CheckOutcome.Fail(gate, Id, subject, severity,
            "the target answers every request until the gate's last (any status but no answer or 500/502/503/504 at the end)",
            actual,
            "The target or its database went down during the gate, at the moment named: the gate's other failures after it are consequences. " +
            "Look at the target's and the database's logs around that time (process exit, OOM kill, restart, connection refused).",
            failed);
    }

    private static string What(IEnumerable<HttpExchange> streak)
    {
        var groups = streak.GroupBy(e => e.Response is null ? "no answer" : e.Response.Status.ToString(CultureInfo.InvariantCulture))
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}");
        return string.Join(", ", groups);
    }

    private static string Answer(HttpExchange e) => e.Response is { } r ? $"{r.Status} {r.Reason}".TrimEnd() : $"no answer ({e.TransportError})";

    private static string Moment(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
