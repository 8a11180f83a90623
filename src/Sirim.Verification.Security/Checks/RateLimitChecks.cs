using System.Globalization;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// The rate-limit rules (OWASP API Security Top 10 API4: unrestricted resource consumption; RFC 6585 §4):
/// <c>rate_limit_enforced</c> — a bounded burst above the limit gets 429 no later than request limit+1;
/// <c>rate_limit_response</c> — the 429 is the standard JSON error with a valid Retry-After;
/// <c>rate_limit_recovers</c> — after waiting Retry-After the route answers again (not 429).
/// </summary>
public static class RateLimitChecks
{
    public const string Enforced = "rate_limit_enforced";
    public const string Response = "rate_limit_response";
    public const string Recovers = "rate_limit_recovers";

    public static IReadOnlyList<CheckOutcome> Evaluate(RateLimitRun run)
    {
        var subject = $"POST {run.Route} × {run.Burst.Count}";
        var statuses = string.Join(" ", run.Burst.Select(e => e.Status?.ToString(CultureInfo.InvariantCulture) ?? "—"));
        var refusal = run.FirstRefusal;
        if (refusal is null || run.RefusedAt > run.Limit + 1)
            return [CheckOutcome.Fail(SecurityGate.Name, Enforced, subject, Severity.High,
                $"429 by request {run.Limit + 1} (limit {run.Limit})",
                refusal is null ? $"no 429 in {run.Burst.Count} requests; statuses: {statuses}" : $"first 429 at request {run.RefusedAt}; statuses: {statuses}",
                "Nothing stops a password-guessing burst: limit failed logins per client and answer 429 with Retry-After.",
                run.Burst.LastOrDefault())];

        var outcomes = new List<CheckOutcome>
        {
            CheckOutcome.Pass(SecurityGate.Name, Enforced, $"{subject} (429 at request {run.RefusedAt})", Severity.High, refusal),
        };
        var r = refusal.Response!;
        var retryAfter = ParseRetryAfter(r.Header("Retry-After"), r.Header("Date"));
        var problems = new List<string>();
        if (!r.IsJson) problems.Add($"Content-Type {r.Header("Content-Type") ?? "(none)"}");
        if (retryAfter is null) problems.Add("Retry-After " + Verdict.Show(r.Header("Retry-After")));
        outcomes.Add(problems.Count == 0
            ? CheckOutcome.Pass(SecurityGate.Name, Response, refusal.Subject, Severity.Medium, refusal)
            : CheckOutcome.Fail(SecurityGate.Name, Response, refusal.Subject, Severity.Medium,
                "429 application/problem+json with Retry-After (seconds or HTTP date)", string.Join("; ", problems),
                "Clients need the JSON error shape and Retry-After to back off instead of hammering.", refusal));

        if (run.AfterWait is not { } after)
            outcomes.Add(CheckOutcome.NotApplicable(SecurityGate.Name, Recovers, subject, run.WaitSkippedReason ?? "not probed"));
        else if (after.Status is { } s && s != 429 && s < 500)
            outcomes.Add(CheckOutcome.Pass(SecurityGate.Name, Recovers, $"{after.Subject} after {run.Waited?.TotalSeconds:0.#} s", Severity.Medium, after));
        else
            outcomes.Add(CheckOutcome.Fail(SecurityGate.Name, Recovers, $"{after.Subject} after {run.Waited?.TotalSeconds:0.#} s", Severity.Medium,
                "the route answers again (not 429, not 5xx) once Retry-After has passed",
                after.Status is null ? "no response: " + after.TransportError : $"{after.Status} {after.Response!.Reason}, Retry-After {Verdict.Show(after.Response.Header("Retry-After"))}",
                "Retry-After promises a time after which the client may retry: the limit must lift then.", after));
        return outcomes;
    }

    /// <summary>Retry-After as a delay: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when invalid.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, string? date = null)
    {
        if (value is null) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var now = date is not null && DateTimeOffset.TryParseExact(date.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
                ? d : DateTimeOffset.UtcNow;
            return at > now ? at - now : TimeSpan.Zero;
        }
        return null;
    }
}
