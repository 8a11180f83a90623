using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// What the rate-limit probe observed: the burst (stopped at the first 429 or after the bound), how long it waited
/// for Retry-After, and the request sent after that wait (null when the wait was not done).
/// </summary>
public sealed record RateLimitRun(
    string Route,
    int Limit,
    int MaxRequests,
    IReadOnlyList<HttpExchange> Burst,
    TimeSpan? Waited,
    HttpExchange? AfterWait,
    string? WaitSkippedReason = null)
{
    public HttpExchange? FirstRefusal => Burst.FirstOrDefault(e => e.Status == 429);
    public int? RefusedAt => FirstRefusal is { } f ? Burst.ToList().IndexOf(f) + 1 : null;
}
