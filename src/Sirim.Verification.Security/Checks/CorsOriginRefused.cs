using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// A request (simple or preflight) from an origin that is not the frontend gets no Access-Control-Allow-Origin that
/// grants it: neither its own origin echoed back nor <c>*</c> (PortSwigger's CORS misconfiguration classes). An
/// Access-Control-Allow-Origin naming a real allowed origin grants nothing to the prober and passes. One rule, three
/// ids, one per probe class, so a report says which class of origin got through:
/// <c>cors_origin_not_reflected</c> (a random origin), <c>cors_null_origin_refused</c> (<c>Origin: null</c>) and
/// <c>cors_foreign_origin_refused</c> (look-alikes: suffix, prefix, other scheme, other port, sibling subdomain).
/// </summary>
public sealed class CorsOriginRefused(string id, IReadOnlyList<string> allowedOrigins, string hint) : ICheck<HttpExchange>
{
    public static CorsOriginRefused Reflected(IReadOnlyList<string> allowed) => new("cors_origin_not_reflected", allowed,
        "The API echoes whatever Origin it is sent: any website can read API responses in a logged-in user's browser. Match the Origin against an exact allow-list.");

    public static CorsOriginRefused Null(IReadOnlyList<string> allowed) => new("cors_null_origin_refused", allowed,
        "'null' is the origin of sandboxed iframes and local files, which any attacker can produce: never allow it.");

    public static CorsOriginRefused Foreign(IReadOnlyList<string> allowed) => new("cors_foreign_origin_refused", allowed,
        "The origin check matches by prefix, suffix or pattern: compare the whole origin (scheme, host, port) with an exact allow-list.");

    public string Id => id;
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var origin = exchange.Request.Header("Origin") ?? "";
        var acao = r.Header("Access-Control-Allow-Origin")?.Trim();
        if (acao is null || (acao != "*" && acao != origin && allowedOrigins.Contains(acao.ToLowerInvariant())))
            return Verdict.Pass(this, exchange);
        var credentials = r.Header("Access-Control-Allow-Credentials");
        return Verdict.Fail(this, exchange, $"no Access-Control-Allow-Origin for Origin: {origin}",
            $"Access-Control-Allow-Origin: {acao}" + (credentials is null ? "" : $", Access-Control-Allow-Credentials: {credentials}"), hint);
    }
}
