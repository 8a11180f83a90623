using System.Text.Json.Nodes;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Probing;

/// <summary>
/// The one cleanup of an authorization run, on the Core mechanism: both probers register every resource a 2xx answer to
/// a mutating request names (the verification user's own creates, and a write of the second identity that was wrongly
/// accepted) in one <see cref="CleanupLedger"/>; the <see cref="CleanupRunner"/> deletes each as the verification user
/// (the owner), reads it back and retries within cleanupMaxAttempts; the empresas written to are listed before the first
/// write and after the cleanup (the gate's own <see cref="ListWalker"/>) so the <see cref="Inventory"/> names items of
/// the run left behind, tracked or not.
/// </summary>
public sealed class AuthzCleanup(TargetOptions target, AuthzOptions options, ExchangeClient client)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public CleanupLedger Ledger { get; } = new();

    private string Collection => options.Routes.CollectionPath;

    /// <summary>
    /// Registers the resource a 2xx answer to a mutating request names (its id at authzIdPointer) with the request that
    /// created it; a resource already tracked is not registered twice. The id, or null when the answer names none.
    /// </summary>
    public string? Track(HttpExchange write, string purpose)
    {
        if (write.Request.Method is "GET" or "HEAD" or "OPTIONS" || write.Status is not (>= 200 and < 300)
            || JsonValues.At(JsonValues.Parse(write.Response!.Body), options.Routes.IdPointer) is not { } id) return null;
        Ledger.Register(new TrackedResource(AuthzChecks.Gate, write.Request.Method, write.Request.Url.AbsolutePath, purpose, Collection,
            id, ItemUrl(id), options.RunId));
        return id;
    }

    /// <summary>
    /// The empresas the run writes to, listed page by page: the foreign one (the probed resource) and the one both
    /// identities see (the read-only identity's probes and the mass-assignment writes).
    /// </summary>
    public async Task<InventorySnapshot> InventoryAsync(AuthResult owner, CancellationToken ct)
    {
        var walker = new ListWalker(target, options, client);
        var walks = new List<ListWalk>();
        foreach (var empresa in new[] { options.ForeignEmpresaId, options.OwnEmpresaId }.Distinct())
            walks.Add(await walker.WalkAsync(owner, empresa, ct).ConfigureAwait(false));
        return Snapshot(walks);
    }

    /// <summary>The items of the walked lists as one snapshot of the collection; a page that failed makes it a failed snapshot.</summary>
    public InventorySnapshot Snapshot(IReadOnlyList<ListWalk> walks)
    {
        var request = string.Join(", ", walks.Select(w => options.Routes.List(w.EmpresaId)));
        var items = new List<InventoryEntry>();
        // The item's id sits in each list item where the id pointer's last segment says (/data/id → /id).
        var idInItem = options.Routes.IdPointer[options.Routes.IdPointer.LastIndexOf('/')..];
        foreach (var walk in walks)
            foreach (var page in walk.Pages)
            {
                if (page.Status is not (>= 200 and < 300) || JsonValues.Items(JsonValues.Parse(page.Response!.Body)) is not { } list)
                    return InventorySnapshot.Failed(Collection, request,
                        $"GET {page.Request.Url.PathAndQuery} answered {page.Status?.ToString() ?? "no response: " + page.TransportError}{(page.Status is >= 200 and < 300 ? " without a list" : "")}");
                items.AddRange(list.OfType<JsonObject>().Select(i => (Item: i, Id: JsonValues.At(i, idInItem))).Where(x => x.Id is not null)
                    .Select(x => new InventoryEntry(x.Id!, Inventory.TextsOf(x.Item))));
            }
        return new InventorySnapshot(Collection, request, items.DistinctBy(i => i.Id).ToList(), walks.All(w => w.ReachedEnd));
    }

    /// <summary>
    /// Deletes and reads back everything the ledger holds, as the verification user, then compares the inventory taken
    /// <paramref name="before"/> the first write (null: not taken) with one taken now. Never throws for an HTTP answer.
    /// </summary>
    public async Task<CleanupAccount> CleanUpAsync(AuthResult owner, InventorySnapshot? before, CancellationToken ct)
    {
        ExchangeRequest RequestFor(string method, Uri url) => new(method, url, owner.Succeeded ? [owner.Header] : []);
        if (!owner.Succeeded)
            return new CleanupAccount(AuthzChecks.Gate, options.RunId, [],
                Ledger.Resources.Select(r => new Leftover(Collection, r.Id ?? "(no id)", r.ItemUrl, $"created by {r.CreatedBy}; the verification user could not log in to remove it", true)).ToList(),
                [$"{Collection}: the verification user could not log in ({owner.Problem}); nothing was removed or listed."], RequestFor, false);
        var attempts = ContractsSettings.Read(target.Setting, new List<string>()).CleanupMaxAttempts; // validated with every other setting before the run
        var runner = new CleanupRunner(client.SendAsync, RequestFor, new CleanupBounds(attempts, TimeSpan.FromMilliseconds(500), Deadline));
        var results = await runner.RunAsync(Ledger, ct).ConfigureAwait(false);
        var after = await InventoryAsync(owner, ct).ConfigureAwait(false);
        var start = before ?? InventorySnapshot.Failed(Collection, after.ListRequest, "not listed before the first write");
        var leftovers = Inventory.Compare(start, after, options.RunId, Ledger, ItemUrl);
        var note = after.Problem is not null
            ? $"{Collection}: could not be listed after the cleanup: {after.Problem}."
            : $"{Collection}: {after.ListRequest} listed {start.Items.Count} item(s) before the first write{(start.Problem is null ? "" : $" (failed: {start.Problem})")} " +
              $"and {after.Items.Count} after the cleanup{(after.Complete ? "." : $" (stopped at {options.DataChecks.ListMaxPages} page(s) of an empresa: older items not compared).")}";
        return new CleanupAccount(AuthzChecks.Gate, options.RunId, results, leftovers, [note], RequestFor,
            start.Problem is null && after.Problem is null && after.Complete);
    }

    private Uri ItemUrl(string id) => target.Api(options.Routes.Item(id));
}
