using System.Text.Json;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// Reads a JSON object request body with explicit error statuses: 415 when the content type is not JSON,
/// 413 when the body exceeds the server limit, 400 when it is not a JSON object.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public sealed record Outcome(JsonDocument? Document, IResult? Problem);

    public static async Task<Outcome> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            var given = string.IsNullOrEmpty(request.ContentType) ? "none" : $"'{Truncate(request.ContentType, 80)}'";
            return new(null, Problems.Result(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type {given} is not supported; send the body as application/json."));
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, Options, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, Problems.Result(StatusCodes.Status413PayloadTooLarge));
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return new(null, Problems.Result(StatusCodes.Status400BadRequest, $"The request body is not valid JSON{where}."));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return new(null, Problems.Result(StatusCodes.Status400BadRequest, "The request body must be a JSON object."));
        }
        return new(document, null);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max] + "…";
}
