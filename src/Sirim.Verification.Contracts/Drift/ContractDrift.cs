using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Sirim.Verification.Contracts.Document;

namespace Sirim.Verification.Contracts.Drift;

/// <summary>One semantic difference between the committed and the served document.</summary>
public sealed record DriftItem(bool Breaking, string Where, string What)
{
    public override string ToString() => $"{(Breaking ? "BREAKING" : "compatible")}: {Where}: {What}";
}

/// <summary>
/// Compares the committed contract with the one the deployment serves, semantically (operations, parameters,
/// request bodies, responses, component schemas), not as text. Breaking means a client written against the
/// committed document may fail: an operation or response removed, a parameter removed or made required, a type or
/// a schema property changed, a required property added to a request. Additions are compatible and only listed.
/// </summary>
public static class ContractDrift
{
    public static IReadOnlyList<DriftItem> Compare(ContractDocument committed, ContractDocument served)
    {
        var items = new List<DriftItem>();
        foreach (var op in committed.Operations)
        {
            if (served.Find(op.Method, op.Path) is not { } other) { items.Add(new(true, op.Key, "operation removed")); continue; }
            CompareOperation(op, other, items);
        }
        foreach (var op in served.Operations.Where(o => committed.Find(o.Method, o.Path) is null))
            items.Add(new(false, op.Key, "operation added"));

        var before = committed.Model.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var after = served.Model.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in before)
        {
            if (!after.TryGetValue(name, out var other)) { items.Add(new(true, $"schema {name}", "removed")); continue; }
            CompareSchema($"schema {name}", ResponseSchemas.Write(schema), ResponseSchemas.Write(other), items);
        }
        foreach (var name in after.Keys.Where(n => !before.ContainsKey(n))) items.Add(new(false, $"schema {name}", "added"));
        return items;
    }

    private static void CompareOperation(ContractOperation a, ContractOperation b, List<DriftItem> items)
    {
        foreach (var p in a.Parameters)
        {
            var q = b.Parameters.FirstOrDefault(x => x.Name == p.Name && x.Place == p.Place);
            var where = $"{a.Key} {p.Place.ToString().ToLowerInvariant()} parameter '{p.Name}'";
            if (q is null) { items.Add(new(true, where, "removed")); continue; }
            if (!p.Required && q.Required) items.Add(new(true, where, "became required"));
            if (p.Required && !q.Required) items.Add(new(false, where, "became optional"));
            CompareSchema(where, p.Schema is null ? null : ResponseSchemas.Write(p.Schema), q.Schema is null ? null : ResponseSchemas.Write(q.Schema), items);
        }
        foreach (var q in b.Parameters.Where(q => !a.Parameters.Any(p => p.Name == q.Name && p.Place == q.Place)))
            items.Add(new(q.Required, $"{a.Key} {q.Place.ToString().ToLowerInvariant()} parameter '{q.Name}'", q.Required ? "added as required" : "added (optional)"));

        if (a.RequestBody is not null && b.RequestBody is null) items.Add(new(true, $"{a.Key} request body", "removed"));
        if (a.RequestBody is null && b.RequestBody is { Required: true }) items.Add(new(true, $"{a.Key} request body", "added as required"));
        if (a.RequestBody is { } ra && b.RequestBody is { } rb)
            foreach (var (media, schema) in ra.Content)
            {
                if (!rb.Content.TryGetValue(media, out var other)) { items.Add(new(true, $"{a.Key} request body {media}", "no longer accepted")); continue; }
                CompareSchema($"{a.Key} request body {media}", Write(schema), Write(other), items, request: true);
            }

        foreach (var r in a.Responses)
        {
            var s = b.Responses.FirstOrDefault(x => x.StatusKey == r.StatusKey);
            if (s is null) { items.Add(new(true, $"{a.Key} response {r.StatusKey}", "removed")); continue; }
            foreach (var (media, schema) in r.Content)
            {
                if (!s.Content.TryGetValue(media, out var other)) { items.Add(new(true, $"{a.Key} response {r.StatusKey} {media}", "removed")); continue; }
                CompareSchema($"{a.Key} response {r.StatusKey} {media}", Write(schema), Write(other), items);
            }
        }
        foreach (var s in b.Responses.Where(s => a.Responses.All(r => r.StatusKey != s.StatusKey)))
            items.Add(new(false, $"{a.Key} response {s.StatusKey}", "added"));
        if (a.Secured != b.Secured) items.Add(new(true, a.Key, b.Secured ? "now requires authentication" : "no longer requires authentication"));
    }

    private static JsonNode? Write(IOpenApiSchema? schema) => schema is null ? null : ResponseSchemas.Write(schema);

    /// <summary>Property-level comparison of two schemas (as JSON Schema); other keyword changes are listed as compatible.</summary>
    private static void CompareSchema(string where, JsonNode? a, JsonNode? b, List<DriftItem> items, bool request = false)
    {
        if (JsonNode.DeepEquals(a, b)) return;
        if (a is not JsonObject oa || b is not JsonObject ob) { items.Add(new(true, where, "schema replaced")); return; }
        if (oa["$ref"]?.ToString() is { } refA && ob["$ref"]?.ToString() is { } refB)
        {
            if (refA != refB) items.Add(new(true, where, $"now refers to {refB} instead of {refA}"));
            return; // the components themselves are compared by name
        }
        if (!JsonNode.DeepEquals(oa["type"], ob["type"]))
            items.Add(new(true, where, $"type {oa["type"]?.ToJsonString() ?? "(any)"} became {ob["type"]?.ToJsonString() ?? "(any)"}"));
        var propsA = oa["properties"] as JsonObject ?? [];
        var propsB = ob["properties"] as JsonObject ?? [];
        foreach (var (name, schema) in propsA)
        {
            if (!propsB.ContainsKey(name)) { items.Add(new(true, where, $"property '{name}' removed")); continue; }
            CompareSchema($"{where}.{name}", schema, propsB[name], items, request);
        }
        foreach (var (name, _) in propsB.Where(p => !propsA.ContainsKey(p.Key))) items.Add(new(false, where, $"property '{name}' added"));
        var reqA = (oa["required"] as JsonArray ?? []).Select(n => n?.ToString()).ToHashSet();
        var reqB = (ob["required"] as JsonArray ?? []).Select(n => n?.ToString()).ToHashSet();
        foreach (var name in reqB.Except(reqA)) items.Add(new(request, where, $"property '{name}' became required"));
        foreach (var name in reqA.Except(reqB)) items.Add(new(!request, where, $"property '{name}' no longer required"));
        if (!JsonNode.DeepEquals(oa["enum"], ob["enum"])) items.Add(new(true, where, "enum values changed"));
        if (!JsonNode.DeepEquals(oa["format"], ob["format"])) items.Add(new(true, where, $"format {oa["format"]} became {ob["format"]}"));
        CompareSchema($"{where}[]", oa["items"], ob["items"], items, request);
    }
}
