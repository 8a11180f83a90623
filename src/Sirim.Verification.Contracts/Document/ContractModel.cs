using Microsoft.OpenApi;

namespace Sirim.Verification.Contracts.Document;

/// <summary>Where a parameter travels (OpenAPI "in").</summary>
public enum ParameterPlace { Path, Query, Header, Cookie }

/// <summary>One documented parameter; <see cref="Schema"/> has its <c>$ref</c>s resolved by Microsoft.OpenApi.</summary>
public sealed record ContractParameter(string Name, ParameterPlace Place, bool Required, IOpenApiSchema? Schema);

/// <summary>The documented request body: required or not, and its schema per media type.</summary>
public sealed record ContractRequestBody(bool Required, IReadOnlyDictionary<string, IOpenApiSchema?> Content)
{
    /// <summary>The JSON media type the suite sends, when the operation accepts one.</summary>
    public string? JsonMediaType => Content.Keys.FirstOrDefault(MediaTypes.IsJson);
}

/// <summary>One documented response: its status key ("200", "4XX", "default"), media types and required headers.</summary>
public sealed record ContractResponse(string StatusKey, IReadOnlyDictionary<string, IOpenApiSchema?> Content, IReadOnlyList<string> RequiredHeaders);

/// <summary>
/// One operation of the contract (method + path template) with everything the gate needs to build requests and
/// judge answers. <see cref="Key"/> ("GET /api/gastos/{id}") names it in tests, reports and exclusions.
/// <see cref="Secured"/>: the contract requires credentials (every security alternative names a scheme);
/// <see cref="Credentials"/>: where the suite's token goes, empty only when the contract marks the operation public.
/// </summary>
public sealed record ContractOperation(
    string Method,
    string Path,
    string? OperationId,
    string Tag,
    IReadOnlyList<ContractParameter> Parameters,
    ContractRequestBody? RequestBody,
    IReadOnlyList<ContractResponse> Responses,
    bool Secured,
    IReadOnlyList<CredentialPlacement> Credentials)
{
    public string Key => $"{Method} {Path}";

    public bool IsMutating => Method is not ("GET" or "HEAD" or "OPTIONS");

    public IEnumerable<string> DocumentedStatuses => Responses.Select(r => r.StatusKey);

    /// <summary>The documented response for <paramref name="status"/>: exact code, then its range ("4XX"), then "default".</summary>
    public ContractResponse? ResponseFor(int status) =>
        Responses.FirstOrDefault(r => r.StatusKey == status.ToString(System.Globalization.CultureInfo.InvariantCulture))
        ?? Responses.FirstOrDefault(r => r.StatusKey.Equals($"{status / 100}XX", StringComparison.OrdinalIgnoreCase))
        ?? Responses.FirstOrDefault(r => r.StatusKey == "default");

    public IEnumerable<int> DocumentedCodes(int family) => Responses
        .Select(r => int.TryParse(r.StatusKey, out var c) ? c : 0)
        .Where(c => c / 100 == family);
}

/// <summary>
/// A readable OpenAPI document: its operations plus every construct the gate cannot exercise, reported as such
/// (never thrown), so a third-party document still yields a run and an honest list of what was left out.
/// </summary>
public sealed record ContractDocument(
    string Source,
    string Title,
    string Version,
    string SpecVersion,
    IReadOnlyList<ContractOperation> Operations,
    IReadOnlyList<string> Unsupported,
    ResponseSchemas Schemas,
    OpenApiDocument Model)
{
    /// <summary>
    /// The credentials of a request no single operation describes (the served document, the unknown-route probe): the
    /// document's own security requirement, else the first operation's that is not public; empty when all are public.
    /// </summary>
    public IReadOnlyList<CredentialPlacement> DefaultCredentials =>
        OperationCatalog.Placements(Model.Security ?? [], "document", new List<string>()) is { Count: > 0 } own ? own
        : Operations.Select(o => o.Credentials).FirstOrDefault(c => c.Count > 0) ?? [];

    public ContractOperation? Find(string method, string path) =>
        Operations.FirstOrDefault(o => o.Method == method && o.Path == path);

    /// <summary>The methods a path template documents (the expected Allow header of a 405).</summary>
    public IReadOnlyList<string> MethodsOf(string path) =>
        Operations.Where(o => o.Path == path).Select(o => o.Method).ToList();
}

/// <summary>Media type helpers (RFC 6838 names, RFC 9457 problem+json).</summary>
public static class MediaTypes
{
    public static bool IsJson(string mediaType)
    {
        var m = mediaType.Split(';')[0].Trim().ToLowerInvariant();
        return m == "application/json" || m.EndsWith("+json", StringComparison.Ordinal) || m == "*/*" || m == "application/*";
    }

    /// <summary>Whether <paramref name="actual"/> matches a documented media type (wildcards "*/*" and "type/*" included).</summary>
    public static bool Matches(string documented, string actual)
    {
        var d = documented.Split(';')[0].Trim().ToLowerInvariant();
        var a = actual.Split(';')[0].Trim().ToLowerInvariant();
        if (d == a || d == "*/*") return true;
        return d.EndsWith("/*", StringComparison.Ordinal) && a.StartsWith(d[..^1], StringComparison.Ordinal);
    }
}
