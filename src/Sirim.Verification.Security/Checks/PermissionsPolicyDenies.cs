using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>permissions_policy</c>: Permissions-Policy (W3C) is present and switches off the powerful features the
/// application does not use: each configured feature is given an empty allowlist, <c>feature=()</c>. A feature that is
/// not listed keeps its default allowlist ('self'), so it is not denied.
/// </summary>
public sealed class PermissionsPolicyDenies(IReadOnlyList<string> deniedFeatures) : ICheck<HttpExchange>
{
    public string Id => "permissions_policy";
    public Severity Severity => Severity.Low;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var value = r.Header("Permissions-Policy");
        var expected = "Permissions-Policy with " + string.Join(", ", deniedFeatures.Select(f => f + "=()"));
        if (value is null)
            return Verdict.Fail(this, exchange, expected, "Permissions-Policy absent",
                "Send Permissions-Policy denying the features SIRIM does not use, e.g. camera=(), microphone=(), geolocation=().");
        var features = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = item.IndexOf('=');
            if (eq > 0) features.TryAdd(item[..eq].Trim(), item[(eq + 1)..].Trim());
        }
        var notDenied = deniedFeatures.Where(f => !features.TryGetValue(f, out var allow) || allow.Replace(" ", "") != "()")
            .Select(f => features.TryGetValue(f, out var allow) ? $"{f}={allow}" : $"{f} not listed").ToList();
        return notDenied.Count == 0
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, expected, $"'{value}': {string.Join(", ", notDenied)}",
                "List every powerful feature the application does not use with an empty allowlist ().");
    }
}
