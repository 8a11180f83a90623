using System.Globalization;
using System.Text.Json;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Api;

/// <summary>An empresa as the API returns it.</summary>
public sealed record Empresa(long Id, string Nombre, string Rnc);

/// <summary>A gasto as the API returns it (the fields the flows compare).</summary>
public sealed record Gasto(long Id, long EmpresaId, string Fecha, string Concepto, decimal Monto, string Categoria, string? Referencia);

/// <summary>
/// The API side of the round-trip flows: reads what the UI wrote, writes what the UI must show, and removes every
/// record carrying the run's tag. Routes and the places it reads in the answers come from the page map
/// (<see cref="ApiRoutes"/>). Every call is captured as an <see cref="HttpExchange"/> so a failure can show it.
/// </summary>
public sealed class E2EApi(TargetOptions target, ExchangeClient client, ApiRoutes routes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Page size of the cleanup's search through a gastos list, and its bound in pages.</summary>
    private const int SearchPageSize = 100, SearchMaxPages = 50;

    private string? _token;

    public List<HttpExchange> Exchanges { get; } = [];

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
        if (ex.Status != 201) throw new E2EFlowException($"POST {path} answered {ex.Status?.ToString() ?? "no response"} (expected 201): {Clip(ex.Response?.Body)}");
        return Read<Gasto>(ex, routes.GastoCreate.ItemPointer);
    }

    /// <summary>
    /// Every gasto of <paramref name="empresaId"/> whose concepto carries <paramref name="tag"/>. Pages are read until
    /// the total (when the route names one) is reached or a page is empty; bounded to 50 pages.
    /// </summary>
    public async Task<IReadOnlyList<Gasto>> FindTaggedAsync(long empresaId, string tag, CancellationToken ct)
    {
        var found = new List<Gasto>();
        var seen = 0;
        var route = routes.GastosByEmpresa;
        for (var page = 1; page <= SearchMaxPages; page++)
        {
            var path = route.Fill(new Dictionary<string, string>
            {
                ["empresaId"] = empresaId.ToString(CultureInfo.InvariantCulture), ["page"] = page.ToString(CultureInfo.InvariantCulture),
                ["pageSize"] = SearchPageSize.ToString(CultureInfo.InvariantCulture),
            });
            var ex = await SendAsync("GET", path, null, ct).ConfigureAwait(false);
            if (ex.Status != 200) break;
            var items = Read<List<Gasto>>(ex, route.ItemsPointer);
            found.AddRange(items.Where(g => g.Concepto.Contains(tag, StringComparison.Ordinal)));
            seen += items.Count;
            var total = route.TotalPointer is { } pointer ? Total(ex, pointer) : null;
            // A route without {page} answers the same list every time: one read is all there is.
            if (items.Count == 0 || (total is { } t && seen >= t) || !route.Path.Contains("{page}", StringComparison.Ordinal)) break;
        }
        return found;
    }

    /// <summary>Deletes every record of this run (by tag) in every visible empresa; returns what it removed and what it could not.</summary>
    public async Task<CleanupReport> RemoveTaggedAsync(string tag, CancellationToken ct)
    {
        var removed = new List<long>();
        var left = new List<string>();
        foreach (var empresa in await EmpresasAsync(ct).ConfigureAwait(false))
        foreach (var gasto in await FindTaggedAsync(empresa.Id, tag, ct).ConfigureAwait(false))
        {
            var ex = await SendAsync("DELETE", routes.GastoDelete.Fill(gasto.Id), null, ct).ConfigureAwait(false);
            if (ex.Status is 204 or 404) removed.Add(gasto.Id);
            else left.Add($"gasto {gasto.Id}: DELETE answered {ex.Status?.ToString() ?? "no response"}");
        }
        return new CleanupReport(removed, left);
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

/// <summary>What the cleanup of a run removed and what it could not remove (listed in the evidence).</summary>
public sealed record CleanupReport(IReadOnlyList<long> Removed, IReadOnlyList<string> Left);
