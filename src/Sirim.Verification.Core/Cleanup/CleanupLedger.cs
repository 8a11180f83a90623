using System.Collections.Concurrent;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Cleanup;

/// <summary>
/// A resource a run created: the request that created it (method, path, case or flow), its id, the item URL it is read
/// and deleted at (null when it cannot be: <see cref="NotDeletableReason"/> says why) and the tag its data carries.
/// <see cref="DeleteMethod"/> and <see cref="ReadBackUrl"/> default to DELETE and the item URL (a deployment may remove
/// with another method, or serve the item for reading elsewhere); <see cref="FoundBy"/> says how the run learnt of it
/// (null: from the answer to the creating request).
/// </summary>
public sealed record TrackedResource(
    string Gate,
    string CreatedByMethod,
    string CreatedByPath,
    string CreatedByCase,
    string Collection,
    string? Id,
    Uri? ItemUrl,
    string Tag,
    string? NotDeletableReason = null,
    string DeleteMethod = "DELETE",
    Uri? ReadBackUrl = null,
    string? FoundBy = null)
{
    /// <summary>"POST /api/gastos (positive)": the request and the case or flow that sent it.</summary>
    public string CreatedBy => $"{CreatedByMethod} {CreatedByPath} ({CreatedByCase})";

    /// <summary>The key a resource is registered under once: its collection and id (or its creating request when it has no id).</summary>
    public string Key => Id is null ? $"{Collection} ← {CreatedBy}" : $"{Collection}/{Id}";
}

/// <summary>
/// Every resource a run created, registered by whichever gate (contracts case, E2E flow, load iteration) created it,
/// and whether the run itself already deleted it. The <see cref="CleanupRunner"/> deletes and reads back each one;
/// nothing created is left unaccounted. One ledger per run, passed explicitly; safe for concurrent registration.
/// </summary>
public sealed class CleanupLedger
{
    private readonly ConcurrentDictionary<string, TrackedResource> _resources = new();
    private readonly ConcurrentDictionary<string, HttpExchange> _deletedByRun = new();
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Registers a created resource; a second registration of the same collection and id is ignored.</summary>
    public bool Register(TrackedResource resource)
    {
        if (!_resources.TryAdd(resource.Key, resource)) return false;
        _order.Enqueue(resource.Key);
        return true;
    }

    /// <summary>Notes that the run itself deleted <paramref name="id"/> of <paramref name="collection"/> (the cleanup still reads it back).</summary>
    public void MarkDeletedByRun(string collection, string id, HttpExchange delete) => _deletedByRun[$"{collection}/{id}"] = delete;

    public IReadOnlyList<TrackedResource> Resources => _order.Select(k => _resources[k]).ToList();

    public HttpExchange? DeletedByRun(TrackedResource resource) => _deletedByRun.GetValueOrDefault(resource.Key);

    public bool Contains(string collection, string id) => _resources.ContainsKey($"{collection}/{id}");
}
