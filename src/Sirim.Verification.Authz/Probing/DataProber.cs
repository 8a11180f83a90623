using System.Text.Json.Nodes;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Probing;

/// <summary>
/// The I/O of the data checks, as the verification user: walks the foreign empresa's list page by page, sends a create
/// and an update whose bodies carry server-controlled fields and reads the resource back (skipped in read-only mode),
/// and reads every GET operation of the contract that needs no parameter, so that every JSON answer the gate got can be
/// searched for secrets. What it creates is registered in a <see cref="CleanupLedger"/> and deleted (and read back
/// gone) by the <see cref="CleanupRunner"/>, also after a failure.
/// </summary>
public sealed class DataProber(TargetOptions target, AuthzOptions options, ExchangeClient client, ContractDocument? contract)
{
    public async Task<DataProbeRun> RunAsync(AuthzProbeRun main, CancellationToken ct)
    {
        var notes = new List<string>();
        var answers = new List<HttpExchange>(main.Probes.Select(p => p.Exchange).OfType<HttpExchange>()
            .Concat(main.Resources.SelectMany(r => new[] { r.Before, r.After }).OfType<HttpExchange>()));
        var a = await Authenticator.AuthenticateAsync(target, client, ct).ConfigureAwait(false);
        if (!a.Succeeded)
            return new DataProbeRun([], $"the verification user could not log in: {a.Problem}", [], answers, [], [$"data probes not sent: the verification user could not log in ({a.Problem})."]);
        var ownTokens = new[] { a.Token! };
        var ledger = new CleanupLedger();
        var mass = new List<MassAssignmentProbe>();
        string? massSkip = null;
        var lists = new List<ListWalk>();
        try
        {
            var walk = await WalkAsync(a, options.ForeignEmpresaId, ct).ConfigureAwait(false);
            lists.Add(walk);
            answers.AddRange(walk.Pages);
            if (options.SuiteReadOnly) massSkip = "readOnly=true: no mutating request is sent";
            else mass.AddRange(await MassAssignmentAsync(a, ledger, answers, ct).ConfigureAwait(false));
            foreach (var op in SweepOperations())
                answers.Add(await Send(a, "GET", op.Path, null, ct).ConfigureAwait(false));
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(target.RequestTimeout * (3 * ledger.Resources.Count + 1));
            var runner = new CleanupRunner(client.SendAsync, (method, url) => new ExchangeRequest(method, url, [a.Header], null, null),
                CleanupBounds.Default with { RetryDelay = TimeSpan.FromMilliseconds(200) });
            foreach (var result in await runner.RunAsync(ledger, cleanup.Token).ConfigureAwait(false))
                notes.Add($"resource {result.Resource.Id} (created by {result.Resource.CreatedBy}): {(result.Gone ? "deleted" : "NOT deleted")}; {result.Verification}.");
        }
        return new DataProbeRun(mass, massSkip, lists, answers, ownTokens, notes);
    }

    /// <summary>Pages 1, 2, … of the empresa's list until an empty or short page (the last), at most inventoryMaxPages pages.</summary>
    private async Task<ListWalk> WalkAsync(AuthResult auth, int empresaId, CancellationToken ct)
    {
        var data = options.DataChecks;
        var pages = new List<HttpExchange>();
        int? firstSize = null;
        for (var page = 1; page <= data.ListMaxPages; page++)
        {
            var exchange = await Send(auth, "GET", options.Routes.List(empresaId) + "&" + data.Page(page), null, ct).ConfigureAwait(false);
            pages.Add(exchange);
            if (exchange.Status is not (>= 200 and < 300) || JsonValues.Items(JsonValues.Parse(exchange.Response!.Body)) is not { } items)
                return new ListWalk(Operation, empresaId, pages, true, data.ListMaxPages);
            firstSize ??= items.Count;
            if (items.Count == 0 || items.Count < firstSize) return new ListWalk(Operation, empresaId, pages, true, data.ListMaxPages);
        }
        return new ListWalk(Operation, empresaId, pages, false, data.ListMaxPages);
    }

