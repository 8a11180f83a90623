using Microsoft.OpenApi;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Document;

/// <summary>
/// Turns a Microsoft.OpenApi document into <see cref="ContractOperation"/>s: path-level and operation-level
/// parameters merged, references resolved, security inherited from the document. Constructs the gate cannot
/// exercise are added to <c>unsupported</c> with the place they occur.
/// </summary>
public static class OperationCatalog
{
    public static IReadOnlyList<ContractOperation> Extract(OpenApiDocument document, ICollection<string> unsupported)
    {
        var operations = new List<ContractOperation>();
        if (document.Webhooks is { Count: > 0 } hooks)
            unsupported.Add($"webhooks ({string.Join(", ", hooks.Keys)}): outgoing calls are not exercised");
        foreach (var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            if (schema.Discriminator?.PropertyName is { } property)
                unsupported.Add($"schema {name}: discriminator '{property}' is not used; its oneOf/anyOf is validated as plain JSON Schema (a body must match exactly one oneOf branch)");
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (Unresolved(item)) { unsupported.Add($"{path}: the path item reference does not resolve"); continue; }
            foreach (var (httpMethod, op) in (item.Operations ?? []).OrderBy(o => MethodOrder(o.Key.Method)))
            {
                var method = httpMethod.Method.ToUpperInvariant();
                var key = $"{method} {path}";
                if (!ExchangeClient.SupportedMethods.Contains(method, StringComparer.OrdinalIgnoreCase))
                {
                    unsupported.Add($"{key}: method {method} is not sent by this gate");
                    continue;
                }
                if (op.Callbacks is { Count: > 0 }) unsupported.Add($"{key}: callbacks ({string.Join(", ", op.Callbacks.Keys)}) are not exercised");
                var parameters = Parameters(item.Parameters, op.Parameters, key, unsupported);
                var body = RequestBody(op.RequestBody, key, unsupported);
                var responses = new List<ContractResponse>();
                foreach (var (status, response) in op.Responses ?? [])
                {
                    if (Unresolved(response)) { unsupported.Add($"{key}: response {status} is a reference that does not resolve"); continue; }
                    var headers = (response.Headers ?? new Dictionary<string, IOpenApiHeader>())
                        .Where(h => h.Value.Required).Select(h => h.Key).ToList();
                    var content = Content(response.Content, $"{key} response {status}", unsupported);
                    foreach (var xml in content.Keys.Where(m => m.Contains("xml", StringComparison.OrdinalIgnoreCase)))
                        unsupported.Add($"{key}: response {status} media type {xml} is not validated (JSON bodies only)");
                    responses.Add(new ContractResponse(status, content, headers));
                }
                // "security: []" on the operation makes it public; no "security" inherits the document's (OpenAPI 3, Operation Object).
                var security = op.Security ?? document.Security ?? [];
                var secured = security.Count > 0 && security.All(r => r.Count > 0);
                var credentials = Placements(security, key, unsupported);
                var tag = op.Tags?.FirstOrDefault()?.Name ?? FirstSegment(path);
                operations.Add(new ContractOperation(method, path, op.OperationId, tag, parameters, body, responses, secured, credentials));
            }
        }
        return operations;
    }

    private static List<ContractParameter> Parameters(IList<IOpenApiParameter>? pathLevel, IList<IOpenApiParameter>? opLevel,
        string key, ICollection<string> unsupported)
    {
        var merged = new Dictionary<(string, ParameterLocation?), IOpenApiParameter>();
        foreach (var p in (pathLevel ?? []).Concat(opLevel ?? [])) // operation-level wins (OpenAPI 3: "can override")
        {
            if (Unresolved(p) || p.Name is null) { unsupported.Add($"{key}: a parameter reference does not resolve"); continue; }
            merged[(p.Name, p.In)] = p;
        }
        var result = new List<ContractParameter>();
        foreach (var p in merged.Values)
        {
            var place = p.In switch
            {
                ParameterLocation.Path => ParameterPlace.Path,
                ParameterLocation.Query => ParameterPlace.Query,
                ParameterLocation.Header => ParameterPlace.Header,
                _ => ParameterPlace.Cookie,
            };
            if (place == ParameterPlace.Cookie) unsupported.Add($"{key}: cookie parameter '{p.Name}' is not sent");
            var schema = p.Schema ?? p.Content?.Values.FirstOrDefault()?.Schema;
            if (schema is not null && Unresolved(schema)) { unsupported.Add($"{key}: the schema of parameter '{p.Name}' does not resolve"); schema = null; }
            result.Add(new ContractParameter(p.Name!, place, p.Required || place == ParameterPlace.Path, schema));
        }
        return result;
    }

