using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Probing;

/// <summary>
/// The gate's I/O: logs in as both identities, lets the verification user create the resources the probes aim at
/// (tagged with the run id), sends the second identity's probes and reads the resources back as the verification user.
/// Every resource a 2xx answer to one of its writes names (its own creates, and a write of the second identity that was
/// wrongly accepted) is registered in the run's <see cref="AuthzCleanup"/>, which removes it afterwards. In read-only
/// mode nothing is written: an existing resource of the foreign empresa is only read, and the write probes are skipped
/// with the reason.
/// </summary>
public sealed class AuthzProber(TargetOptions target, AuthzOptions options, ExchangeClient client, AuthzCleanup cleanup)
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
        var resources = new List<ProbedResource>();
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
            var (id, exchange) = await CreateAsync(a, options.ForeignEmpresaId, "resource of the foreign empresa", ct).ConfigureAwait(false);
            if (id is null) return Setup($"the verification user could not create a resource in empresa {options.ForeignEmpresaId} ({Describe(exchange)}); authzForeignEmpresaId must be an empresa it sees and writes", exchange);
            foreignId = id;
        }
        string? ownId = null;
        if (options.IdentityReadOnly && !options.SuiteReadOnly)
        {
            var (id, exchange) = await CreateAsync(a, options.OwnEmpresaId, "resource of the empresa both see", ct).ConfigureAwait(false);
            if (id is null) return Setup($"the verification user could not create a resource in empresa {options.OwnEmpresaId} ({Describe(exchange)}); authzOwnEmpresaId must be an empresa both identities see", exchange);
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

    private async Task<(string? Id, HttpExchange Exchange)> CreateAsync(AuthResult auth, int empresaId, string purpose, CancellationToken ct)
    {
        var exchange = await Send(auth, "POST", options.Routes.CollectionPath, options.Routes.Body(empresaId, options.RunId), ct).ConfigureAwait(false);
        return (cleanup.Track(exchange, purpose), exchange);
    }

    /// <summary>A probe's request; a write that is answered 2xx (wrongly accepted) is registered for the cleanup with the request that made it.</summary>
    private async Task<AuthzProbe> Probe(AuthResult auth, string checkId, string method, string template, string path, AuthzAction action,
        string what, string? body, CancellationToken ct)
    {
        var probe = new AuthzProbe(checkId, $"{method} {template}", SecondIdentity, action, what, await Send(auth, method, path, body, ct).ConfigureAwait(false),
            ResourceId: template == options.Routes.ItemPath ? ResourceIdOf(path) : null);
        if (probe.IsWrite) cleanup.Track(probe.Exchange!, Accepted(probe));
        return probe;
    }

    private static string Accepted(AuthzProbe probe) => $"{probe.CheckId} probe as {probe.Identity}, wrongly accepted";

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
