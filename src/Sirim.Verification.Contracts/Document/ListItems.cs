using Microsoft.OpenApi;
using Sirim.Verification.Contracts.Synthesis;

namespace Sirim.Verification.Contracts.Document;

/// <summary>
/// Where a list operation's answer carries its items: the answer itself (a top-level array), or the array-typed property
/// of the answer object whose items carry the id property, found through the operation's documented 2xx JSON schema.
/// When the schema says too little, a property named <c>data</c>, <c>items</c> or <c>results</c>, then the first array.
/// </summary>
public static class ListItems
{
    public const string IdProperty = "id";

    /// <summary>The property of the answer object that holds the items, by the schema; null for an array answer or a vague schema.</summary>
    public static string? PropertyOf(ContractOperation list)
    {
        foreach (var schema in list.Responses.Where(r => r.StatusKey.StartsWith('2')).SelectMany(r => r.Content)
                     .Where(c => MediaTypes.IsJson(c.Key)).Select(c => c.Value).OfType<IOpenApiSchema>())
        {
            var properties = Properties(schema);
            var withIds = properties.Where(p => ValueSynthesizer.TypeOf(p.Value) == JsonSchemaType.Array && p.Value.Items is { } items &&
                                                Properties(items).ContainsKey(IdProperty)).Select(p => p.Key).ToList();
            if (withIds.Count > 0) return withIds[0];
            var arrays = properties.Where(p => ValueSynthesizer.TypeOf(p.Value) == JsonSchemaType.Array).Select(p => p.Key).ToList();
            if (arrays.Count == 1) return arrays[0];
        }
        return null;
    }

    // allOf parts contribute their properties too (a paged envelope is often "allOf: [Page, {data: ...}]").
    private static Dictionary<string, IOpenApiSchema> Properties(IOpenApiSchema schema, int depth = 0)
    {
        var result = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (depth > ValueSynthesizer.MaxDepth) return result;
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>()) result[name] = property;
        foreach (var part in schema.AllOf ?? [])
            foreach (var (name, property) in Properties(part, depth + 1)) result.TryAdd(name, property);
        return result;
    }
}
