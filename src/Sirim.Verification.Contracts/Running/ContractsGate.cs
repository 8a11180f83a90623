using System.Collections.Concurrent;
using System.Diagnostics;
using Sirim.Verification.Contracts.Checks;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Drift;
using Sirim.Verification.Contracts.Synthesis;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Running;

/// <summary>
/// The contracts gate: every operation of the committed OpenAPI document called with a valid request and with each
/// applicable negative case, stateful create→read and delete→404 checks, the served document compared with the
/// committed one, and a coverage matrix. Phases run in order (list, create, read/update, negatives, delete); the
/// requests inside a phase run concurrently. Every resource a mutating request created (whichever case sent it) is
/// registered in a <see cref="CleanupLedger"/>, deleted and read back at the end, even on failure; the collections
/// written to are listed before the first write and after the cleanup (<see cref="Inventory"/>), so what is left
/// behind is named, tracked or not.
/// </summary>
public sealed class ContractsGate(Uri apiBase, ContractsOptions options, ContractDocument committed, ErrorShape errorShape,
    ExchangeClient client, AuthResult auth)
{
    public const string Name = "contracts";
    public const string EvidenceFile = "contracts_validation.md";
    public const string ErrorsEvidenceFile = "errors_json_validation.md";
    public const string UnknownRouteOperation = "GET /sirim-verify-unknown-route";
    public const string UnknownRouteCase = "unknown_route";

    private readonly ConcurrentBag<CaseResult> _results = [];
    private readonly ConcurrentBag<ErrorSeen> _errors = [];
    private readonly CleanupLedger _ledger = new();

    public async Task<ContractRun> RunAsync(IEnumerable<KeyValuePair<string, System.Text.Json.Nodes.JsonNode>> seedValues, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var state = new RunState(seedValues);
        var factory = new RequestFactory(apiBase, options, auth, state);
        var plan = CasePlanner.Plan(committed, options);
        foreach (var (op, kind, reason, cellState) in plan.Where(p => p.NotSentReason is not null))
            _results.Add(CaseResult.NotSent(op.Key, op.Tag, kind.Id(), cellState, reason!));
        var toRun = plan.Where(p => p.NotSentReason is null).ToList();
        var inventory = new InventoryLister(options, client, factory);
        var lists = WrittenCollections(toRun);
        var before = new Dictionary<string, InventorySnapshot>();
        CleanupAccount account;

        // With the operations' credentials: many APIs serve a smaller document to anonymous callers.
        var servedTask = ContractLoader.LoadAsync(Credentials.Get(options.ServedDocumentUrl, committed.DefaultCredentials, auth.Token), options.ServedDocumentUrl, client, ct);
        try
        {
            bool Is(CasePlanner.Cell c, CaseKind k, Func<ContractOperation, bool> f) => c.Kind == k && f(c.Operation);
            bool HasPathId(ContractOperation o) => RequestFactory.CollectionOf(o.Path) is not null;
            await RunPhaseAsync(toRun.Where(c => Is(c, CaseKind.Positive, o => !o.IsMutating && !HasPathId(o))), factory, state, ct);
            // Before the first write (the lists above taught the run the values, e.g. empresaId, a list request needs).
            foreach (var (collection, list) in lists)
                if (list is not null) before[collection] = await inventory.ListAsync(list, ct).ConfigureAwait(false);
            await RunPhaseAsync(toRun.Where(c => Is(c, CaseKind.Positive, o => o.Method == "POST" && !HasPathId(o))), factory, state, ct);
            await RunPhaseAsync(toRun.Where(c => c.Kind == CaseKind.CreatedResourceFetchable), factory, state, ct);
            await RunPhaseAsync(toRun.Where(c => Is(c, CaseKind.Positive, o => o.Method != "DELETE" && HasPathId(o) || o.Method is "PATCH" or "PUT" && !HasPathId(o))), factory, state, ct);
            await RunPhaseAsync(toRun.Where(c => c.Kind.IsNegative() && c.Kind != CaseKind.BodyTooLarge), factory, state, ct);
            // Oversized bodies last and one at a time: a server refusing them may close the connection mid-upload.
            foreach (var cell in toRun.Where(c => c.Kind == CaseKind.BodyTooLarge)) await RunPhaseAsync([cell], factory, state, ct);
            await RunUnknownRouteAsync(ct);
            await RunPhaseAsync(toRun.Where(c => Is(c, CaseKind.Positive, o => o.Method == "DELETE")), factory, state, ct);
            await RunPhaseAsync(toRun.Where(c => c.Kind == CaseKind.DeletedResourceGone), factory, state, ct);
            var ran = _results.Select(r => (r.OperationKey, r.CaseId)).ToHashSet();
            foreach (var c in toRun.Where(c => !ran.Contains((c.Operation.Key, c.Kind.Id()))))
                _results.Add(CaseResult.NotSent(c.Operation.Key, c.Operation.Tag, c.Kind.Id(), CaseState.Uncovered, "no phase of the run sent it"));
        }
        finally
        {
            account = await CleanUpAsync(lists, before, inventory, CancellationToken.None);
        }

        var served = await servedTask;
        var drift = served.Document is { } doc ? ContractDrift.Compare(committed, doc) : [];
        var order = committed.Operations.Select((o, i) => (o.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var cases = _results.OrderBy(r => order.GetValueOrDefault(r.OperationKey, int.MaxValue)).ThenBy(r => CaseKinds.Parse(r.CaseId) ?? (CaseKind)99).ToList();
        return new ContractRun(committed, null, served, drift, cases, _errors.ToList(), account, options.ReadOnly, watch.Elapsed);
    }

    private async Task RunPhaseAsync(IEnumerable<CasePlanner.Cell> cells, RequestFactory factory, RunState state, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(options.Concurrency);
        await Task.WhenAll(cells.Select(async cell =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try { _results.Add(await RunCaseAsync(cell, factory, state, ct).ConfigureAwait(false)); }
            finally { gate.Release(); }
        })).ConfigureAwait(false);
    }

    private async Task<CaseResult> RunCaseAsync(CasePlanner.Cell cell, RequestFactory factory, RunState state, CancellationToken ct)
    {
        var op = cell.Operation;
        var kind = cell.Kind;
        if (kind is CaseKind.CreatedResourceFetchable or CaseKind.DeletedResourceGone)
            return await RunStatefulAsync(cell, factory, state, ct).ConfigureAwait(false);
        if (kind == CaseKind.Injection) return await RunInjectionAsync(cell, factory, ct).ConfigureAwait(false);
        var method = kind == CaseKind.UnsupportedMethod ? cell.UnsupportedMethod : null;
        var planned = factory.Build(op, kind, method);
        if (planned.Request is null) return CaseResult.NotSent(op.Key, op.Tag, kind.Id(), CaseState.Uncovered, planned.SkipReason!);
        var exchange = await client.SendAsync(planned.Request, ct).ConfigureAwait(false);
        var collection = RequestFactory.CollectionOf(op.Path) ?? op.Path;
        // Whatever case sent it: a mutating request the API accepted may have created data the run must remove.
        var createdId = CreatedResources.Record(_ledger, committed, apiBase, op, kind.Id(), exchange, options.RunTag);
        if (kind == CaseKind.Positive && exchange.Response is { Status: >= 200 and < 300 } ok && ok.IsJson)
            state.Harvest(collection, ok.Body, created: op.Method == "POST" && RequestFactory.CollectionOf(op.Path) is null, ListItems.PropertyOf(op));
        if (kind == CaseKind.Positive && createdId is not null && op.Method == "POST") state.AddCreated(collection, createdId);
        if (kind == CaseKind.Positive && op.Method == "DELETE" && exchange.Response is { Status: >= 200 and < 300 })
        {
            var deleted = Uri.UnescapeDataString(exchange.Request.Url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
            state.MarkDeleted(collection, deleted);
            _ledger.MarkDeletedByRun(collection, deleted, exchange);
        }
        var context = new CaseContext(op, kind, errorShape, kind == CaseKind.UnsupportedMethod ? string.Join(", ", committed.MethodsOf(op.Path)) : null, planned.ValueInPath);
        return Judge(context, exchange, planned.Mutation);
    }

    private async Task<CaseResult> RunStatefulAsync(CasePlanner.Cell cell, RequestFactory factory, RunState state, CancellationToken ct)
    {
        var op = cell.Operation;
        var reader = cell.Reader!;
        var collection = RequestFactory.CollectionOf(reader.Path)!;
        var id = cell.Kind == CaseKind.CreatedResourceFetchable
            ? state.CreatedId(collection)
            : state.Created(_ => null).Where(r => r.Collection == collection && state.IsDeleted(collection, r.Id)).Select(r => r.Id).FirstOrDefault();
        if (id is null)
            return CaseResult.NotSent(op.Key, op.Tag, cell.Kind.Id(), CaseState.Uncovered,
                cell.Kind == CaseKind.CreatedResourceFetchable ? $"the positive {op.Key} created no resource with an id" : $"the positive {op.Key} deleted no resource of this run");
        var planned = factory.Build(reader, CaseKind.Positive);
        if (planned.Request is null) return CaseResult.NotSent(op.Key, op.Tag, cell.Kind.Id(), CaseState.Uncovered, planned.SkipReason!);
        var url = Core.Configuration.TargetOptions.Combine(apiBase, reader.Path.Replace(reader.Path[(collection.Length + 1)..], Uri.EscapeDataString(id)));
        var exchange = await client.SendAsync(planned.Request with { Url = url }, ct).ConfigureAwait(false);
        return Judge(new CaseContext(reader, cell.Kind, errorShape), exchange, $"{reader.Method} of the resource {id} {(cell.Kind == CaseKind.DeletedResourceGone ? "deleted" : "created")} by {op.Key}") with
        {
            OperationKey = op.Key, Tag = op.Tag,
        };
    }

    /// <summary>
    /// The injection case: the operation's valid request with one injection-shaped value in one free-text field at a time
    /// (bounded: contractsInjectionPayloads values per field). A list filtered by a query parameter is also sent once
    /// with a harmless value that matches nothing, the count an injected value must not exceed; there each value ends
    /// with a random word, so taken literally it matches nothing either (not even what this run stored). Whatever a write created
    /// goes into the cleanup ledger.
    /// </summary>
    private async Task<CaseResult> RunInjectionAsync(CasePlanner.Cell cell, RequestFactory factory, CancellationToken ct)
    {
        var op = cell.Operation;
        var caseId = CaseKind.Injection.Id();
        var list = op.Method == "GET" && RequestFactory.CollectionOf(op.Path) is null;
        var targets = InjectionValues.Targets(op);
        var sent = new List<InjectionSent>();
        var exchanges = new List<HttpExchange>();
        string? skipped = null;
        // Not the run tag: the run's own resources carry that one, and a full-text search would find them by it.
        var unmatched = "~zq" + Guid.NewGuid().ToString("N")[..10];
        foreach (var target in targets)
        {
            InjectionBaseline? baseline = null;
            if (list && target.Place == ParameterPlace.Query)
            {
                var harmless = options.RunTag + "-matches-nothing";
                if (factory.Build(op, CaseKind.Positive, injection: (target, harmless)).Request is { } request)
                {
                    var ex = await client.SendAsync(request, ct).ConfigureAwait(false);
                    exchanges.Add(ex);
                    baseline = new InjectionBaseline(harmless, ex, CountItems(op, ex));
                }
            }
            foreach (var value in InjectionValues.For(target.Schema, options.InjectionPayloads, baseline is null ? null : unmatched))
            {
                var planned = factory.Build(op, CaseKind.Positive, injection: (target, value.Text));
                if (planned.Request is null) { skipped ??= planned.SkipReason; continue; }
                var exchange = await client.SendAsync(planned.Request, ct).ConfigureAwait(false);
                exchanges.Add(exchange);
                CreatedResources.Record(_ledger, committed, apiBase, op, caseId, exchange, options.RunTag);
                if (exchange.Response is { Status: >= 400 } error) _errors.Add(new ErrorSeen(op.Key, caseId, exchange, errorShape.Judge(error)));
                sent.Add(new InjectionSent(target, $"{InjectionValues.Show(value.Text)} ({value.Name})", exchange, list ? CountItems(op, exchange) : null, baseline));
            }
        }
        if (sent.Count == 0) return CaseResult.NotSent(op.Key, op.Tag, caseId, CaseState.Uncovered, skipped ?? "no injection value could be built");
        return CaseResult.Judged(op.Key, op.Tag, caseId, $"{sent.Count} injection-shaped value(s) into {string.Join(", ", targets.Select(t => t.Describe))}",
            exchanges, [InjectionNoServerError.Evaluate(op.Key, sent), InjectionNotInterpreted.Evaluate(op.Key, sent)]);
    }

    /// <summary>How many items a successful list answer holds (the top-level array, or the list property the schema names).</summary>
    private static int? CountItems(ContractOperation list, HttpExchange exchange)
    {
        if (exchange.Response is not { Status: >= 200 and < 300, IsJson: true } ok) return null;
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(ok.Body);
            var items = node is System.Text.Json.Nodes.JsonArray ? node : ListItems.PropertyOf(list) is { } p ? node?[p] : null;
            return items is System.Text.Json.Nodes.JsonArray a ? a.Count : null;
        }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private async Task RunUnknownRouteAsync(CancellationToken ct)
    {
        var op = new ContractOperation("GET", "/sirim-verify-unknown-route", null, "(routing)", [], null, [], false, committed.DefaultCredentials);
        if (options.Exclusions.FirstOrDefault(e => e.Covers(op.Method, op.Path, UnknownRouteCase)) is { } excluded)
        {
            _results.Add(CaseResult.NotSent(UnknownRouteOperation, op.Tag, UnknownRouteCase, CaseState.Excluded, excluded.Reason));
            return;
        }
        var request = Credentials.Get(Core.Configuration.TargetOptions.Combine(apiBase, $"/{options.RunTag}/unknown-route"), committed.DefaultCredentials, auth.Token);
        var exchange = await client.SendAsync(request, ct).ConfigureAwait(false);
        _results.Add(Judge(new CaseContext(op, CaseKind.Positive, errorShape), exchange, "a path no operation documents", FixedStatus.UnknownRoute) with { CaseId = UnknownRouteCase });
    }

    private CaseResult Judge(CaseContext context, HttpExchange exchange, string? mutation, ICheck<CaseExchange>? only = null)
    {
        var checks = CheckSet.For(context.Kind, committed.Schemas, only);
        var outcomes = checks.Select(c => c.Evaluate(context, exchange)).ToList();
        if (exchange.Response is { Status: >= 400 } error)
            _errors.Add(new ErrorSeen(context.Operation.Key, context.Kind.Id(), exchange, errorShape.Judge(error)));
        return CaseResult.Judged(context.Operation.Key, context.Operation.Tag, context.Kind.Id(), mutation, [exchange], outcomes);
    }

    /// <summary>The collections the run creates resources in (a POST it sends on a collection path), each with its list operation if documented.</summary>
    private List<(string Collection, ContractOperation? List)> WrittenCollections(IEnumerable<CasePlanner.Cell> toRun) => toRun
        .Where(c => c.Operation.Method == "POST" && RequestFactory.CollectionOf(c.Operation.Path) is null && CreatedResources.ItemRouteOf(committed, c.Operation.Path) is not null)
        .Select(c => c.Operation.Path).Distinct()
        .Select(p => (p, committed.Operations.FirstOrDefault(o => o.Method == "GET" && o.Path == p))).ToList();

    private async Task<CleanupAccount> CleanUpAsync(List<(string Collection, ContractOperation? List)> lists, Dictionary<string, InventorySnapshot> before,
        InventoryLister inventory, CancellationToken ct)
    {
        ExchangeRequest RequestFor(string method, Uri url)
        {
            // The credentials of the documented operation whose path template the URL matches (the item route).
            var route = committed.Operations.FirstOrDefault(o => o.Method == method && CreatedResources.RouteMatches(o.Path, url.AbsolutePath));
            var headers = new List<HttpHeader>();
            var query = new Dictionary<string, string>();
            Credentials.Apply(route?.Credentials ?? committed.DefaultCredentials, auth.Succeeded ? auth.Token : null, headers, query);
            return new ExchangeRequest(method, Credentials.WithQuery(url, query), headers);
        }
        var runner = new CleanupRunner(client.SendAsync, RequestFor, new CleanupBounds(options.CleanupMaxAttempts, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60)));
        var results = await runner.RunAsync(_ledger, ct).ConfigureAwait(false);
        var leftovers = new List<Leftover>();
        var notes = new List<string>();
        var confirms = true;
        foreach (var (collection, list) in lists)
        {
            if (list is null) { confirms = false; notes.Add($"{collection}: no list operation (GET {collection}) documented; only the tracked cleanup vouches for it."); continue; }
            if (!before.TryGetValue(collection, out var start))
            {
                notes.Add($"{collection}: not listed before the first write (the run stopped early); only items carrying the run tag are looked for.");
                start = InventorySnapshot.Failed(collection, list.Key, "not listed");
            }
            var after = await inventory.ListAsync(list, ct).ConfigureAwait(false);
            var itemRoute = CreatedResources.ItemRouteOf(committed, collection);
            confirms &= start.Problem is null && after.Problem is null && after.Complete;
            leftovers.AddRange(Inventory.Compare(start, after, options.RunTag, _ledger, id => itemRoute is null ? null : CreatedResources.ItemUrl(apiBase, itemRoute, id)));
            notes.Add(after.Problem is not null
                ? $"{collection}: could not be listed after the cleanup: {after.Problem}."
                : $"{collection}: {after.ListRequest} listed {start.Items.Count} item(s) before the first write{(start.Problem is null ? "" : $" (failed: {start.Problem})")} and {after.Items.Count} after the cleanup" +
                  (after.Complete && start.Problem is null ? "." : $" (stopped at {options.InventoryMaxPages} page(s): older items not compared)."));
        }
        return new CleanupAccount(Name, options.RunTag, results, leftovers, notes, RequestFor, confirms);
    }
}
