using Npgsql;
using Sirim.ReferenceTarget.Auth;
using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Api;

public sealed record UserSummary(int Id, string Email, string Name, string Role, string AuthMethod);

/// <summary>SEEDED DEFECT users_list_exposes_password_hash: the users table's row as mapped, hash included.</summary>
public sealed record UserRow(int Id, string Email, string Name, string Role, string AuthMethod, string? PasswordHash);

/// <summary>User administration: the list of users, for role admin only.</summary>
public static class UserEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapGet("/users", List);

    private static async Task<IResult> List(HttpContext http, NpgsqlDataSource db, Defects.ActiveDefects defects, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (user.Role != "admin") return Problems.Result(403, $"Only role 'admin' may list users; your role is '{user.Role}'.");
        await using var conn = await db.OpenConnectionAsync(ct);
        // SEEDED DEFECT users_list_exposes_password_hash: the list answers the mapped table rows instead of the summary,
        // so every user's stored password hash goes out with it.
        if (defects.Is(Defects.DefectIds.UsersListExposesPasswordHash))
        {
            await using var all = new NpgsqlCommand("SELECT id, email, name, role, auth_method, password_hash FROM users ORDER BY id", conn);
            var rows = new List<UserRow>();
            await using var r = await all.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add(new(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
            return TypedResults.Ok(rows);
        }
        await using var cmd = new NpgsqlCommand("SELECT id, email, name, role, auth_method FROM users ORDER BY id", conn);
        var users = new List<UserSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            users.Add(new(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return TypedResults.Ok(users);
    }
}
