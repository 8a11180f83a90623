using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>cookie_flags</c>: every cookie the response sets has HttpOnly and SameSite, and Secure when served over HTTPS
/// (OWASP Session Management Cheat Sheet; RFC 6265bis). Cookie values are never shown, only their names.
/// </summary>
public sealed class CookieFlags : ICheck<HttpExchange>
{
    public string Id => "cookie_flags";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var cookies = r.HeaderValues("Set-Cookie").ToList();
        if (cookies.Count == 0) return Verdict.NotApplicable(this, exchange, "no cookie set");
        var https = exchange.Request.Url.Scheme == Uri.UriSchemeHttps;
        var problems = new List<string>();
        foreach (var cookie in cookies)
        {
            var parts = cookie.Split(';', StringSplitOptions.TrimEntries);
            var name = parts[0].Split('=', 2)[0];
            var attributes = parts.Skip(1).Select(a => a.Split('=', 2)[0].ToLowerInvariant()).ToHashSet();
            var missing = new List<string>();
            if (https && !attributes.Contains("secure")) missing.Add("Secure");
            if (!attributes.Contains("httponly")) missing.Add("HttpOnly");
            if (!attributes.Contains("samesite")) missing.Add("SameSite");
            if (missing.Count > 0) problems.Add($"{name} without {string.Join(", ", missing)}");
        }
        return problems.Count == 0
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, (https ? "Secure; " : "") + "HttpOnly; SameSite on every cookie", string.Join("; ", problems),
                "Set the missing attributes where the cookie is issued: a cookie without them can be read by scripts or sent cross-site.");
    }
}
