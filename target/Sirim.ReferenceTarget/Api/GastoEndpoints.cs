using System.Globalization;
using Npgsql;
using Sirim.ReferenceTarget.Auth;
using Sirim.ReferenceTarget.Defects;
using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Api;

public sealed record Gasto(
    long Id, int EmpresaId, DateOnly Fecha, string Concepto, decimal Monto, string Categoria, string? Referencia,
    DateTime CreatedAt);

public sealed record GastoPage(IReadOnlyList<Gasto> Items, int Page, int PageSize, long Total);

/// <summary>
/// Gastos (expenses) of the empresas visible to the caller: a paged list per empresa, and create / read /
/// update / delete. A gasto of an empresa the caller cannot see is reported as missing (404), not forbidden,
/// so ids do not reveal other companies' data. Role <c>lector</c> reads only.
/// </summary>
public static class GastoEndpoints
{
    private const string Columns = "id, empresa_id, fecha, concepto, monto, categoria, referencia, created_at";

    // SEEDED DEFECT gastos_list_serialized: one lock for the whole process around the list (see List).
    private static readonly SemaphoreSlim ListLock = new(1, 1);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/gastos", List);
        api.MapPost("/gastos", Create);
        api.MapGet("/gastos/{id:long}", Get);
        api.MapPut("/gastos/{id:long}", Update);
        api.MapDelete("/gastos/{id:long}", Delete);
    }

    private static async Task<IResult> List(HttpContext http, NpgsqlDataSource db, ActiveDefects defects, CancellationToken ct)
    {
        var query = http.Request.Query;
        int empresaId;
        // SEEDED DEFECT gastos_500_on_bad_query: parse without validation, so a non-integer throws (→ 500).
        if (defects.Is(DefectIds.Gastos500OnBadQuery) && query.ContainsKey("empresaId"))
            empresaId = int.Parse(query["empresaId"].ToString(), CultureInfo.InvariantCulture);
        else if (!query.ContainsKey("empresaId"))
            return BadQuery(defects, "Query parameter 'empresaId' is required (an integer id of a visible empresa).");
        else if (!TryInt(query["empresaId"], out empresaId))
            return BadQuery(defects, "Query parameter 'empresaId' must be an integer.");

        var page = 1;
        // SEEDED DEFECT contracts_gastos_page_unbounded: a page below 1 is served as page 1 instead of refused.
        if (defects.Is(DefectIds.GastosPageUnbounded) && TryInt(query["page"], out var asked) && asked < 1) page = 1;
        else if (query.ContainsKey("page") && (!TryInt(query["page"], out page) || page < 1))
            return BadQuery(defects, "Query parameter 'page' must be an integer >= 1.");
        var pageSize = 20;
        if (query.ContainsKey("pageSize") && (!TryInt(query["pageSize"], out pageSize) || pageSize is < 1 or > 100))
            return BadQuery(defects, "Query parameter 'pageSize' must be an integer from 1 to 100.");
        var search = query["q"].ToString();
        if (search.Length > SearchMaxLength)
            return BadQuery(defects, $"Query parameter 'q' must be at most {SearchMaxLength} characters.");
        if (search.Contains('\0')) return BadQuery(defects, "Query parameter 'q' must not contain NUL characters.");

        http.Items[RequestTelemetryMiddleware.EmpresaKey] = empresaId;
        // SEEDED DEFECT gastos_5pct_errors: exactly 1 in 20 list requests fails with a 500.
        if (defects.IsEveryNth(DefectIds.Gastos5PctErrors, 20))
            return Problems.Result(500, "Unexpected error while listing gastos.");
        var user = CurrentUser.From(http.User);
        if (defects.Is(DefectIds.GastosListSerialized))
        {
            // SEEDED DEFECT gastos_list_serialized: a "cache refresh" of 100 ms under one process-wide lock on every
            // list request, so list requests are served one at a time (at most 10 per second) and queue under load.
            await ListLock.WaitAsync(ct);
            try { await Task.Delay(TimeSpan.FromMilliseconds(100), ct); }
            finally { ListLock.Release(); }
        }
        // SEEDED DEFECT gastos_list_holds_connection: a fire-and-forget audit of the list that holds its own pooled
        // connection for 10 s (longer than the pool timeout): harmless one request at a time, the pool runs dry under load.
        if (defects.Is(DefectIds.GastosListHoldsConnection)) _ = HoldConnectionForAuditAsync(db);
        await using var conn = await db.OpenConnectionAsync(ct);
        // SEEDED DEFECT gastos_list_ignores_empresa_mapping: the list trusts the empresaId of the query and never asks
        // whether the caller is mapped to that empresa.
        if (!defects.Is(DefectIds.GastosListIgnoresEmpresaMapping) && !await EmpresaEndpoints.IsVisibleAsync(conn, user.Id, empresaId, ct))
            return Problems.Result(403, $"Empresa {empresaId} is not visible to you.");
        if (defects.Is(DefectIds.SlowGastos))
        {
            // SEEDED DEFECT slow_gastos: a slow query (0.5 s) on every list request, holding its pooled connection.
            await using var slow = new NpgsqlCommand("SELECT pg_sleep(0.5)", conn);
            await slow.ExecuteNonQueryAsync(ct);
        }

        // SEEDED DEFECT gastos_list_filter_or_creator: a "my gastos" shortcut merged into the shared filter, so the list
        // (and its count) of one empresa also holds every gasto the caller created, in any empresa.
        var where = defects.Is(DefectIds.GastosListFilterOrCreator) ? "(empresa_id = {e} OR created_by = {u})" : "empresa_id = {e}";
        // The search: a case-insensitive substring of concepto or referencia, always passed as a parameter ({q}).
        var filter = "({q} = '' OR strpos(lower(concepto), lower({q})) > 0 OR strpos(lower(coalesce(referencia, '')), lower({q})) > 0)";
        // SEEDED DEFECT gastos_search_sql_concatenated: the search text is pasted into the SQL, so ' OR '1'='1 matches every
        // row; a search that does not parse is "found nothing" (the error is swallowed, so no 500 gives it away).
        if (defects.Is(DefectIds.GastosSearchSqlConcatenated) && search.Length > 0)
            filter = $"(concepto ILIKE '%{search}%' OR referencia ILIKE '%{search}%')";
        // SEEDED DEFECT gastos_search_quote_500: the search goes to to_tsquery as typed (a parameter, so not injectable),
        // and a quote, a space between words or a brace is a tsquery syntax error: 500.
        if (defects.Is(DefectIds.GastosSearchQuote500) && search.Length > 0)
            filter = "to_tsvector('simple', concepto || ' ' || coalesce(referencia, '')) @@ to_tsquery('simple', {q})";
        // SEEDED DEFECT gastos_total_counts_all_empresas: the count query lost its filters in a refactoring, so the list's
        // total is the number of gastos of every empresa.
        var countWhere = defects.Is(DefectIds.GastosTotalCountsAllEmpresas) ? "{e}::int IS NOT NULL" : $"{where} AND {filter}";
        // SEEDED DEFECT gastos_page_offset_off_by_one: pages after the first start one row early, so the last gasto of a
        // page is repeated as the first of the next.
        var offset = (long)(page - 1) * pageSize - (defects.Is(DefectIds.GastosPageOffsetOffByOne) && page > 1 ? 1 : 0);

        long total;
        var items = new List<Gasto>();
        try
        {
            await using (var count = Command(conn, $"SELECT count(*) FROM gastos WHERE {countWhere}", empresaId, user.Id, search))
                total = (long)(await count.ExecuteScalarAsync(ct))!;

            await using (var cmd = Command(conn, $"SELECT {Columns} FROM gastos WHERE {where} AND {filter} ORDER BY fecha DESC, id DESC LIMIT {pageSize} OFFSET {offset}",
                             empresaId, user.Id, search))
            {
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) items.Add(Read(reader));
            }
        }
        catch (PostgresException) when (defects.Is(DefectIds.GastosSearchSqlConcatenated) && search.Length > 0)
        {
            (total, items) = (0, []);
        }
        return http.RequestServices.GetRequiredService<Configuration.ReferenceTargetOptions>().Profile.WrappedLists
            ? TypedResults.Ok(new ListEnvelope<Gasto>(items, new ListMeta(total, page, pageSize)))
            : TypedResults.Ok(new GastoPage(items, page, pageSize, total));
    }

    /// <summary>
    /// A list query with its placeholders ({e} empresa, {u} caller, {q} search) turned into positional parameters, only
    /// those the text uses (page size and offset are integers the handler parsed, written inline).
    /// </summary>
    private static NpgsqlCommand Command(NpgsqlConnection conn, string sql, int empresaId, int userId, string search)
    {
        var cmd = new NpgsqlCommand { Connection = conn };
        foreach (var (name, value) in new (string, object)[] { ("{e}", empresaId), ("{u}", userId), ("{q}", search) })
        {
            if (!sql.Contains(name, StringComparison.Ordinal)) continue;
            cmd.Parameters.Add(new() { Value = value });
            sql = sql.Replace(name, "$" + cmd.Parameters.Count, StringComparison.Ordinal);
        }
        cmd.CommandText = sql;
        return cmd;
    }

    /// <summary>SEEDED DEFECT gastos_list_holds_connection: takes a pooled connection and gives it back only 10 s later.</summary>
    private static async Task HoldConnectionForAuditAsync(NpgsqlDataSource db)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            // The audit is best effort: when the pool is already dry it gives up silently (as such code does).
        }
    }

    // SEEDED DEFECT contracts_error_other_shape: the list's 400s in an ad-hoc JSON shape instead of problem details.
    /// <summary>The documented maxLength of the list's search parameter q.</summary>
    public const int SearchMaxLength = 100;

    private static IResult BadQuery(ActiveDefects defects, string detail) => defects.Is(DefectIds.ErrorOtherShape)
        ? Results.Json(new { error = detail, code = 400 }, statusCode: 400)
        : Problems.Result(400, detail);

    private static async Task<IResult> Get(long id, HttpContext http, NpgsqlDataSource db, ActiveDefects defects, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var conn = await db.OpenConnectionAsync(ct);
        // SEEDED DEFECT gasto_get_skips_empresa_check: the single-gasto read goes by id alone (the lookup was moved to a
        // shared by-id query without the user_empresas join), so any signed-in user reads any empresa's gasto.
        var gasto = defects.Is(DefectIds.GastoGetSkipsEmpresaCheck) ? await FindAnyAsync(conn, id, ct) : await FindVisibleAsync(conn, user.Id, id, ct);
        if (gasto is null) return NotFound(id);
        http.Items[RequestTelemetryMiddleware.EmpresaKey] = gasto.EmpresaId;
        return TypedResults.Ok(gasto);
    }

    private static async Task<IResult> Create(HttpContext http, NpgsqlDataSource db, ActiveDefects defects, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (!CanWrite(user, defects)) return ReadOnly(user);
        // SEEDED DEFECT gasto_accepts_wrong_type_and_stores: wrong-typed values are replaced by defaults instead of refused.
        int? lenientEmpresaId = defects.Is(DefectIds.GastoAcceptsWrongTypeAndStores) ? await FirstVisibleEmpresaAsync(db, user.Id, ct) : null;
        if (defects.Is(DefectIds.GastoCreateBindsCreatedAt)) http.Request.EnableBuffering();
        var (input, problem) = await ReadInputAsync(http, ct, lenientEmpresaId);
        if (problem is not null) return problem;

        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await EmpresaEndpoints.IsVisibleAsync(conn, user.Id, input!.EmpresaId, ct))
            return Problems.Result(403, $"Empresa {input.EmpresaId} is not visible to you.");

        // SEEDED DEFECT gasto_create_binds_created_at: an import path for backdated gastos takes createdAt from the body
        // when it is there, so any client sets the server's own timestamp.
        var createdAt = defects.Is(DefectIds.GastoCreateBindsCreatedAt) ? await CreatedAtFromBodyAsync(http, ct) : null;
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO gastos (empresa_id, fecha, concepto, monto, categoria, referencia, created_by, created_at) " +
            $"VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, now())) RETURNING {Columns}", conn);
        AddInput(cmd, input);
        cmd.Parameters.Add(new() { Value = user.Id });
        cmd.Parameters.Add(new() { Value = (object?)createdAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var gasto = Read(reader);
        // SEEDED DEFECT gasto_create_wraps_id: the new gasto wrapped in {"data": ...}, without a Location header.
        if (defects.Is(DefectIds.GastoCreateWrapsId)) return Results.Json(new { data = gasto }, statusCode: 201);
        return TypedResults.Created($"/api/gastos/{gasto.Id}", gasto);
    }

    private static async Task<IResult> Update(long id, HttpContext http, NpgsqlDataSource db, ActiveDefects defects, CancellationToken ct)
    {
        // SEEDED DEFECT gasto_update_500: the route the UI's edit form needs fails on the server.
        if (defects.Is(DefectIds.GastoUpdate500)) return Problems.Result(500);
        var user = CurrentUser.From(http.User);
        if (!CanWrite(user, defects)) return ReadOnly(user);
        var (input, problem) = await ReadInputAsync(http, ct);
        if (problem is not null) return problem;

        await using var conn = await db.OpenConnectionAsync(ct);
        if (await FindVisibleAsync(conn, user.Id, id, ct) is null) return NotFound(id);
        if (!await EmpresaEndpoints.IsVisibleAsync(conn, user.Id, input!.EmpresaId, ct))
            return Problems.Result(403, $"Empresa {input.EmpresaId} is not visible to you.");

        await using var cmd = new NpgsqlCommand(
            "UPDATE gastos SET empresa_id = $1, fecha = $2, concepto = $3, monto = $4, categoria = $5, referencia = $6 " +
            $"WHERE id = $7 RETURNING {Columns}", conn);
        AddInput(cmd, input);
        cmd.Parameters.Add(new() { Value = id });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return NotFound(id); // deleted concurrently
        return TypedResults.Ok(Read(reader));
    }

    private static async Task<IResult> Delete(long id, HttpContext http, NpgsqlDataSource db, ActiveDefects defects, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        // SEEDED DEFECT gasto_delete_skips_owner_check: a plain delete by id that lost the role check and the
        // user_empresas join, so any signed-in user deletes any gasto.
        var skipsOwnerCheck = defects.Is(DefectIds.GastoDeleteSkipsOwnerCheck);
        if (!skipsOwnerCheck && !CanWrite(user, defects)) return ReadOnly(user);
        await using var conn = await db.OpenConnectionAsync(ct);
        // SEEDED DEFECT gasto_delete_not_committed: the delete runs in a transaction that is never committed; disposing
        // it rolls the delete back, yet the answer below is 204 as if the gasto were gone.
        await using var uncommitted = defects.Is(DefectIds.GastoDeleteNotCommitted) ? await conn.BeginTransactionAsync(ct) : null;
        await using var cmd = new NpgsqlCommand(skipsOwnerCheck
            ? "DELETE FROM gastos WHERE id = $1 RETURNING empresa_id"
            : "DELETE FROM gastos g USING user_empresas ue " +
              "WHERE g.id = $1 AND ue.empresa_id = g.empresa_id AND ue.user_id = $2 RETURNING g.empresa_id", conn, uncommitted);
        cmd.Parameters.Add(new() { Value = id });
        if (!skipsOwnerCheck) cmd.Parameters.Add(new() { Value = user.Id });
        if (await cmd.ExecuteScalarAsync(ct) is not int empresaId) return NotFound(id);
        http.Items[RequestTelemetryMiddleware.EmpresaKey] = empresaId;
        return TypedResults.NoContent();
    }

    private static async Task<(GastoInput? Input, IResult? Problem)> ReadInputAsync(HttpContext http, CancellationToken ct, int? lenientEmpresaId = null)
    {
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (body.Problem is not null) return (null, body.Problem);
        using var document = body.Document!;
        var outcome = GastoRules.Parse(document.RootElement);
        if (outcome.TypeErrors.Count > 0 && lenientEmpresaId is { } fallback)
            outcome = GastoRules.Parse(GastoRules.WithWrongTypesDefaulted(document.RootElement, fallback));
        if (outcome.TypeErrors.Count > 0)
            return (null, Problems.Result(400, "The request body has values of the wrong type: " +
                                               string.Join("; ", outcome.TypeErrors) + "."));
        if (outcome.FieldErrors.Count > 0) return (null, Problems.Validation(outcome.FieldErrors));
        http.Items[RequestTelemetryMiddleware.EmpresaKey] = outcome.Input!.EmpresaId;
        return (outcome.Input, null);
    }

    /// <summary>SEEDED DEFECT gasto_create_binds_created_at: the body's createdAt, when it is a timestamp (read again from the buffered body).</summary>
    private static async Task<DateTime?> CreatedAtFromBodyAsync(HttpContext http, CancellationToken ct)
    {
        http.Request.Body.Position = 0;
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        using var document = body.Document;
        return document is not null && document.RootElement.TryGetProperty("createdAt", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
               && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime
            : null;
    }

    /// <summary>SEEDED DEFECT gasto_accepts_wrong_type_and_stores: the empresa a wrong-typed empresaId falls back to.</summary>
    private static async Task<int> FirstVisibleEmpresaAsync(NpgsqlDataSource db, int userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT empresa_id FROM user_empresas WHERE user_id = $1 ORDER BY empresa_id LIMIT 1", conn);
        cmd.Parameters.Add(new() { Value = userId });
        return await cmd.ExecuteScalarAsync(ct) is int id ? id : 0;
    }

    private static async Task<Gasto?> FindAnyAsync(NpgsqlConnection conn, long id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "g." + c))} FROM gastos g WHERE g.id = $1", conn);
        cmd.Parameters.Add(new() { Value = id });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static async Task<Gasto?> FindVisibleAsync(NpgsqlConnection conn, int userId, long id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "g." + c))} FROM gastos g " +
            "JOIN user_empresas ue ON ue.empresa_id = g.empresa_id AND ue.user_id = $2 WHERE g.id = $1", conn);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = userId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static void AddInput(NpgsqlCommand cmd, GastoInput input)
    {
        cmd.Parameters.Add(new() { Value = input.EmpresaId });
        cmd.Parameters.Add(new() { Value = input.Fecha });
        cmd.Parameters.Add(new() { Value = input.Concepto });
        cmd.Parameters.Add(new() { Value = input.Monto });
        cmd.Parameters.Add(new() { Value = input.Categoria });
        cmd.Parameters.Add(new() { Value = (object?)input.Referencia ?? DBNull.Value });
    }

    private static Gasto Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetInt32(1), r.GetFieldValue<DateOnly>(2), r.GetString(3), r.GetDecimal(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.GetDateTime(7));

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues value, out int result)
    {
        result = 0;
        return value.Count == 1
               && int.TryParse(value[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>
    /// Whether the caller's role may change gastos (admin, contador; lector reads only).
    /// SEEDED DEFECT lector_can_write_gastos: the role is compared with a capitalised name that is never stored, so a
    /// lector passes.
    /// </summary>
    private static bool CanWrite(CurrentUser user, ActiveDefects defects) =>
        defects.Is(DefectIds.LectorCanWriteGastos) ? user.Role != "Lector" : user.CanWrite;

    private static IResult NotFound(long id) => Problems.Result(404, $"Gasto {id} does not exist or is not visible to you.");

    private static IResult ReadOnly(CurrentUser user) =>
        Problems.Result(403, $"Role '{user.Role}' can read gastos but not create, change or delete them.");
}
