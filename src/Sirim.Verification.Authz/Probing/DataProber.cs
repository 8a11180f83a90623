using System.Text.Json.Nodes;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Probing;

/// <summary>
/// The I/O of the data checks, as the verification user: walks the foreign empresa's list page by page, sends a create
/// and an update whose bodies carry server-controlled fields and reads the resource back (skipped in read-only mode),
/// and reads every GET operation of the contract that needs no parameter, so that every JSON answer the gate got can be
/// searched for secrets. What it creates is registered in the run's <see cref="AuthzCleanup"/>, which deletes it (and
/// reads it back gone) after the probes, also after a failure.
/// </summary>
public sealed class DataProber(TargetOptions target, AuthzOptions options, ExchangeClient client, ContractDocument? contract, AuthzCleanup cleanup)
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
        var mass = new List<MassAssignmentProbe>();
        string? massSkip = null;
        var lists = new List<ListWalk>();
        var walk = await new ListWalker(target, options, client).WalkAsync(a, options.ForeignEmpresaId, ct).ConfigureAwait(false);
        lists.Add(walk);
        answers.AddRange(walk.Pages);
        if (options.SuiteReadOnly) massSkip = "readOnly=true: no mutating request is sent";
        else mass.AddRange(await MassAssignmentAsync(a, answers, ct).ConfigureAwait(false));
        foreach (var op in SweepOperations())
            answers.Add(await Send(a, "GET", op.Path, null, ct).ConfigureAwait(false));
        return new DataProbeRun(mass, massSkip, lists, answers, ownTokens, notes);
    }

    private async Task<List<MassAssignmentProbe>> MassAssignmentAsync(AuthResult auth, List<HttpExchange> answers, CancellationToken ct)
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
        var createdId = cleanup.Track(create, "mass assignment, create");
        probes.Add(new($"POST {routes.CollectionPath}", AuthzAction.Create, fields, create, await ReadBackAsync(auth, createdId, answers, ct).ConfigureAwait(false), itemPointer));

        // The update needs a resource of its own, created without the injected fields.
        var clean = await Send(auth, "POST", routes.CollectionPath, plain, ct).ConfigureAwait(false);
        if (cleanup.Track(clean, "mass assignment, update target") is not { } id) return probes;
        var update = await Send(auth, "PUT", routes.Item(id), withFields, ct).ConfigureAwait(false);
        answers.Add(update);
        cleanup.Track(update, "mass assignment, update");
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
