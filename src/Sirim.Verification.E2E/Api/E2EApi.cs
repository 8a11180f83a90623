using System.Globalization;
using System.Text.Json;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Api;

/// <summary>An empresa as the API returns it.</summary>
public sealed record Empresa(long Id, string Nombre, string Rnc);

/// <summary>A gasto as the API returns it (the fields the flows compare).</summary>
public sealed record Gasto(long Id, long EmpresaId, string Fecha, string Concepto, decimal Monto, string Categoria, string? Referencia);

/// <summary>
/// The API side of the round-trip flows: reads what the UI wrote, writes what the UI must show, and accounts for what
/// the flow created through the Core cleanup: a gasto created through the API is registered in <see cref="Ledger"/>
/// from its answer; one created through the frontend is registered when the flow reads its id off the page, or found by
/// the run's tag in the gastos lists (the inventory). Routes and the places it reads in the answers come from the page
/// map (<see cref="ApiRoutes"/>). Every call is captured as an <see cref="HttpExchange"/> so a failure can show it.
/// </summary>
/// <param name="flow">The flow (or other caller) whose requests these are, named as the creator in the cleanup's evidence.</param>
/// <param name="tag">The run's data tag (what the flow's test data carries), recorded with each tracked gasto.</param>
public sealed class E2EApi(TargetOptions target, ExchangeClient client, ApiRoutes routes, string flow = "e2e", string tag = "")
{
    /// <summary>The collection the flows write to, as the cleanup's evidence names it (the create route's path).</summary>
    public string Gastos => ApiRoute.WithoutQuery(routes.GastoCreate.Path);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Page size of the cleanup's search through a gastos list, and its bound in pages.</summary>
    private const int SearchPageSize = 100, SearchMaxPages = 50;

    private string? _token;

    public List<HttpExchange> Exchanges { get; } = [];

    /// <summary>Every gasto this flow attempt created, with the request (or UI step) that created it.</summary>
    public CleanupLedger Ledger { get; } = new();

    public async Task<string> TokenAsync(CancellationToken ct)
    {
        if (_token is not null) return _token;
        var auth = await Authenticator.AuthenticateAsync(target, client, ct).ConfigureAwait(false);
        if (auth.Exchange is not null) Exchanges.Add(auth.Exchange);
        return _token = auth.Token ?? throw new E2EFlowException("API login for the round-trip checks failed: " + auth.Problem);
    }

    public async Task<HttpExchange> SendAsync(string method, string path, object? body, CancellationToken ct)
    {
        var token = await TokenAsync(ct).ConfigureAwait(false);
        var request = new ExchangeRequest(method, target.Api(path), [new HttpHeader("Authorization", "Bearer " + token)],
            body is null ? null : JsonSerializer.Serialize(body, Json), body is null ? null : "application/json");
        var exchange = await client.SendAsync(request, ct).ConfigureAwait(false);
        lock (Exchanges) Exchanges.Add(exchange);
        return exchange;
    }

    /// <summary>The name the "me" route returns for the verification user (what the UI's header must show).</summary>
    public async Task<string> MyNameAsync(CancellationToken ct) =>
        Read<string>(await SendAsync("GET", routes.Me.Fill(), null, ct).ConfigureAwait(false), routes.Me.NamePointer);

    public async Task<IReadOnlyList<Empresa>> EmpresasAsync(CancellationToken ct) =>
        Read<List<Empresa>>(await SendAsync("GET", routes.Empresas.Fill(), null, ct).ConfigureAwait(false), routes.Empresas.ItemsPointer);

    public async Task<(HttpExchange Exchange, Gasto? Gasto)> GetGastoAsync(long id, CancellationToken ct)
    {
        var ex = await SendAsync("GET", routes.GastoById.Fill(id), null, ct).ConfigureAwait(false);
        return (ex, ex.Status == 200 ? Read<Gasto>(ex, routes.GastoById.ItemPointer) : null);
    }

    public async Task<Gasto> CreateGastoAsync(long empresaId, string concepto, decimal monto, string categoria, CancellationToken ct)
    {
        var path = routes.GastoCreate.Fill(new Dictionary<string, string> { ["empresaId"] = empresaId.ToString(CultureInfo.InvariantCulture) });
        var ex = await SendAsync("POST", path, new
        {
            empresaId, fecha = DateTime.UtcNow.ToString(UiFormat.ApiDate, CultureInfo.InvariantCulture),
            concepto, monto, categoria, referencia = (string?)null,
        }, ct).ConfigureAwait(false);
        if (ex.Response is { Status: >= 200 and < 300 } created) Track(ex, created, path);
        if (ex.Status != 201) throw new E2EFlowException($"POST {path} answered {ex.Status?.ToString() ?? "no response"} (expected 201): {Clip(ex.Response?.Body)}");
        return Read<Gasto>(ex, routes.GastoCreate.ItemPointer);
    }

