using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using Sirim.ReferenceTarget.Auth;
using Sirim.ReferenceTarget.Configuration;
using Sirim.ReferenceTarget.Data;
using Sirim.ReferenceTarget.Defects;
using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Api;

public sealed record UserProfile(int Id, string Email, string Name, string Role, string AuthMethod, IReadOnlyList<int> EmpresaIds);

public sealed record LoginResponse(string AccessToken, string TokenType, int ExpiresIn, UserProfile User);

/// <summary>The alt profile's login answer: <c>{"data":{"access_token","token_type","expires_in"}}</c>.</summary>
public sealed record SessionResponse(SessionToken Data);

public sealed record SessionToken(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>
/// Password login (JWT bearer tokens) and the current user's profile. The login route, its body and its answer follow
/// the convention profile: standard POST /api/auth/login {"email","password"} → {"accessToken",...}; alt POST
/// /api/session {"credentials":{"login","secret"}} → {"data":{"access_token",...}}. Errors are problem+json in both.
/// </summary>
public static class AuthEndpoints
{
    private const string BadCredentials = "Invalid email or password.";

    // Verified against when the email is unknown, so that answer takes as long as a wrong password.
    private static readonly string DummyHash = PasswordHasher.Hash(Guid.NewGuid().ToString());

    public static void Map(WebApplication app, RouteGroupBuilder api, ConventionProfile profile)
    {
        app.MapPost(profile.LoginPath, Login).AllowAnonymous();
        api.MapGet("/me", Me);
    }

    private static async Task<IResult> Login(HttpContext http, NpgsqlDataSource db, TokenIssuer tokens,
        LoginThrottle throttle, HttpMetrics metrics, CancellationToken ct)
    {
        var client = http.Connection.RemoteIpAddress ?? IPAddress.None;
        // SEEDED DEFECT rate_limit_missing: failed logins are never throttled.
        var defects = http.RequestServices.GetRequiredService<ActiveDefects>();
        if (!defects.Is(DefectIds.RateLimitMissing) && throttle.RetryAfter(client) is { } wait)
        {
            metrics.RecordLoginThrottled();
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            // SEEDED DEFECT rate_limit_retry_after_too_short: Retry-After promises 1 s while the lockout lasts the window.
            if (defects.Is(DefectIds.RateLimitRetryAfterTooShort)) seconds = 1;
            // SEEDED DEFECT rate_limit_no_retry_after: the 429 does not say when to retry.
            if (!defects.Is(DefectIds.RateLimitNoRetryAfter)) http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Result(429, $"Too many failed logins from this address; retry in {seconds} s.");
        }

        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (body.Problem is not null) return body.Problem;
        var profile = http.RequestServices.GetRequiredService<ReferenceTargetOptions>().Profile;
        string email, password;
        using (var document = body.Document!)
        {
            if (ReadCredentials(document.RootElement, profile) is not { } credentials)
                return Problems.Result(400, profile.NestedCredentials
                    ? "The body must be {\"credentials\": {\"login\": string, \"secret\": string}}, both non-empty."
                    : "The body must be {\"email\": string, \"password\": string}, both non-empty.");
            (email, password) = credentials;
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        int id; string role, authMethod; string? hash;
        await using (var cmd = new NpgsqlCommand(
                         "SELECT id, role, auth_method, password_hash FROM users WHERE lower(email) = lower($1)", conn))
        {
            cmd.Parameters.Add(new() { Value = email });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                PasswordHasher.Verify(password, DummyHash);
                throttle.RecordFailure(client);
                return Problems.Result(401, BadCredentials);
            }
            (id, role, authMethod, hash) = (reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        // SSO accounts have no password here: they can never log in through this route. The non-short-circuit '|'
        // is deliberate: the hash is always computed, so an SSO account answers as slowly as a wrong password.
        if (authMethod != "password" | !PasswordHasher.Verify(password, hash ?? DummyHash))
        {
            throttle.RecordFailure(client);
            return Problems.Result(401, BadCredentials);
        }

        http.Response.Headers.CacheControl = "no-store";
        if (profile.NestedCredentials)
            return TypedResults.Ok(new SessionResponse(new SessionToken(tokens.Issue(id, role), "Bearer", (int)tokens.Lifetime.TotalSeconds)));
        var user = await LoadProfileAsync(conn, id, ct);
        return TypedResults.Ok(new LoginResponse(tokens.Issue(id, role), "Bearer", (int)tokens.Lifetime.TotalSeconds, user!));
    }

    /// <summary>The login name (trimmed) and password of a login body in the profile's shape; null when either is missing or empty.</summary>
    public static (string Login, string Password)? ReadCredentials(JsonElement root, ConventionProfile profile)
    {
        var (holder, loginName, secretName) = profile.NestedCredentials
            ? (root.TryGetProperty("credentials", out var c) && c.ValueKind == JsonValueKind.Object ? c : default, "login", "secret")
            : (root, "email", "password");
        if (holder.ValueKind != JsonValueKind.Object
            || !holder.TryGetProperty(loginName, out var l) || l.ValueKind != JsonValueKind.String || l.GetString()!.Trim().Length == 0
            || !holder.TryGetProperty(secretName, out var p) || p.ValueKind != JsonValueKind.String || p.GetString()!.Length == 0)
            return null;
        return (l.GetString()!.Trim(), p.GetString()!);
    }

    private static async Task<IResult> Me(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await using var conn = await db.OpenConnectionAsync(ct);
        var profile = await LoadProfileAsync(conn, user.Id, ct);
        // A valid token for a user that no longer exists is treated as an invalid token.
        return profile is null ? Problems.Result(401, "The user of this token no longer exists.") : TypedResults.Ok(profile);
    }

    public static async Task<UserProfile?> LoadProfileAsync(NpgsqlConnection conn, int userId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT u.id, u.email, u.name, u.role, u.auth_method, " +
            "COALESCE(array_agg(ue.empresa_id ORDER BY ue.empresa_id) FILTER (WHERE ue.empresa_id IS NOT NULL), '{}') " +
            "FROM users u LEFT JOIN user_empresas ue ON ue.user_id = u.id WHERE u.id = $1 GROUP BY u.id", conn);
        cmd.Parameters.Add(new() { Value = userId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new UserProfile(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetString(4), reader.GetFieldValue<int[]>(5));
    }
}
