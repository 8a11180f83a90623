using System.Globalization;
using System.Text.Json;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.E2E.Api;

/// <summary>An empresa as the API returns it.</summary>
public sealed record Empresa(long Id, string Nombre, string Rnc);

/// <summary>A gasto as the API returns it (the fields the flows compare).</summary>
public sealed record Gasto(long Id, long EmpresaId, string Fecha, string Concepto, decimal Monto, string Categoria, string? Referencia);

/// <summary>
/// The API side of the round-trip flows: reads what the UI wrote, writes what the UI must show, and removes every
/// record carrying the run's tag. Every call is captured as an <see cref="HttpExchange"/> so a failure can show it.
/// </summary>
public sealed class E2EApi(TargetOptions target, ExchangeClient client)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
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

    /// <summary>The name GET /api/me returns for the verification user (what the UI's header must show).</summary>
    public async Task<string> MyNameAsync(CancellationToken ct) =>
        Read<UserProfile>(await SendAsync("GET", "/api/me", null, ct).ConfigureAwait(false)).Name;

    public async Task<IReadOnlyList<Empresa>> EmpresasAsync(CancellationToken ct) =>
        Read<List<Empresa>>(await SendAsync("GET", "/api/empresas", null, ct).ConfigureAwait(false));

    public async Task<(HttpExchange Exchange, Gasto? Gasto)> GetGastoAsync(long id, CancellationToken ct)
    {
        var ex = await SendAsync("GET", $"/api/gastos/{id}", null, ct).ConfigureAwait(false);
        return (ex, ex.Status == 200 ? Read<Gasto>(ex) : null);
    }

    public async Task<Gasto> CreateGastoAsync(long empresaId, string concepto, decimal monto, CancellationToken ct)
    {
        var ex = await SendAsync("POST", "/api/gastos", new
        {
            empresaId, fecha = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            concepto, monto, categoria = "otros", referencia = (string?)null,
        }, ct).ConfigureAwait(false);
        if (ex.Status != 201) throw new E2EFlowException($"POST /api/gastos answered {ex.Status?.ToString() ?? "no response"} (expected 201): {Clip(ex.Response?.Body)}");
        return Read<Gasto>(ex);
    }

    /// <summary>Every gasto of <paramref name="empresaId"/> whose concepto carries <paramref name="tag"/> (bounded: 50 pages).</summary>
    public async Task<IReadOnlyList<Gasto>> FindTaggedAsync(long empresaId, string tag, CancellationToken ct)
    {
        var found = new List<Gasto>();
        for (var page = 1; page <= 50; page++)
        {
            var ex = await SendAsync("GET", $"/api/gastos?empresaId={empresaId}&page={page}&pageSize=100", null, ct).ConfigureAwait(false);
            if (ex.Status != 200) break;
            var list = Read<GastoPage>(ex);
            found.AddRange(list.Items.Where(g => g.Concepto.Contains(tag, StringComparison.Ordinal)));
            if (page * list.PageSize >= list.Total) break;
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
            var ex = await SendAsync("DELETE", $"/api/gastos/{gasto.Id}", null, ct).ConfigureAwait(false);
            if (ex.Status is 204 or 404) removed.Add(gasto.Id);
            else left.Add($"gasto {gasto.Id}: DELETE answered {ex.Status?.ToString() ?? "no response"}");
        }
        return new CleanupReport(removed, left);
    }

    private sealed record UserProfile(string Name);

    private sealed record GastoPage(List<Gasto> Items, int Page, int PageSize, int Total);

    private static T Read<T>(HttpExchange ex)
    {
        if (ex.Response is not { } r || r.Status >= 300)
            throw new E2EFlowException($"{ex.Subject} answered {ex.Status?.ToString() ?? "no response: " + ex.TransportError}: {Clip(ex.Response?.Body)}");
        try
        {
            return JsonSerializer.Deserialize<T>(r.Body, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new E2EFlowException($"{ex.Subject}: the body is not the expected JSON ({e.Message})");
        }
    }

    private static string Clip(string? s) => s is null ? "" : s.Length > 300 ? s[..300] + " …" : s;
}

/// <summary>What the cleanup of a run removed and what it could not remove (listed in the evidence).</summary>
public sealed record CleanupReport(IReadOnlyList<long> Removed, IReadOnlyList<string> Left);
