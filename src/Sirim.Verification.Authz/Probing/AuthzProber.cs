using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Probing;

/// <summary>
/// The gate's I/O: logs in as both identities, lets the verification user create the resources the probes aim at
/// (tagged with the run id), sends the second identity's probes, reads the resources back as the verification user
/// and removes everything the run created. In read-only mode nothing is written: an existing resource of the foreign
/// empresa is only read, and the write probes are skipped with the reason.
/// </summary>
public sealed class AuthzProber(TargetOptions target, AuthzOptions options, ExchangeClient client)
{
    public const string VerificationUser = "verification user";
    private const string ReadOnlySkip = "readOnly=true: no mutating request is sent";

    public string SecondIdentity => $"{options.Username} ({options.Role})";

    public async Task<AuthzProbeRun> RunAsync(CancellationToken ct)
    {
        var a = await Authenticator.AuthenticateAsync(target, client, ct).ConfigureAwait(false);
        if (!a.Succeeded) return Setup($"the verification user could not log in: {a.Problem}", a.Exchange);
        var secondTarget = target with { Auth = target.Auth with { Username = options.Username, Password = options.Password, Token = null } };
        var b = await Authenticator.AuthenticateAsync(secondTarget, client, ct).ConfigureAwait(false);
        if (!b.Succeeded) return Setup($"the second identity could not log in: {b.Problem}", b.Exchange);

        var routes = options.Routes;
        var notes = new List<string>();
        var created = new List<(string Label, string Id)>();
        var resources = new List<ProbedResource>();
        try
        {
            // The resource of the foreign empresa: created by the verification user, or (read-only) one that exists.
            string? foreignId;
            if (options.SuiteReadOnly)
            {
                var list = await Send(a, "GET", routes.List(options.ForeignEmpresaId), null, ct).ConfigureAwait(false);
                foreignId = JsonValues.Items(JsonValues.Parse(list.Response?.Body))?.Select(i => JsonValues.At(i, routes.IdPointer)).FirstOrDefault(id => id is not null);
                if (list.Status is not (>= 200 and < 300))
                    return Setup($"the verification user could not list empresa {options.ForeignEmpresaId} (answered {list.Status?.ToString() ?? list.TransportError}); authzForeignEmpresaId must be an empresa it sees", list);
                if (foreignId is null) notes.Add($"read-only mode: empresa {options.ForeignEmpresaId} has no resource the verification user can list; the foreign read probe is skipped.");
            }
            else
            {
                var (id, exchange) = await CreateAsync(a, options.ForeignEmpresaId, ct).ConfigureAwait(false);
                if (id is null) return Setup($"the verification user could not create a resource in empresa {options.ForeignEmpresaId} ({Describe(exchange)}); authzForeignEmpresaId must be an empresa it sees and writes", exchange);
                created.Add(("foreign", id));
                foreignId = id;
            }
            string? ownId = null;
            if (options.IdentityReadOnly && !options.SuiteReadOnly)
            {
                var (id, exchange) = await CreateAsync(a, options.OwnEmpresaId, ct).ConfigureAwait(false);
                if (id is null) return Setup($"the verification user could not create a resource in empresa {options.OwnEmpresaId} ({Describe(exchange)}); authzOwnEmpresaId must be an empresa both identities see", exchange);
                created.Add(("own", id));
                ownId = id;
            }
            var before = new Dictionary<string, HttpExchange>();
            foreach (var (label, id) in new[] { ("foreign", foreignId), ("own", ownId) })
                if (id is not null) before[label] = await Send(a, "GET", routes.Item(id), null, ct).ConfigureAwait(false);

            var probes = new List<AuthzProbe>();
            var foreignTarget = $"the verification user's resource {foreignId} in empresa {options.ForeignEmpresaId}";
            probes.Add(foreignId is null
                ? Skipped(AuthzChecks.ForeignRead, "GET", routes.ItemPath, AuthzAction.Read, $"a resource of empresa {options.ForeignEmpresaId}", "no resource of the foreign empresa to read")
                : await Probe(b, AuthzChecks.ForeignRead, "GET", routes.ItemPath, routes.Item(foreignId), AuthzAction.Read, foreignTarget, null, ct).ConfigureAwait(false));
            probes.Add(await Probe(b, AuthzChecks.ForeignList, "GET", routes.CollectionPath + "?" + routes.ListQuery, routes.List(options.ForeignEmpresaId), AuthzAction.List,
                $"the list of empresa {options.ForeignEmpresaId}", null, ct).ConfigureAwait(false) with { ResourceId = foreignId });
            foreach (var (method, action) in new[] { ("PUT", AuthzAction.Update), ("DELETE", AuthzAction.Delete) })
                probes.Add(options.SuiteReadOnly || foreignId is null
                    ? Skipped(AuthzChecks.ForeignWrite, method, routes.ItemPath, action, foreignTarget, ReadOnlySkip)
                    : await Probe(b, AuthzChecks.ForeignWrite, method, routes.ItemPath, routes.Item(foreignId), action, foreignTarget,
                        action == AuthzAction.Update ? routes.Body(options.ForeignEmpresaId, options.RunId) : null, ct).ConfigureAwait(false));
            if (options.IdentityReadOnly)
            {
                var ownTarget = $"the verification user's resource {ownId} in empresa {options.OwnEmpresaId} (visible to both)";
                if (options.SuiteReadOnly)
                {
                    probes.Add(Skipped(AuthzChecks.ReadOnlyWrite, "POST", routes.CollectionPath, AuthzAction.Create, $"empresa {options.OwnEmpresaId}", ReadOnlySkip));
                    probes.Add(Skipped(AuthzChecks.ReadOnlyWrite, "PUT", routes.ItemPath, AuthzAction.Update, $"a resource of empresa {options.OwnEmpresaId}", ReadOnlySkip));
                    probes.Add(Skipped(AuthzChecks.ReadOnlyWrite, "DELETE", routes.ItemPath, AuthzAction.Delete, $"a resource of empresa {options.OwnEmpresaId}", ReadOnlySkip));
                }
                else
                {
                    var create = await Probe(b, AuthzChecks.ReadOnlyWrite, "POST", routes.CollectionPath, routes.CollectionPath, AuthzAction.Create,
                        $"empresa {options.OwnEmpresaId}", routes.Body(options.OwnEmpresaId, options.RunId), ct).ConfigureAwait(false);
                    probes.Add(create);
                    if (create.Exchange?.Status is >= 200 and < 300 && JsonValues.At(JsonValues.Parse(create.Exchange.Response!.Body), routes.IdPointer) is { } stray)
                        created.Add(("created by the second identity", stray));
                    probes.Add(await Probe(b, AuthzChecks.ReadOnlyWrite, "PUT", routes.ItemPath, routes.Item(ownId!), AuthzAction.Update, ownTarget,
                        routes.Body(options.OwnEmpresaId, options.RunId), ct).ConfigureAwait(false));
                    probes.Add(await Probe(b, AuthzChecks.ReadOnlyWrite, "DELETE", routes.ItemPath, routes.Item(ownId!), AuthzAction.Delete, ownTarget, null, ct).ConfigureAwait(false));
                }
            }

            foreach (var (label, id) in new[] { ("foreign", foreignId), ("own", ownId) })
            {
                if (id is null) continue;
                var after = await Send(a, "GET", routes.Item(id), null, ct).ConfigureAwait(false);
                resources.Add(new ProbedResource(label, id, label == "foreign" ? options.ForeignEmpresaId : options.OwnEmpresaId, before[label], after));
            }
            return new AuthzProbeRun(probes, resources, notes);
        }
        finally
        {
            // Everything the run created is removed by the verification user, also after a failure or a cancellation.
            using var cleanup = new CancellationTokenSource(target.RequestTimeout * (created.Count + 1));
            foreach (var (label, id) in created)
            {
                var deleted = await Send(a, "DELETE", routes.Item(id), null, cleanup.Token).ConfigureAwait(false);
                var outcome = deleted.Status is >= 200 and < 300 ? "deleted" : deleted.Status == 404 ? "already gone" : $"NOT deleted ({Describe(deleted)})";
                notes.Add(label == "created by the second identity"
                    ? $"the second identity created resource {id} although it must not write; the verification user removed it: {outcome}."
                    : $"resource {id} ({label} empresa, created by this run): {outcome}.");
            }
        }
    }

