using System.Globalization;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>target_stayed_up</c> for a load run (the rule of <see cref="TargetStayedUp"/> on the load's per-second timeline, as
/// the load keeps counts, not every exchange): a run that ends in whole seconds where every request failed, with the
/// failures kept showing no answer at all (connection refused or reset, timeout), saw the target go down mid-gate; so
/// did a run whose good seconds were followed by such seconds answered 500/502/503/504 (the database behind the API
/// stopped or unreachable), while a route failing from the run's first second is left to the budgets.
/// The failure names the moment (the first of those seconds, as wall-clock time), the last second with good answers
/// and a failed exchange of the outage. The budgets failing after that moment are its consequences.
/// </summary>
public sealed class TargetStayedUpUnderLoad : ICheck<LoadGateResult>
{
    public string Id => TargetStayedUp.Id;
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(LoadGateResult run)
    {
        var r = run.Report;
        var subject = $"profile {run.Plan.Profile.Name}: {r.Targets.FirstOrDefault() ?? "the target"}";
        var seconds = r.Timeline.Where(p => p.Requests > 0).ToList();
        var first = seconds.Count;
        while (first > 0 && seconds[first - 1].Errors >= seconds[first - 1].Requests) first--;
        var streak = seconds.Skip(first).ToList();
        var failures = run.FailureSamples.Values.SelectMany(v => v).OrderBy(e => e.StartedAt).ToList();
        var unanswered = failures.Where(e => e.Response is null).ToList();
        if (streak.Count == 0 || streak.Sum(p => p.Requests) < TargetStayedUp.MinimumStreak)
            return CheckOutcome.Pass(LoadGateNames.Load, Id, subject, Severity);

        var from = streak[0];
        var at = r.StartedAt + from.Elapsed - TimeSpan.FromSeconds(1);
        // No answer at all is an outage; answers of 500/502/503/504 (the database behind the API gone) are one when the
        // run had good seconds before them: a route failing from its first request is the budgets' business.
        var down = unanswered.Count > 0 ? unanswered
            : first > 0 ? failures.Where(e => TargetStayedUp.LooksDown(e) && e.StartedAt >= at).ToList()
            : [];
        if (down.Count == 0) return CheckOutcome.Pass(LoadGateNames.Load, Id, subject, Severity);
        var outage = down.FirstOrDefault(e => e.StartedAt >= at) ?? down[^1];
        var lastGood = first > 0 ? seconds[first - 1] : null;
        var actual = $"from second {from.Second} of the run ({Moment(at)}) on, every request failed: {streak.Sum(p => p.Requests)} request(s) " +
                     $"in the last {streak.Count} second(s); a failed one: {outage.Subject} → {Answer(outage)} at {Moment(outage.StartedAt)}; " +
                     (lastGood is null ? "no second of the run had a good answer"
                         : $"last good answers: second {lastGood.Second} ({lastGood.Requests - lastGood.Errors} of {lastGood.Requests} succeeded)");
        return CheckOutcome.Fail(LoadGateNames.Load, Id, subject, Severity,
            "the target answers until the end of the load (no run ending in seconds where every request got no answer, or 500/502/503/504 after good seconds)", actual,
            "The target or its database went down under load at the moment named (process exit, OOM kill, restart; a database stopped or unreachable " +
            "answers 503/500): the budgets failing after it are consequences. Look at the target's and the database's logs, memory and restarts around that time.", outage);
    }

    private static string Answer(Core.Http.HttpExchange e) => e.Response is { } a ? $"{a.Status} {a.Reason}".TrimEnd() : $"no answer ({e.TransportError})";

    private static string Moment(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
