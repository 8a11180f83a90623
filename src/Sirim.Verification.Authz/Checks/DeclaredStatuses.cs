using Sirim.Verification.Contracts.Document;

namespace Sirim.Verification.Authz.Checks;

/// <summary>
/// The response statuses the contract declares per operation ("PUT /api/gastos/{id}" → 200, 400, 401, 403, ...):
/// a refusal with a status the contract does not declare is a finding (clients and the contracts gate rely on it).
/// "4XX" declares every 4xx, "default" every status (OpenAPI 3, Responses Object).
/// </summary>
public sealed record DeclaredStatuses(IReadOnlyDictionary<string, IReadOnlyList<string>> ByOperation)
{
    public static DeclaredStatuses From(IEnumerable<ContractOperation> operations) =>
        new(operations.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.First().Responses.Select(r => r.StatusKey).ToList()));

    /// <summary>Whether the contract declares <paramref name="status"/> for the operation; null when the contract does not have the operation.</summary>
    public bool? Declares(string operationKey, int status)
    {
        if (!ByOperation.TryGetValue(operationKey, out var keys)) return null;
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return keys.Any(k => k == code || string.Equals(k, "default", StringComparison.OrdinalIgnoreCase)
                             || (k.Length == 3 && k[0] == code[0] && k[1..].Equals("XX", StringComparison.OrdinalIgnoreCase)));
    }

    public string Describe(string operationKey) =>
        ByOperation.TryGetValue(operationKey, out var keys) ? string.Join(", ", keys) : "(not in the contract)";

    /// <summary>The operation key of a probe: its method and route template without the query.</summary>
    public static string KeyOf(string operation) => operation.Split('?')[0];
}