    private async Task<(string? Id, HttpExchange Exchange)> CreateAsync(AuthResult auth, int empresaId, CancellationToken ct)
    {
        var exchange = await Send(auth, "POST", options.Routes.CollectionPath, options.Routes.Body(empresaId, options.RunId), ct).ConfigureAwait(false);
        var id = exchange.Status is >= 200 and < 300 ? JsonValues.At(JsonValues.Parse(exchange.Response!.Body), options.Routes.IdPointer) : null;
        return (id, exchange);
    }

    private async Task<AuthzProbe> Probe(AuthResult auth, string checkId, string method, string template, string path, AuthzAction action,
        string what, string? body, CancellationToken ct) =>
        new(checkId, $"{method} {template}", SecondIdentity, action, what, await Send(auth, method, path, body, ct).ConfigureAwait(false),
            ResourceId: template == options.Routes.ItemPath ? ResourceIdOf(path) : null);

    /// <summary>The id in <paramref name="path"/> (a path built from the item route): the text where {id} stands.</summary>
    private string ResourceIdOf(string path)
    {
        var template = options.Routes.ItemPath;
        var at = template.IndexOf("{id}", StringComparison.Ordinal);
        var suffix = template[(at + 4)..];
        return Uri.UnescapeDataString(path[at..^suffix.Length]);
    }

    private AuthzProbe Skipped(string checkId, string method, string template, AuthzAction action, string what, string reason) =>
        new(checkId, $"{method} {template}", SecondIdentity, action, what, null, reason);

    private Task<HttpExchange> Send(AuthResult auth, string method, string path, string? body, CancellationToken ct) =>
        client.SendAsync(new ExchangeRequest(method, target.Api(path), [auth.Header], body, body is null ? null : "application/json"), ct);

    private static string Describe(HttpExchange e) => e.Response is { } r ? $"{r.Status} {r.Reason}" : $"no response: {e.TransportError}";

    private static AuthzProbeRun Setup(string problem, HttpExchange? exchange) => new([], [], [], problem, exchange);
}
