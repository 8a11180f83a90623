using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using NJsonSchema;

namespace Sirim.Verification.Contracts.Document;

/// <summary>
/// JSON Schema validators (NJsonSchema) for the response bodies the contract documents, compiled once when the
/// document is loaded. OpenAPI schemas are written out as 3.1 (JSON Schema 2020-12 vocabulary: a 3.0 "nullable"
/// becomes a type list) and component references are rewritten to local definitions.
/// </summary>
public sealed class ResponseSchemas
{
    private readonly Dictionary<IOpenApiSchema, JsonSchema> _compiled = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IOpenApiSchema, string> _failures = new(ReferenceEqualityComparer.Instance);

    public static ResponseSchemas Empty { get; } = new();

    /// <summary>The validator of <paramref name="schema"/>, or why there is none (a construct NJsonSchema cannot read).</summary>
    public (JsonSchema? Validator, string? Problem) For(IOpenApiSchema schema) =>
        _compiled.TryGetValue(schema, out var s) ? (s, null)
        : _failures.TryGetValue(schema, out var f) ? (null, f)
        : (null, "the schema was not compiled");

    public static async Task<ResponseSchemas> CompileAsync(OpenApiDocument document, IEnumerable<IOpenApiSchema> schemas,
        ICollection<string> unsupported, CancellationToken ct)
    {
        var result = new ResponseSchemas();
        var definitions = new JsonObject();
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            definitions[name] = Write(component);
        foreach (var schema in schemas.Distinct(ReferenceEqualityComparer.Instance).Cast<IOpenApiSchema>())
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var root = Write(schema) as JsonObject ?? new JsonObject();
                // A response schema that is only a reference ({"$ref": "#/components/schemas/Problem"}): NJsonSchema
                // resolves a root $ref against the referenced schema, where the definitions are not, so it is wrapped.
                if (root.ContainsKey("$ref")) root = new JsonObject { ["allOf"] = new JsonArray(root) };
                root["definitions"] = definitions.DeepClone();
                var json = root.ToJsonString().Replace("\"#/components/schemas/", "\"#/definitions/", StringComparison.Ordinal);
                result._compiled[schema] = await JsonSchema.FromJsonAsync(json, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var reason = $"a response schema could not be compiled for validation ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})";
                result._failures[schema] = reason;
                unsupported.Add(reason);
            }
        }
        return result;
    }

    /// <summary>The schema as JSON Schema (OpenAPI 3.1 form).</summary>
    public static JsonNode? Write(IOpenApiSchema schema)
    {
        using var text = new StringWriter();
        schema.SerializeAsV31(new OpenApiJsonWriter(text));
        return JsonNode.Parse(text.ToString());
    }
}
