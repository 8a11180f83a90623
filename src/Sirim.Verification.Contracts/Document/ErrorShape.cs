using System.Text.Json;
using NJsonSchema;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Document;

/// <summary>How one error response measures against the standard error shape.</summary>
public sealed record ErrorVerdict(bool IsJson, bool ShapeValid, string? Problem);

/// <summary>
/// The one error shape every error response must have: by default RFC 9457 problem details
/// (<c>application/problem+json</c>, <c>contracts/problem-details.schema.json</c>); both are configurable.
/// </summary>
public sealed class ErrorShape
{
    private ErrorShape(string mediaType, string schemaSource, JsonSchema schema)
    {
        MediaType = mediaType;
        SchemaSource = schemaSource;
        Schema = schema;
    }

    public string MediaType { get; }
    public string SchemaSource { get; }
    public JsonSchema Schema { get; }

    public string Description => $"{MediaType} matching {SchemaSource}";

    public static async Task<(ErrorShape? Shape, string? Error)> LoadAsync(string schemaFile, string mediaType, CancellationToken ct)
    {
        if (!File.Exists(schemaFile))
            return (null, $"error schema {schemaFile}: the file does not exist (errorSchemaFile / SIRIM_ERROR_SCHEMA_FILE names it)");
        try
        {
            var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(schemaFile, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            return (new ErrorShape(mediaType, Path.GetFileName(schemaFile), schema), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"error schema {schemaFile}: not a readable JSON Schema ({ex.Message.Split('\n')[0]})");
        }
    }

    public static ErrorShape FromSchema(string mediaType, string source, JsonSchema schema) => new(mediaType, source, schema);

    public ErrorVerdict Judge(ExchangeResponse response)
    {
        if (!response.IsJson)
            return new(false, false, $"Content-Type {response.Header("Content-Type") ?? "(none)"} is not JSON");
        try
        {
            using var _ = JsonDocument.Parse(response.Body);
        }
        catch (JsonException ex)
        {
            return new(false, false, "the body is not JSON: " + ex.Message.Split('.')[0]);
        }
        var problems = new List<string>();
        if (!string.Equals(response.MediaType, MediaType, StringComparison.OrdinalIgnoreCase))
            problems.Add($"media type {response.MediaType}, not {MediaType}");
        problems.AddRange(Schema.Validate(response.Body).Take(5).Select(ValidationText.Describe));
        return new(true, problems.Count == 0, problems.Count == 0 ? null : string.Join("; ", problems));
    }
}

/// <summary>Renders NJsonSchema validation errors as "path: what" lines.</summary>
public static class ValidationText
{
    public static string Describe(NJsonSchema.Validation.ValidationError e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "#" : e.Path;
        return e.Kind switch
        {
            NJsonSchema.Validation.ValidationErrorKind.PropertyRequired => $"{path}: required property '{e.Property}' is missing",
            NJsonSchema.Validation.ValidationErrorKind.NoAdditionalPropertiesAllowed => $"{path}: property '{e.Property}' is not allowed",
            _ => $"{path}: {e.Kind}",
        };
    }

    public static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child && child.Errors.Count > 0
            ? Flatten(child.Errors.SelectMany(kv => kv.Value)).Prepend(e)
            : [e]);
}
