using Sirim.ReferenceTarget.Defects;
using Npgsql;
using Sirim.ReferenceTarget.Auth;
using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Api;

public sealed record Empresa(int Id, string Nombre, string Rnc);

/// <summary>A list answer wrapped in an object (alt profile): the items and the paging information.</summary>
public sealed record ListEnvelope<T>(IReadOnlyList<T> Data, ListMeta Meta);

/// <summary>Paging information of a wrapped list, the same as the standard gasto page carries.</summary>
public sealed record ListMeta(long Total, int Page, int PageSize);

/// <summary>The empresas (companies) the caller may see, through the user_empresas mapping.</summary>
public static class EmpresaEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/empresas", List);
        api.MapGet("/empresas/{id:int}", Get);
    }

    private static async Task<IResult> List(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT e.id, e.nombre, e.rnc FROM empresas e JOIN user_empresas ue ON ue.empresa_id = e.id " +
            "WHERE ue.user_id = $1 ORDER BY e.id", conn);
        cmd.Parameters.Add(new() { Value = user.Id });
        var empresas = new List<Empresa>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) empresas.Add(new(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        // The whole list is one page: the wrapped answer says so.
        return http.RequestServices.GetRequiredService<Configuration.ReferenceTargetOptions>().Profile.WrappedLists
            ? TypedResults.Ok(new ListEnvelope<Empresa>(empresas, new ListMeta(empresas.Count, 1, empresas.Count)))
            : TypedResults.Ok(empresas);
    }

    private static async Task<IResult> Get(int id, HttpContext http, NpgsqlDataSource db, ActiveDefects defects, CancellationToken ct)
    {
        http.Items[RequestTelemetryMiddleware.EmpresaKey] = id;
        var user = CurrentUser.From(http.User);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT e.id, e.nombre, e.rnc FROM empresas e JOIN user_empresas ue ON ue.empresa_id = e.id " +
            "WHERE ue.user_id = $1 AND e.id = $2", conn);
        cmd.Parameters.Add(new() { Value = user.Id });
        cmd.Parameters.Add(new() { Value = id });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        // SEEDED DEFECT contracts_empresa_always_404: a visible empresa is reported as missing.
        if (defects.Is(DefectIds.EmpresaAlways404)) return Problems.Result(404, $"Empresa {id} does not exist or is not visible to you.");
        // SEEDED DEFECT contracts_empresa_missing_field: the answer loses its required field 'rnc'.
        if (defects.Is(DefectIds.EmpresaMissingRequiredField) && await reader.ReadAsync(ct))
            return TypedResults.Ok(new { id = reader.GetInt32(0), nombre = reader.GetString(1) });
        return await reader.ReadAsync(ct)
            ? TypedResults.Ok(new Empresa(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)))
            : Problems.Result(404, $"Empresa {id} does not exist or is not visible to you.");
    }

    public static async Task<bool> IsVisibleAsync(NpgsqlConnection conn, int userId, int empresaId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM user_empresas WHERE user_id = $1 AND empresa_id = $2)", conn);
        cmd.Parameters.Add(new() { Value = userId });
        cmd.Parameters.Add(new() { Value = empresaId });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