    /// <summary>
    /// Registers what a 2xx create answer made: its id at the page map's item pointer, else wherever <see cref="CreatedId"/>
    /// finds one (Location, the body or a wrapper); without an id it is registered as not deletable, never dropped.
    /// </summary>
    private void Track(HttpExchange ex, ExchangeResponse response, string path)
    {
        var pointer = routes.GastoCreate.ItemPointer.TrimEnd('/') + "/id";
        string? id = null;
        var how = $"'{pointer}' of its {response.Status} answer";
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            id = JsonPointers.Find(doc.RootElement, pointer) is { ValueKind: JsonValueKind.Number or JsonValueKind.String } at ? at.ToString() : null;
        }
        catch (JsonException) { }
        if (id is null && CreatedId.From(response, ex.Request.Url, Gastos, ["id"]) is { } found) (id, how) = (found.Id, found.Source + " of its answer");
        Ledger.Register(id is null
            ? new TrackedResource(E2EGate.Name, "POST", ApiRoute.WithoutQuery(path), flow, Gastos, null, null, tag, $"the {response.Status} answer carried no id")
            : Resource("POST", ApiRoute.WithoutQuery(path), flow, id, how));
    }

    /// <summary>Registers a gasto the flow created through the frontend, whose id it read off the page (<paramref name="how"/>).</summary>
    public void TrackCreatedInUi(long id, string how) =>
        Ledger.Register(Resource("POST", Gastos, flow + ", through the frontend", id.ToString(CultureInfo.InvariantCulture), how));

    /// <summary>
    /// Registers a gasto the frontend created, from the page's own 201 answer to the create route (id in its Location
    /// header or body), unless the flow already tracked it; answers of other routes are ignored.
    /// </summary>
    public void TrackCreatedByPage(Uri url, ExchangeResponse answer)
    {
        if (!ApiRoute.WithoutQuery(url.AbsolutePath).TrimEnd('/').EndsWith(Gastos.TrimEnd('/'), StringComparison.Ordinal)) return;
        if (CreatedId.From(answer, url, Gastos, ["id"]) is not { } found || Ledger.Contains(Gastos, found.Id)) return;
        Ledger.Register(Resource("POST", Gastos, flow + ", through the frontend", found.Id,
            $"the {found.Source} of the page's {answer.Status} answer to POST {Gastos} (the flow stopped before reading its id on the page)"));
    }

    private TrackedResource Resource(string method, string path, string createdBy, string id, string foundBy)
    {
        var n = long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0;
        return new TrackedResource(E2EGate.Name, method, path, createdBy, Gastos, id, target.Api(routes.GastoDelete.Fill(n)), tag,
            ReadBackUrl: target.Api(routes.GastoById.Fill(n)), FoundBy: foundBy);
    }

    /// <summary>
    /// The inventory of the gastos collection: every gasto of every visible empresa, with the texts that carry the run's
    /// tag. Pages are read until the total (when the route names one) is reached or a page is empty, at most
    /// <see cref="SearchMaxPages"/> per empresa (then the snapshot is not complete). Never throws: a failure is the
    /// snapshot's problem.
    /// </summary>
    public async Task<InventorySnapshot> InventoryAsync(CancellationToken ct)
    {
        var route = routes.GastosByEmpresa;
        var listRequest = $"GET {route.Path} for each empresa of GET {routes.Empresas.Path}";
        try
        {
            var items = new List<InventoryEntry>();
            var complete = true;
            foreach (var empresa in await EmpresasAsync(ct).ConfigureAwait(false))
            {
                // A route without {page} answers the same list every time: one read is all there is. An unreadable page throws.
                var walk = await PageWalker.WalkAsync(async (page, token) =>
                {
                    var ex = await SendAsync("GET", route.Fill(new Dictionary<string, string>
                    {
                        ["empresaId"] = empresa.Id.ToString(CultureInfo.InvariantCulture), ["page"] = page.ToString(CultureInfo.InvariantCulture),
                        ["pageSize"] = SearchPageSize.ToString(CultureInfo.InvariantCulture),
                    }), null, token).ConfigureAwait(false);
                    var gastos = Read<List<Gasto>>(ex, route.ItemsPointer);
                    return new ListPage(gastos.Select(g => new InventoryEntry(g.Id.ToString(CultureInfo.InvariantCulture),
                        new[] { g.Concepto, g.Categoria, g.Referencia }.OfType<string>().ToList())).ToList(),
                        route.TotalPointer is { } pointer ? Total(ex, pointer) : null);
                }, route.Path.Contains("{page}", StringComparison.Ordinal), SearchMaxPages, ct, new PageStops(WhenNothingNew: false)).ConfigureAwait(false);
                items.AddRange(walk.Items);
                complete &= walk.Complete;
            }
            return new InventorySnapshot(Gastos, listRequest, items, complete);
        }
        catch (E2EFlowException e)
        {
            return InventorySnapshot.Failed(Gastos, listRequest, e.Message);
        }
    }

    /// <summary>
    /// The Core cleanup of this flow attempt: gastos carrying the run's tag that the inventory finds and the
    /// ledger does not know (created through the frontend, their id never read) are registered as found by the tag;
    /// then every tracked gasto is deleted and read back (<see cref="CleanupRunner"/>, at most
    /// <paramref name="maxAttempts"/> times), and the inventory taken <paramref name="before"/> the flow is compared with
    /// one taken after. Never throws: a cleanup that cannot run is reported as what it could not verify.
    /// </summary>
    public async Task<CleanupAccount> CleanUpAsync(InventorySnapshot before, int maxAttempts, CancellationToken ct)
    {
        ExchangeRequest RequestFor(string method, Uri url) =>
            new(method, url, _token is null ? [] : [new HttpHeader("Authorization", "Bearer " + _token)]);
        try
        {
            await TokenAsync(ct).ConfigureAwait(false);
        }
        catch (E2EFlowException e)
        {
            return new CleanupAccount(E2EGate.Name, tag, [], [new Leftover(Gastos, "(unknown)", null, "the cleanup could not log in, so nothing the flow created was removed or checked: " + e.Message, false)],
                [], RequestFor, false);
        }
        var found = await InventoryAsync(ct).ConfigureAwait(false);
        foreach (var item in found.Items.Where(i => i.Texts.Any(t => t.Contains(tag, StringComparison.Ordinal)) && !Ledger.Contains(Gastos, i.Id)))
            Ledger.Register(Resource("POST", Gastos, flow + ", through the frontend", item.Id, $"the run tag in {found.ListRequest} (its id was not read in the flow)"));
        var runner = new CleanupRunner(async (r, c) =>
        {
            var e = await client.SendAsync(r, c).ConfigureAwait(false);
            lock (Exchanges) Exchanges.Add(e);
            return e;
        }, RequestFor, new CleanupBounds(maxAttempts, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60)));
        var results = await runner.RunAsync(Ledger, ct).ConfigureAwait(false);
        var after = await InventoryAsync(ct).ConfigureAwait(false);
        var leftovers = Inventory.Compare(before, after, tag, Ledger, id => long.TryParse(id, out var n) ? target.Api(routes.GastoDelete.Fill(n)) : null);
        var confirms = before.Problem is null && after.Problem is null && after.Complete;
        var note = after.Problem is not null
            ? $"{Gastos}: could not be listed after the cleanup: {after.Problem}."
            : $"{Gastos}: {after.ListRequest} listed {before.Items.Count} gasto(s) before the flow{(before.Problem is null ? "" : $" (failed: {before.Problem})")} " +
              $"and {after.Items.Count} after the cleanup{(after.Complete ? "" : $" (stopped at {SearchMaxPages} pages of an empresa: older gastos not compared)")}.";
        return new CleanupAccount(E2EGate.Name, tag, results, leftovers, [note], RequestFor, confirms);
    }

    /// <summary>The value at <paramref name="pointer"/> (JSON Pointer, "" = the whole body) of a successful answer.</summary>
    private static T Read<T>(HttpExchange ex, string pointer)
    {
        if (ex.Response is not { } r || r.Status >= 300)
            throw new E2EFlowException($"{ex.Subject} answered {ex.Status?.ToString() ?? "no response: " + ex.TransportError}: {Clip(ex.Response?.Body)}");
        try
        {
            using var doc = JsonDocument.Parse(r.Body);
            var at = JsonPointers.Find(doc.RootElement, pointer)
                     ?? throw new E2EFlowException($"{ex.Subject}: the body has nothing at '{pointer}' (the page map's pointer for this route): {Clip(r.Body)}");
            return at.Deserialize<T>(Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new E2EFlowException($"{ex.Subject}: the body{(pointer.Length == 0 ? "" : $" at '{pointer}'")} is not the expected JSON ({e.Message})");
        }
    }

    /// <summary>The total count at <paramref name="pointer"/>, or null when the answer has no whole number there.</summary>
    private static int? Total(HttpExchange ex, string pointer)
    {
        try
        {
            using var doc = JsonDocument.Parse(ex.Response!.Body);
            return JsonPointers.Find(doc.RootElement, pointer) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var t) ? t : null;
        }
        catch (JsonException) { return null; }
    }

    private static string Clip(string? s) => s is null ? "" : s.Length > 300 ? s[..300] + " …" : s;
}
