using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace Sirim.Verification.Contracts.Synthesis;

/// <summary>
/// Builds a valid value for a schema, in the order a reader of the contract would: a real value known for that name
/// (a resource listed or created in this run), the example, the default, the first enum value, then a value
/// synthesised from the type, format, bounds and length. Strings carry the run tag so created data can be traced.
/// </summary>
public sealed class ValueSynthesizer(IReadOnlyDictionary<string, JsonNode> knownValues, string runTag)
{
    public const int MaxDepth = 6;

    public JsonNode? Valid(IOpenApiSchema? schema, string? name = null, int depth = 0)
    {
        if (name is not null && knownValues.TryGetValue(name, out var known)) return known.DeepClone();
        if (schema is null) return JsonValue.Create(runTag);
        // OpenAPI 3.0 documents carry a single 'example' (read into Example); 3.1 documents carry 'examples'.
#pragma warning disable CS0618
        if (schema.Example is { } example) return example.DeepClone();
#pragma warning restore CS0618
        if (schema.Examples is { Count: > 0 } examples && examples[0] is { } first) return first.DeepClone();
        if (schema.Default is { } d) return d.DeepClone();
        if (schema.Enum is { Count: > 0 } values && values.FirstOrDefault(v => v is not null) is { } e) return e.DeepClone();
        if (schema.Const is { } c) return JsonValue.Create(c);
        if (schema.AllOf is { Count: > 0 } all) return Merge(all.Select(s => Valid(s, null, depth + 1)));
        if ((schema.OneOf ?? schema.AnyOf) is { Count: > 0 } any) return Valid(any[0], null, depth + 1);

        return TypeOf(schema) switch
        {
            JsonSchemaType.Integer => JsonValue.Create((long)Number(schema, 1)),
            JsonSchemaType.Number => JsonValue.Create(Number(schema, 1.5m)),
            JsonSchemaType.Boolean => JsonValue.Create(true),
            JsonSchemaType.Array => depth >= MaxDepth ? new JsonArray()
                : new JsonArray(Enumerable.Range(0, Math.Max(1, schema.MinItems ?? 1)).Select(_ => Valid(schema.Items, null, depth + 1)).ToArray()),
            JsonSchemaType.Object => depth >= MaxDepth ? new JsonObject() : Object(schema, depth),
            _ => JsonValue.Create(Text(schema)),
        };
    }

    /// <summary>The one JSON type a schema describes (the first non-null one of a type list; inferred when absent).</summary>
    public static JsonSchemaType? TypeOf(IOpenApiSchema schema)
    {
        if (schema.Type is { } t)
        {
            foreach (var candidate in new[] { JsonSchemaType.Object, JsonSchemaType.Array, JsonSchemaType.Integer, JsonSchemaType.Number, JsonSchemaType.Boolean, JsonSchemaType.String })
                if (t.HasFlag(candidate)) return candidate;
        }
        if (schema.Properties is { Count: > 0 }) return JsonSchemaType.Object;
        if (schema.Items is not null) return JsonSchemaType.Array;
        return null;
    }

    private JsonObject Object(IOpenApiSchema schema, int depth)
    {
        var result = new JsonObject();
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property.ReadOnly) continue; // the server sets it; sending it is not part of a valid request
            result[name] = Valid(property, name, depth + 1);
        }
        return result;
    }

    private static JsonNode Merge(IEnumerable<JsonNode?> parts)
    {
        var merged = new JsonObject();
        foreach (var part in parts.OfType<JsonObject>())
            foreach (var (k, v) in part) merged[k] = v?.DeepClone();
        return merged;
    }

    private static decimal Number(IOpenApiSchema schema, decimal preferred)
    {
        var min = Parse(schema.Minimum) ?? (Parse(schema.ExclusiveMinimum) is { } em ? em + 1 : null);
        var max = Parse(schema.Maximum) ?? (Parse(schema.ExclusiveMaximum) is { } eM ? eM - 1 : null);
        var value = preferred;
        if (min is { } lo && value < lo) value = lo;
        if (max is { } hi && value > hi) value = hi;
        return value;
    }

    public static decimal? Parse(string? number) =>
        decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private string Text(IOpenApiSchema schema)
    {
        var text = schema.Format?.ToLowerInvariant() switch
        {
            "date" => "2026-01-15",
            "date-time" => "2026-01-15T10:00:00Z",
            "time" => "10:00:00",
            "email" => "verify@sirim.test",
            "uuid" => "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "uri" or "url" => "https://sirim.test/verify",
            "hostname" => "sirim.test",
            "ipv4" => "127.0.0.1",
            "byte" => "c2lyaW0=",
            _ => runTag,
        };
        if (schema.Pattern is { } pattern && !Matches(pattern, text))
            text = PatternSamples.FirstOrDefault(s => Matches(pattern, s)) ?? text;
        if (schema.MaxLength is { } max && text.Length > max) text = text[..Math.Max(0, max)];
        if (schema.MinLength is { } min && text.Length < min) text = text.PadRight(min, 'x');
        return text;
    }

    private static readonly string[] PatternSamples = ["ABC123", "abc", "123", "A1", "2026-01-15", "ABCD123456XYZ", "x"];

    private static bool Matches(string pattern, string text)
    {
        try { return Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)); }
        catch (ArgumentException) { return true; } // a pattern .NET cannot read: keep the value, the server judges it
        catch (RegexMatchTimeoutException) { return true; }
    }
}