    private static ContractRequestBody? RequestBody(IOpenApiRequestBody? body, string key, ICollection<string> unsupported)
    {
        if (body is null) return null;
        if (Unresolved(body)) { unsupported.Add($"{key}: the request body reference does not resolve"); return null; }
        var content = Content(body.Content, $"{key} request body", unsupported);
        var nonJson = content.Keys.Where(m => !MediaTypes.IsJson(m)).ToList();
        if (nonJson.Count > 0 && content.Keys.All(m => !MediaTypes.IsJson(m)))
            unsupported.Add($"{key}: request body media type {string.Join(", ", nonJson)} is not synthesised (JSON only)");
        else if (nonJson.Count > 0)
            unsupported.Add($"{key}: request body media type {string.Join(", ", nonJson)} is not sent (the JSON one is)");
        return new ContractRequestBody(body.Required, content);
    }

    private static Dictionary<string, IOpenApiSchema?> Content(IDictionary<string, IOpenApiMediaType>? content, string where, ICollection<string> unsupported)
    {
        var result = new Dictionary<string, IOpenApiSchema?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (mediaType, media) in content ?? new Dictionary<string, IOpenApiMediaType>())
        {
            var schema = media.Schema;
            if (schema is not null && Unresolved(schema)) { unsupported.Add($"{where}: schema of {mediaType} does not resolve"); schema = null; }
            result[mediaType] = schema;
        }
        return result;
    }

    private static bool Unresolved(object? element) => element switch
    {
        OpenApiSchemaReference s => s.UnresolvedReference || s.Target is null,
        OpenApiResponseReference r => r.UnresolvedReference || r.Target is null,
        OpenApiParameterReference p => p.UnresolvedReference || p.Target is null,
        OpenApiRequestBodyReference b => b.UnresolvedReference || b.Target is null,
        OpenApiPathItemReference i => i.UnresolvedReference || i.Target is null,
        _ => false,
    };

    /// <summary>
    /// Where the suite's token goes under <paramref name="requirements"/> (alternatives, each a set of schemes): the first
    /// alternative whose every scheme the suite can satisfy as written, else the first one, its other schemes getting
    /// the token as a bearer token and named in <paramref name="unsupported"/>. Empty when no alternative names a scheme.
    /// </summary>
    public static IReadOnlyList<CredentialPlacement> Placements(IList<OpenApiSecurityRequirement> requirements, string key, ICollection<string> unsupported)
    {
        var alternatives = requirements.Where(r => r.Count > 0).ToList();
        if (alternatives.Count == 0) return [];
        var chosen = alternatives.FirstOrDefault(r => r.Keys.All(s => Placement(s).Fallback is null)) ?? alternatives[0];
        var placements = chosen.Keys.Select(Placement).ToList();
        foreach (var fallback in placements.Select(p => p.Fallback).OfType<string>()) unsupported.Add($"{key}: {fallback}");
        return placements.DistinctBy(p => (p.Place, p.Name.ToLowerInvariant())).ToList();
    }

    private static CredentialPlacement Placement(OpenApiSecuritySchemeReference scheme)
    {
        var id = scheme.Reference?.Id ?? "(unnamed)";
        if (scheme.Type == SecuritySchemeType.Http && string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase))
            return CredentialPlacement.Bearer(id);
        if (scheme.Type == SecuritySchemeType.ApiKey && !string.IsNullOrWhiteSpace(scheme.Name))
        {
            if (scheme.In == ParameterLocation.Header)
                return new(id, CredentialPlace.Header, scheme.Name, scheme.Name.Equals(CredentialPlacement.AuthorizationHeader, StringComparison.OrdinalIgnoreCase));
            if (scheme.In == ParameterLocation.Query) return new(id, CredentialPlace.Query, scheme.Name, false);
        }
        // OAuth2 and OpenID Connect access tokens travel as bearer tokens (RFC 6750); the flows themselves are not run.
        return CredentialPlacement.Bearer(id, scheme.Type is SecuritySchemeType.OAuth2 or SecuritySchemeType.OpenIdConnect
            ? $"security scheme {Describe(scheme)} is not negotiated; the suite's token is sent as a bearer token (Authorization: Bearer)"
            : $"security scheme {Describe(scheme)} is not supported; the suite's token is sent as a bearer token (Authorization: Bearer) instead");
    }

    private static string Describe(OpenApiSecuritySchemeReference scheme) => scheme.Type is null
        ? $"'{scheme.Reference?.Id}' (a reference that does not resolve)"
        : scheme.Type == SecuritySchemeType.ApiKey
        ? $"'{scheme.Reference.Id}' (apiKey in {scheme.In?.ToString().ToLowerInvariant()} '{scheme.Name}')"
        : $"'{scheme.Reference.Id}' ({$"{scheme.Type?.ToString().ToLowerInvariant()} {scheme.Scheme}".TrimEnd()})";

    private static int MethodOrder(string method) =>
        Array.IndexOf(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], method.ToUpperInvariant()) is var i and >= 0 ? i : 99;

    private static string FirstSegment(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => !s.StartsWith('{')).ToList();
        return segments.Count == 0 ? "root" : segments.Count > 1 && segments[0] == "api" ? segments[1] : segments[0];
    }
}
