using System.Text.Json.Nodes;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Synthesis;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Running;

/// <summary>A request to send for a case, or why it cannot be sent (skipped), plus what its checks need to know.</summary>
public sealed record PlannedRequest(ExchangeRequest? Request, string? SkipReason, bool ValueInPath = false, string? Mutation = null);

/// <summary>
/// Builds the request of each case from the contract and what the run has learnt. Mutating requests on item routes
/// use only resources this run created; without one, the case is skipped and says why.
/// </summary>
public sealed class RequestFactory(Uri apiBase, ContractsOptions options, AuthResult auth, RunState state)
{
    public const string InvalidToken = "sirim.verify.invalid-token";

    public static string? CollectionOf(string path)
    {
        var i = path.IndexOf("/{", StringComparison.Ordinal);
        return i < 0 ? null : path[..i];
    }

    /// <param name="injection">The injection case: the valid request with this one value written into this one field.</param>
    public PlannedRequest Build(ContractOperation op, CaseKind kind, string? method = null, (InjectionTarget Target, string Text)? injection = null)
    {
        var synth = new ValueSynthesizer(state.Known, options.RunTag);
        var pathValues = new Dictionary<string, string>();
        var mutating = (method ?? op.Method) is not ("GET" or "HEAD" or "OPTIONS") || op.IsMutating;
        var collection = CollectionOf(op.Path);
        foreach (var p in op.Parameters.Where(p => p.Place == ParameterPlace.Path))
        {
            string? value = null;
            if (collection is not null && op.Path.IndexOf("{" + p.Name + "}", StringComparison.Ordinal) == collection.Length + 1)
                value = mutating ? state.CreatedId(collection) : state.CreatedId(collection) ?? state.ListedId(collection);
            if (value is null && mutating && collection is not null && kind == CaseKind.UnsupportedMethod)
                value = ValueSynthesizer.TypeOf(p.Schema ?? new Microsoft.OpenApi.OpenApiSchema()) is Microsoft.OpenApi.JsonSchemaType.Integer
                    ? "2147483646" : options.RunTag; // an id no real resource has: the probe must not touch existing data
            if (value is null && mutating && collection is not null)
                return new(null, $"no resource created by this run under {collection} (mutating calls touch only the suite's own data)");
            value ??= Text(synth.Valid(p.Schema, p.Name));
            pathValues[p.Name] = value;
        }
        var query = op.Parameters.Where(p => p.Place == ParameterPlace.Query && p.Required).ToDictionary(p => p.Name, p => Text(synth.Valid(p.Schema, p.Name)));
        var headers = op.Parameters.Where(p => p.Place == ParameterPlace.Header && p.Required)
            .Select(p => new HttpHeader(p.Name, Text(synth.Valid(p.Schema, p.Name)))).ToList();
        var mediaType = op.RequestBody?.JsonMediaType;
        JsonNode? body = mediaType is null ? null : synth.Valid(op.RequestBody!.Content[mediaType]);
        string? bodyText = body?.ToJsonString();
        var contentType = mediaType is null ? null : mediaType.Contains('*') ? "application/json" : mediaType;
        bool valueInPath = false;
        string? mutation = null;
        // The token goes wherever the operation's security scheme puts it, on every operation not marked public.
        var token = op.Credentials.Count > 0 && auth.Succeeded ? auth.Token : null;

        switch (kind)
        {
            case CaseKind.MissingRequiredParameter:
                var missing = op.Parameters.FirstOrDefault(p => p.Required && p.Place is ParameterPlace.Query or ParameterPlace.Header);
                if (missing is null) return new(null, "no required query or header parameter");
                query.Remove(missing.Name);
                headers.RemoveAll(h => h.Name == missing.Name);
                mutation = $"{missing.Place.ToString().ToLowerInvariant()} parameter '{missing.Name}' left out";
                break;
            case CaseKind.WrongType or CaseKind.OutOfRange:
                var found = false;
                foreach (var p in op.Parameters.Where(p => p.Place != ParameterPlace.Cookie))
                {
                    var bad = kind == CaseKind.WrongType ? InvalidValues.WrongType(p.Schema, true) : InvalidValues.OutOfRange(p.Schema);
                    if (bad is null) continue;
                    var text = Text(bad.Value.Value);
                    if (p.Place == ParameterPlace.Path) { pathValues[p.Name] = Uri.EscapeDataString(text); valueInPath = true; }
                    else if (p.Place == ParameterPlace.Query) query[p.Name] = text;
                    else { headers.RemoveAll(h => h.Name == p.Name); headers.Add(new HttpHeader(p.Name, text)); }
                    mutation = $"{p.Place.ToString().ToLowerInvariant()} parameter '{p.Name}' = {text} ({bad.Value.Why})";
                    found = true;
                    break;
                }
                if (!found && body is JsonObject obj && mediaType is not null)
                    foreach (var (name, schema) in op.RequestBody!.Content[mediaType]?.Properties ?? new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>())
                    {
                        var bad = kind == CaseKind.WrongType ? InvalidValues.WrongType(schema, false) : InvalidValues.OutOfRange(schema);
                        if (bad is null || schema.ReadOnly) continue;
                        obj[name] = bad.Value.Value.DeepClone();
                        bodyText = obj.ToJsonString();
                        mutation = $"body property '{name}' = {Short(bad.Value.Value.ToJsonString())} ({bad.Value.Why})";
                        found = true;
                        break;
                    }
                if (!found) return new(null, kind == CaseKind.WrongType ? "no parameter or body property with a type a wrong value can break" : "no enum, range or length constraint to break");
                break;
            case CaseKind.MalformedJson:
                if (mediaType is null) return new(null, "no JSON request body");
                bodyText = "{\"sirim\": [1, 2,";
                mutation = "a truncated JSON body";
                break;
            case CaseKind.WrongContentType:
                if (mediaType is null) return new(null, "no JSON request body");
                contentType = "text/plain";
                mutation = "the valid body sent as text/plain";
                break;
            case CaseKind.BodyTooLarge:
                if (mediaType is null) return new(null, "no JSON request body");
                bodyText = "{\"pad\":\"" + new string('x', (int)Math.Max(0, options.BodyLimitBytes + 1 - 10)) + "\"}";
                mutation = $"a body of {bodyText.Length} bytes (limit {options.BodyLimitBytes})";
                // Ask before sending the body (RFC 9110 §10.1.1): the server refuses on Content-Length alone and the
                // client never writes into a connection the server is closing.
                headers.Add(new HttpHeader("Expect", "100-continue"));
                break;
            case CaseKind.MissingCredentials:
                if (!op.Secured) return new(null, "the operation is not secured");
                token = null;
                mutation = "no " + string.Join(" and no ", op.Credentials.Select(c => c.Describe()));
                break;
            case CaseKind.InvalidCredentials:
                if (!op.Secured) return new(null, "the operation is not secured");
                token = InvalidToken;
                mutation = string.Join(", ", op.Credentials.Select(c => c.Render("<an invalid token>")));
                break;
        }
        if (injection is { } inj)
        {
            switch (inj.Target.Place)
            {
                case ParameterPlace.Path: pathValues[inj.Target.Name] = Uri.EscapeDataString(inj.Text); valueInPath = true; break;
                case ParameterPlace.Query: query[inj.Target.Name] = inj.Text; break;
                default:
                    if (body is not JsonObject target) return new(null, "the request body is not a JSON object");
                    target[inj.Target.Name] = JsonValue.Create(inj.Text);
                    bodyText = target.ToJsonString();
                    break;
            }
            mutation = $"{inj.Target.Describe} = {InjectionValues.Show(inj.Text)}";
        }
        if (op.Secured && token is null && kind is not CaseKind.MissingCredentials && !auth.Succeeded)
            return new(null, "the operation is secured and the suite has no token: " + auth.Problem);
        Credentials.Apply(op.Credentials, token, headers, query);

        var path = pathValues.Aggregate(op.Path, (acc, kv) => acc.Replace("{" + kv.Key + "}", kv.Value.Contains('%') ? kv.Value : Uri.EscapeDataString(kv.Value)));
        var qs = query.Count == 0 ? "" : "?" + string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        var url = TargetOptions.Combine(apiBase, path + qs);
        return new(new ExchangeRequest(method ?? op.Method, url, headers, bodyText, bodyText is null ? null : contentType), null, valueInPath, mutation);
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v => v.ToString(),
        JsonArray a => string.Join(",", a.Select(Text)),
        _ => node.ToJsonString(),
    };

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
