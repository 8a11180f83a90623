using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Sirim.Verification.Contracts.Synthesis;

/// <summary>
/// Values a schema forbids: the wrong JSON type, or a value outside its enum, range or length. Null when the schema
/// allows anything of that kind (a free string cannot be given a wrong type in a query string).
/// </summary>
public static class InvalidValues
{
    /// <param name="inQueryOrPath">true for parameters (text on the wire), false for JSON body properties.</param>
    public static (JsonNode Value, string Why)? WrongType(IOpenApiSchema? schema, bool inQueryOrPath)
    {
        if (schema is null) return null;
        return ValueSynthesizer.TypeOf(schema) switch
        {
            JsonSchemaType.Integer => (JsonValue.Create("not-a-number"), "a text where an integer is documented"),
            JsonSchemaType.Number => (JsonValue.Create("not-a-number"), "a text where a number is documented"),
            JsonSchemaType.Boolean => (JsonValue.Create("not-a-boolean"), "a text where a boolean is documented"),
            JsonSchemaType.String when schema.Format is "date" or "date-time" or "uuid" =>
                (JsonValue.Create("not-a-" + schema.Format), $"a text that is not a {schema.Format}"),
            JsonSchemaType.String when !inQueryOrPath => (JsonValue.Create(12345), "a number where a string is documented"),
            JsonSchemaType.Object when !inQueryOrPath => (JsonValue.Create("not-an-object"), "a text where an object is documented"),
            JsonSchemaType.Array when !inQueryOrPath => (JsonValue.Create("not-an-array"), "a text where an array is documented"),
            _ => null,
        };
    }

    public static (JsonNode Value, string Why)? OutOfRange(IOpenApiSchema? schema)
    {
        if (schema is null) return null;
        if (schema.Enum is { Count: > 0 } values)
            return (JsonValue.Create("sirim-not-in-enum"), $"a value outside the enum ({string.Join(", ", values.Take(5).Select(v => v?.ToJsonString()))})");
        var type = ValueSynthesizer.TypeOf(schema);
        if (type is JsonSchemaType.Integer or JsonSchemaType.Number)
        {
            if (ValueSynthesizer.Parse(schema.Maximum) is { } max) return (JsonValue.Create(max + 1), $"{Num(max + 1)}, above the maximum {Num(max)}");
            if (ValueSynthesizer.Parse(schema.ExclusiveMaximum) is { } xmax) return (JsonValue.Create(xmax), $"{Num(xmax)}, not below the exclusive maximum");
            if (ValueSynthesizer.Parse(schema.Minimum) is { } min) return (JsonValue.Create(min - 1), $"{Num(min - 1)}, below the minimum {Num(min)}");
            if (ValueSynthesizer.Parse(schema.ExclusiveMinimum) is { } xmin) return (JsonValue.Create(xmin), $"{Num(xmin)}, not above the exclusive minimum");
        }
        if (type is JsonSchemaType.String or null)
        {
            if (schema.MaxLength is { } maxLength && maxLength < 100_000)
                return (JsonValue.Create(new string('x', maxLength + 1)), $"a text of {maxLength + 1} characters, over maxLength {maxLength}");
            if (schema.MinLength is { } minLength and > 0)
                return (JsonValue.Create(new string('x', minLength - 1)), $"a text of {minLength - 1} characters, under minLength {minLength}");
        }
        return null;
    }

    private static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
