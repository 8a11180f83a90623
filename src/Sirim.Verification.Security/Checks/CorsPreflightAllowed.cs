using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>cors_preflight_allowed</c>: a preflight (Fetch standard, CORS protocol) from the real frontend origin is answered
/// 2xx with Access-Control-Allow-Origin naming that origin and Allow-Methods / Allow-Headers covering what it asked
/// for; otherwise the browser blocks the frontend's own API calls.
/// </summary>
public sealed class CorsPreflightAllowed : ICheck<HttpExchange>
{
    public string Id => "cors_preflight_allowed";
    public Severity Severity => Severity.Critical;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var origin = exchange.Request.Header("Origin") ?? "";
        var method = exchange.Request.Header("Access-Control-Request-Method") ?? "";
        var wanted = (exchange.Request.Header("Access-Control-Request-Headers") ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var acao = r.Header("Access-Control-Allow-Origin");
        var methods = List(r.Header("Access-Control-Allow-Methods"));
        var headers = List(r.Header("Access-Control-Allow-Headers"));
        var problems = new List<string>();
        if (r.Status is < 200 or > 299) problems.Add($"status {r.Status}");
        if (acao != origin && acao != "*") problems.Add("Access-Control-Allow-Origin " + Verdict.Show(acao));
        // Simple methods need no listing; '*' counts only without credentials, which the frontend does not send.
        if (method is not ("GET" or "HEAD" or "POST") && !methods.Contains(method) && !methods.Contains("*"))
            problems.Add($"Access-Control-Allow-Methods {Verdict.Show(r.Header("Access-Control-Allow-Methods"))} lacks {method}");
        var missing = wanted.Where(h => !headers.Contains(h) && !headers.Contains("*")).ToList();
        if (missing.Count > 0)
            problems.Add($"Access-Control-Allow-Headers {Verdict.Show(r.Header("Access-Control-Allow-Headers"))} lacks {string.Join(", ", missing)}");
        return problems.Count == 0
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, $"2xx, Access-Control-Allow-Origin: {origin}, method {method} and headers {string.Join(", ", wanted)} allowed",
                string.Join("; ", problems), "Add the frontend origin, method and headers to the API's CORS policy, or the browser blocks the frontend's calls.");
    }

    private static HashSet<string> List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
