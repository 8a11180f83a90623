using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Tests;

/// <summary>Builds exchanges for the check tests and renders outcomes in the one failure shape.</summary>
internal static class Exchanges
{
    public const string Api = "https://api.sirim.example";
    public const string Front = "https://app.sirim.example";

    public static HttpExchange Response(string url, int status, params (string Name, string Value)[] headers) =>
        Make(new ExchangeRequest("GET", new Uri(url), []), status, "", headers);

    public static HttpExchange WithBody(string url, int status, string body, params (string Name, string Value)[] headers) =>
        Make(new ExchangeRequest("GET", new Uri(url), []), status, body, headers);

    public static HttpExchange Make(ExchangeRequest request, int status, string body, params (string Name, string Value)[] headers) => new(
        request,
        new ExchangeResponse(status, status switch { 200 => "OK", 204 => "No Content", 401 => "Unauthorized", 413 => "Payload Too Large", 429 => "Too Many Requests", 500 => "Internal Server Error", _ => "Status" },
            "1.1", headers.Select(h => new HttpHeader(h.Name, h.Value)).ToList(), body, body.Length),
        TimeSpan.FromMilliseconds(3), DateTimeOffset.UnixEpoch);

    public static HttpExchange NoResponse(string url) =>
        new(new ExchangeRequest("GET", new Uri(url), []), null, TimeSpan.FromMilliseconds(3), DateTimeOffset.UnixEpoch, "Connection refused");

    public static string Render(CheckOutcome outcome) => FailureRenderer.Render(outcome, Redactor.None);

    /// <summary>The hardening headers of a well-configured API JSON response.</summary>
    public static (string, string)[] GoodApiHeaders(params (string, string)[] extra) =>
    [
        ("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"), ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"), .. extra,
    ];
}
