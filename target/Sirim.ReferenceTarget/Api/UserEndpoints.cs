using Npgsql;
using Sirim.ReferenceTarget.Auth;
using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Api;

public sealed record UserSummary(int Id, string Email, string Name, string Role, string AuthMethod);

/// <summary>User administration: the list of users, for role admin only.</summary>
public static class UserEndpoints
{
    public static void Map(RouteGroupBuilder api) => api.MapGet("/users", List);

    private static async Task<IResult> List(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (user.Role != "admin") return Problems.Result(403, $"Only role 'admin' may list users; your role is '{user.Role}'.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, email, name, role, auth_method FROM users ORDER BY id", conn);
        var users = new List<UserSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            users.Add(new(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return TypedResults.Ok(users);
    }
}
