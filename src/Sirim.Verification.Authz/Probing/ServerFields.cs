using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Sirim.Verification.Contracts.Document;

namespace Sirim.Verification.Authz.Probing;

/// <summary>
/// Which fields of the probed resource only the server sets: the properties the contract marks <c>readOnly: true</c>
/// in the resource's create and read answers (OpenAPI 3, Schema Object), then the names of authzServerFields; and
/// the value slipped in for each: one no server would pick by itself (a far id, a date in 2001, the admin role).
/// </summary>
public static class ServerFields
{
    public const long InjectedId = 987_654_321;
    public const string InjectedTimestamp = "2001-02-03T04:05:06Z";
    public const string InjectedRole = "admin";

    public static IReadOnlyList<ServerField> For(ContractDocument? contract, AuthzRoutes routes, IReadOnlyList<string> extra, JsonObject body)
    {
        var fields = new List<ServerField>();
        foreach (var (name, schema) in ReadOnlyProperties(contract, routes))
            fields.Add(new ServerField(name, Value(name, schema), "contract readOnly"));
        foreach (var name in extra.Where(n => fields.All(f => f.Name != n)))
            fields.Add(new ServerField(name, Value(name, null), "authzServerFields"));
        // A field the body itself must carry (empresaId on a gasto) is the client's to set, not the server's.
        return fields.Where(f => !body.ContainsKey(f.Name)).ToList();
    }

    private static IEnumerable<(string Name, IOpenApiSchema Schema)> ReadOnlyProperties(ContractDocument? contract, AuthzRoutes routes)
    {
        if (contract is null) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in contract.Operations.Where(o => (o.Method, o.Path) == ("POST", routes.CollectionPath) || (o.Method, o.Path) == ("GET", routes.ItemPath)))
            foreach (var schema in op.Responses.Where(r => r.StatusKey.StartsWith('2')).SelectMany(r => r.Content).Where(c => MediaTypes.IsJson(c.Key)).Select(c => c.Value).OfType<IOpenApiSchema>())
                foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
                    if (property.ReadOnly && seen.Add(name)) yield return (name, property);
    }

    /// <summary>The injected value: by the schema's type when known, else by the name (…Id/…By a number, …At a timestamp).</summary>
    public static JsonNode Value(string name, IOpenApiSchema? schema)
    {
        if (schema?.Format is "date-time" or "date") return JsonValue.Create(schema.Format == "date" ? "2001-02-03" : InjectedTimestamp);
        if (schema?.Type is { } type)
        {
            if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) return JsonValue.Create(InjectedId);
            if (type.HasFlag(JsonSchemaType.Boolean)) return JsonValue.Create(true);
        }
        if (name.Equals("role", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Role", StringComparison.Ordinal)) return JsonValue.Create(InjectedRole);
        if (name.Equals("id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("By", StringComparison.Ordinal))
            return JsonValue.Create(InjectedId);
        if (name.EndsWith("At", StringComparison.Ordinal) || name.EndsWith("Date", StringComparison.Ordinal)) return JsonValue.Create(InjectedTimestamp);
        if (name.StartsWith("is", StringComparison.Ordinal) && name.Length > 2 && char.IsUpper(name[2])) return JsonValue.Create(true);
        return JsonValue.Create("sirim-verify-injected");
    }
}
