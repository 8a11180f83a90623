using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>referrer_policy_safe</c>: Referrer-Policy (W3C Referrer Policy) is one that never sends full URLs to other
/// origins: no-referrer, same-origin, strict-origin or strict-origin-when-cross-origin. With a list, browsers use the
/// last value they understand, so the last one is judged.
/// </summary>
public sealed class ReferrerPolicySafe : ICheck<HttpExchange>
{
    public static readonly IReadOnlyList<string> SafeValues = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];

    public string Id => "referrer_policy_safe";
    public Severity Severity => Severity.Low;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var value = r.Header("Referrer-Policy");
        var last = value?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.ToLowerInvariant();
        return last is not null && SafeValues.Contains(last)
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, "Referrer-Policy: one of " + string.Join(", ", SafeValues), "Referrer-Policy " + Verdict.Show(value),
                "Send Referrer-Policy: strict-origin-when-cross-origin (or stricter) so URLs with ids never leak to other sites.");
    }
}
