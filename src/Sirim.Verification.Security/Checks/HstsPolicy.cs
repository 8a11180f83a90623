using System.Globalization;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>hsts_policy</c>: HTTPS responses carry Strict-Transport-Security (RFC 6797) with max-age of at least the
/// configured minimum (one year by default, OWASP) and includeSubDomains. HSTS is ignored over plain HTTP, where the
/// check only requires that the API is not served over plain HTTP at all (loopback excepted).
/// </summary>
public sealed class HstsPolicy(long minMaxAge) : ICheck<HttpExchange>
{
    public string Id => "hsts_policy";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var url = exchange.Request.Url;
        if (url.Scheme != Uri.UriSchemeHttps)
            return url.IsLoopback
                ? Verdict.NotApplicable(this, exchange, "plain HTTP on loopback: HSTS applies to HTTPS only")
                : Verdict.Fail(this, exchange, "the deployment served over HTTPS", $"plain HTTP: {url.GetLeftPart(UriPartial.Authority)}",
                    "Serve the API and frontend over HTTPS only and redirect HTTP to HTTPS.");
        var value = r.Header("Strict-Transport-Security");
        var expected = $"Strict-Transport-Security: max-age>={minMaxAge}; includeSubDomains";
        if (value is null)
            return Verdict.Fail(this, exchange, expected, "Strict-Transport-Security absent",
                "Send Strict-Transport-Security on every HTTPS response so browsers never downgrade to HTTP.");
        var parts = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var maxAgePart = parts.FirstOrDefault(p => p.StartsWith("max-age", StringComparison.OrdinalIgnoreCase));
        long? maxAge = maxAgePart?.Split('=', 2) is [_, var v] && long.TryParse(v.Trim('"', ' '), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var problems = new List<string>();
        if (maxAge is null) problems.Add("no valid max-age");
        else if (maxAge < minMaxAge) problems.Add($"max-age {maxAge} < {minMaxAge} ({maxAge / 86400.0:0.#} days)");
        if (!parts.Any(p => p.Equals("includeSubDomains", StringComparison.OrdinalIgnoreCase))) problems.Add("no includeSubDomains");
        return problems.Count == 0
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, expected, $"'{value}': {string.Join(", ", problems)}",
                "A short max-age lets the HSTS protection lapse between visits; use at least one year and includeSubDomains.");
    }
}
