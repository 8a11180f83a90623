using System.Net.Http;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Document;

/// <summary>A loaded contract, or one clear message saying where it came from and why it cannot be used.</summary>
public sealed record ContractLoadResult(ContractDocument? Document, string? Error, string? RawText = null, HttpExchange? Exchange = null)
{
    public bool Succeeded => Document is not null;
}

/// <summary>
/// Reads OpenAPI 3.0 / 3.1 (and Swagger 2.0, converted) documents, JSON or YAML, with Microsoft.OpenApi 3.x, from a file or a
/// URL. Every failure (missing file, unreachable URL, unreadable text, not an OpenAPI document) is one message naming the
/// source; nothing is thrown for a bad document.
/// </summary>
public static class ContractLoader
{
    public static async Task<ContractLoadResult> LoadAsync(string source, string repositoryRoot, ExchangeClient client, CancellationToken ct)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            return await LoadUrlAsync(url, client, [], ct).ConfigureAwait(false);
        var path = Path.IsPathRooted(source) ? source : Path.Combine(repositoryRoot, source);
        if (!File.Exists(path))
            return new(null, $"contract {path}: the file does not exist (contractFile / SIRIM_CONTRACT_FILE names it, relative to the repository root or as a URL)");
        return await ParseAsync(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), path, ct).ConfigureAwait(false);
    }

    public static Task<ContractLoadResult> LoadUrlAsync(Uri url, ExchangeClient client, IReadOnlyList<HttpHeader> headers, CancellationToken ct) =>
        LoadAsync(new ExchangeRequest("GET", url, headers), url, client, ct);

    /// <summary>
    /// Fetches a document with <paramref name="request"/> (which may carry credentials) and reads it as JSON or YAML by
    /// its content, whatever the URL or the Content-Type say; messages name <paramref name="shownAs"/>, never the
    /// request's URL, which may carry a credential in its query.
    /// </summary>
    public static async Task<ContractLoadResult> LoadAsync(ExchangeRequest request, Uri shownAs, ExchangeClient client, CancellationToken ct)
    {
        if (request.Header("Accept") is null) request = request with { Headers = [.. request.Headers, new HttpHeader("Accept", DocumentMediaTypes)] };
        var exchange = await client.SendAsync(request, ct).ConfigureAwait(false);
        if (exchange.Response is not { } response)
            return new(null, $"contract {shownAs}: unreachable ({exchange.TransportError})", null, exchange);
        if (response.Status != 200)
            return new(null, $"contract {shownAs}: answered {response.Status} {response.Reason} instead of 200 with the document", null, exchange);
        var result = await ParseAsync(response.Body, shownAs.ToString(), ct).ConfigureAwait(false);
        return result with { Exchange = exchange };
    }

    /// <summary>The Accept header of a document request: JSON first, YAML accepted (servers that negotiate must not answer 406).</summary>
    public const string DocumentMediaTypes = "application/json, application/vnd.oai.openapi+json;q=0.9, application/yaml;q=0.8, application/vnd.oai.openapi;q=0.8, text/yaml;q=0.8, */*;q=0.5";

    /// <summary>Parses a document's text (JSON, or YAML when it does not start with '{'); <paramref name="where"/> names it in every message.</summary>
    public static async Task<ContractLoadResult> ParseAsync(string text, string where, CancellationToken ct)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0) return new(null, $"contract {where}: the document is empty", text);
        if (trimmed[0] == '<')
            return new(null, $"contract {where}: not a JSON or YAML document (starts with '{Preview(trimmed)}': an HTML or XML page?)", text);
        var format = FormatOf(trimmed);

        ReadResult read;
        try
        {
            read = OpenApiDocument.Parse(text, format, Settings());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new(null, $"contract {where}: could not be read as {format.ToUpperInvariant()} ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})", text);
        }
        var errors = read.Diagnostic?.Errors ?? [];
        if (read.Document is null || errors.Count > 0 && (read.Document.Paths is null || read.Document.Paths.Count == 0))
            return new(null, $"contract {where}: not a readable OpenAPI document ({format.ToUpperInvariant()}): " +
                (errors.Count == 0 ? "no document" : string.Join("; ", errors.Take(5).Select(e => $"{e.Pointer} {e.Message}".Trim()))), text);
        if (read.Document.Paths is null || read.Document.Paths.Count == 0)
            return new(null, $"contract {where}: the document declares no paths (is it an OpenAPI document? 'openapi' and 'paths' are required)", text);

        var unsupported = errors.Select(e => $"reader: {e.Pointer} {e.Message}".Trim()).ToList();
        var operations = OperationCatalog.Extract(read.Document, unsupported);
        var schemas = operations.SelectMany(o => o.Responses).SelectMany(r => r.Content.Values).OfType<IOpenApiSchema>();
        var compiled = await ResponseSchemas.CompileAsync(read.Document, schemas, unsupported, ct).ConfigureAwait(false);
        var spec = read.Diagnostic?.SpecificationVersion.ToString() ?? "unknown";
        return new(new ContractDocument(where, read.Document.Info?.Title ?? "(untitled)", read.Document.Info?.Version ?? "",
            spec, operations, unsupported.Distinct().ToList(), compiled, read.Document), null, text);
    }

    /// <summary>The operations of a JSON or YAML document without compiling its schemas (test discovery); empty when unreadable.</summary>
    public static IReadOnlyList<ContractOperation> ReadOperations(string text) => Read(text).Operations;

    /// <summary>
    /// A JSON or YAML document and its operations, without compiling its schemas; the model keeps the document's own
    /// order of paths (the operations are sorted). No model and no operations when the text is not a readable document.
    /// </summary>
    public static (OpenApiDocument? Model, IReadOnlyList<ContractOperation> Operations) Read(string text)
    {
        try
        {
            var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (trimmed.Length == 0 || trimmed[0] == '<') return (null, []);
            var read = OpenApiDocument.Parse(text, FormatOf(trimmed), Settings());
            return read.Document?.Paths is { Count: > 0 } ? (read.Document, OperationCatalog.Extract(read.Document, new List<string>())) : (null, []);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, []);
        }
    }

    // JSON is a subset of YAML, but the JSON reader gives better messages for JSON documents.
    private static string FormatOf(string trimmed) => trimmed[0] is '{' or '[' ? OpenApiConstants.Json : OpenApiConstants.Yaml;

    private static OpenApiReaderSettings Settings()
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        return settings;
    }

    private static string Preview(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