    private string Operation => $"GET {options.Routes.CollectionPath}?{options.Routes.ListQuery}&{options.DataChecks.ListPaging}";

    private async Task<List<MassAssignmentProbe>> MassAssignmentAsync(AuthResult auth, CleanupLedger ledger, List<HttpExchange> answers, CancellationToken ct)
    {
        var routes = options.Routes;
        var plain = routes.Body(options.OwnEmpresaId, options.RunId);
        var fields = ServerFields.For(contract, routes, options.DataChecks.ServerFields, (JsonObject)JsonNode.Parse(plain)!);
        if (fields.Count == 0) return [];
        var withFields = With(plain, fields);
        // The item's fields sit where its id sits (the id pointer's parent: "" for /id, /data for /data/id).
        var itemPointer = routes.IdPointer[..routes.IdPointer.LastIndexOf('/')];
        var probes = new List<MassAssignmentProbe>();

        var create = await Send(auth, "POST", routes.CollectionPath, withFields, ct).ConfigureAwait(false);
        answers.Add(create);
        var createdId = Track(ledger, create, "mass assignment, create");
        probes.Add(new($"POST {routes.CollectionPath}", AuthzAction.Create, fields, create, await ReadBackAsync(auth, createdId, answers, ct).ConfigureAwait(false), itemPointer));

        // The update needs a resource of its own, created without the injected fields.
        var clean = await Send(auth, "POST", routes.CollectionPath, plain, ct).ConfigureAwait(false);
        if (Track(ledger, clean, "mass assignment, update target") is not { } id) return probes;
        var update = await Send(auth, "PUT", routes.Item(id), withFields, ct).ConfigureAwait(false);
        answers.Add(update);
        Track(ledger, update, "mass assignment, update");
        probes.Add(new($"PUT {routes.ItemPath}", AuthzAction.Update, fields, update, await ReadBackAsync(auth, id, answers, ct).ConfigureAwait(false), itemPointer));
        return probes;
    }

    private static string With(string body, IReadOnlyList<ServerField> fields)
    {
        var node = (JsonObject)JsonNode.Parse(body)!;
        foreach (var f in fields) node[f.Name] = f.Injected.DeepClone();
        return node.ToJsonString();
    }

    private async Task<HttpExchange?> ReadBackAsync(AuthResult auth, string? id, List<HttpExchange> answers, CancellationToken ct)
    {
        if (id is null) return null;
        var read = await Send(auth, "GET", options.Routes.Item(id), null, ct).ConfigureAwait(false);
        answers.Add(read);
        return read;
    }

    /// <summary>Registers the resource a 2xx write answer names (its id at the id pointer); the id, or null.</summary>
    private string? Track(CleanupLedger ledger, HttpExchange write, string purpose)
    {
        if (write.Status is not (>= 200 and < 300) || JsonValues.At(JsonValues.Parse(write.Response!.Body), options.Routes.IdPointer) is not { } id) return null;
        ledger.Register(new TrackedResource(AuthzChecks.Gate, write.Request.Method, write.Request.Url.AbsolutePath, purpose, options.Routes.CollectionPath,
            id, target.Api(options.Routes.Item(id)), options.RunId));
        return id;
    }

    /// <summary>Every GET operation of the contract with no path or required query parameter, except the contract document itself.</summary>
    private IEnumerable<ContractOperation> SweepOperations()
    {
        if (contract is null) return [];
        var contractPath = Uri.TryCreate(target.ContractSource, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal) ? u.AbsolutePath : null;
        return contract.Operations.Where(o => o.Method == "GET" && !o.Path.Contains('{') && o.Path != contractPath
                                              && !o.Parameters.Any(p => p.Required && p.Place != ParameterPlace.Header));
    }

    private Task<HttpExchange> Send(AuthResult auth, string method, string path, string? body, CancellationToken ct) =>
        client.SendAsync(new ExchangeRequest(method, target.Api(path), [auth.Header], body, body is null ? null : "application/json"), ct);
}
