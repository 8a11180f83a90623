using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sirim.Verification.Contracts.Running;

/// <summary>A resource this run created: its collection route and id; deleted once the run (or its cleanup) removed it.</summary>
public sealed record CreatedResource(string Collection, string Id, string ItemPath);

/// <summary>
/// What the run has learnt so far: ids listed by collection GETs, resources it created (the only ones it may
/// change or delete), and real values by property name (e.g. empresaId) used to build valid requests.
/// </summary>
public sealed class RunState
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _listed = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _created = new();
    private readonly ConcurrentDictionary<string, byte> _deleted = new();
    private readonly ConcurrentDictionary<string, JsonNode> _known = new();

    public RunState(IEnumerable<KeyValuePair<string, JsonNode>> seed)
    {
        foreach (var (k, v) in seed) _known[k] = v;
    }

    public IReadOnlyDictionary<string, JsonNode> Known => _known;

    public string? ListedId(string collection) => _listed.TryGetValue(collection, out var q) && q.TryPeek(out var id) ? id : null;

    public string? CreatedId(string collection) =>
        _created.TryGetValue(collection, out var q) ? q.FirstOrDefault(id => !_deleted.ContainsKey(collection + "/" + id)) : null;

    public IReadOnlyList<CreatedResource> Created(Func<string, string?> itemPathOf) => _created
        .SelectMany(kv => kv.Value.Select(id => new CreatedResource(kv.Key, id, itemPathOf(kv.Key)?.Replace("{}", id) ?? "")))
        .ToList();

    /// <summary>Notes a resource this run created (found by <see cref="Core.Cleanup.CreatedId"/>), once.</summary>
    public void AddCreated(string collection, string id)
    {
        var queue = _created.GetOrAdd(collection, _ => new());
        lock (queue) { if (!queue.Contains(id)) queue.Enqueue(id); }
    }

    public bool IsDeleted(string collection, string id) => _deleted.ContainsKey(collection + "/" + id);

    public void MarkDeleted(string collection, string id) => _deleted[collection + "/" + id] = 1;

    /// <summary>
    /// Learns ids and values from a 2xx JSON body of <paramref name="collection"/> (created: the body describes a new
    /// resource, itself or wrapped in <c>data</c>). A list's items are the body when it is an array, else the property
    /// <paramref name="itemsProperty"/> (from the list's schema, <see cref="Document.ListItems"/>), else a property named
    /// <c>data</c>, <c>items</c> or <c>results</c>, else the first array property.
    /// </summary>
    public void Harvest(string collection, string body, bool created, string? itemsProperty = null)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(body); }
        catch (JsonException) { return; }
        if (created)
        {
            var resource = root as JsonObject;
            if (resource is not null && resource[Document.ListItems.IdProperty] is null && resource["data"] is JsonObject wrapped) resource = wrapped;
            if (resource is not null && Scalar(resource[Document.ListItems.IdProperty]) is { } id) _created.GetOrAdd(collection, _ => new()).Enqueue(id);
            Learn(resource);
            return;
        }
        var items = Core.Cleanup.WrappedList.Items(root, itemsProperty);
        foreach (var item in (items ?? []).OfType<JsonObject>().Take(50))
        {
            if (Scalar(item[Document.ListItems.IdProperty]) is { } id)
            {
                _listed.GetOrAdd(collection, _ => new()).Enqueue(id);
                var noun = collection.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
                if (noun.EndsWith('s')) _known.TryAdd(noun[..^1] + "Id", item[Document.ListItems.IdProperty]!.DeepClone());
            }
            Learn(item);
        }
    }


    private void Learn(JsonObject? item)
    {
        foreach (var (name, value) in item ?? [])
            if (value is JsonValue && (name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("_id", StringComparison.Ordinal)))
                _known.TryAdd(name, value.DeepClone());
    }

    private static string? Scalar(JsonNode? node) => node is JsonValue v ? v.ToString() : null;
}
