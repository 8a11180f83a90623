using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Sirim.Verification.Security.Tokens;

/// <summary>
/// One forged credential. <see cref="AuthorizationValue"/> is the whole Authorization header value (null: no header).
/// <see cref="Description"/> says how it was made and never contains the token or a real secret.
/// </summary>
public sealed record ForgedToken(string Trick, string Description, string? AuthorizationValue);

/// <summary>
/// Crafts the tokens a protected route must refuse (RFC 8725; OWASP JWT Cheat Sheet): missing, malformed,
/// <c>alg: none</c>, tampered payload with the original signature, expired, wrong audience, wrong issuer, and one per
/// publicly known weak HS256 secret. Claims are copied from the suite's real token when there is one, so only the
/// property under test is wrong. Expired / wrong-audience / wrong-issuer tokens are signed with the API's real secret
/// when it is configured (then they prove the claim is checked); otherwise with a random key (then they prove only
/// that the token is refused).
/// </summary>
public static class TokenForge
{
    public static readonly IReadOnlyList<string> Tricks =
        ["missing", "malformed", "alg_none", "tampered", "expired", "wrong_audience", "wrong_issuer", "weak_secret"];

    public static IReadOnlyList<ForgedToken> Forge(string? realToken, TokenProbeOptions options, DateTimeOffset now)
    {
        var real = TryRead(realToken);
        var issuer = options.Issuer ?? real?.Issuer;
        var audience = options.Audience ?? real?.Audiences.FirstOrDefault();
        var claims = BaseClaims(real, issuer, audience, now);
        var randomKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var (key, keyNote) = options.SigningSecret is { Length: > 0 } s
            ? (s, "signed with the API's real secret, so only this claim is wrong")
            : (randomKey, "signed with a random key (no real secret configured: proves refusal, not which claim is checked)");

        var tokens = new List<ForgedToken>
        {
            new("missing", "no Authorization header", null),
            new("malformed", "'Bearer not-a-jwt' (not three base64url parts)", "Bearer not-a-jwt"),
            new("alg_none", "header alg 'none', valid claims, empty signature", "Bearer " + Unsigned(claims)),
        };
        if (realToken is not null && real is not null)
        {
            var parts = realToken.Split('.');
            var tampered = new Dictionary<string, object?>(claims) { ["role"] = "admin", ["sub"] = Bump(claims.GetValueOrDefault("sub")) };
            tokens.Add(new("tampered", "the suite's own token with sub and role changed, original signature kept",
                $"Bearer {parts[0]}.{Encode(tampered)}.{parts[2]}"));
        }
        else
        {
            tokens.Add(new("tampered", "valid claims signed with a random key (no real token to tamper with)", "Bearer " + SignHs256(claims, randomKey)));
        }
        var expired = new Dictionary<string, object?>(claims)
        {
            ["iat"] = (now - TimeSpan.FromHours(2)).ToUnixTimeSeconds(),
            ["nbf"] = (now - TimeSpan.FromHours(2)).ToUnixTimeSeconds(),
            ["exp"] = (now - TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
        tokens.Add(new("expired", "exp one hour ago; " + keyNote, "Bearer " + SignHs256(expired, key)));
        tokens.Add(new("wrong_audience", $"aud '{Wrong(audience, "audience")}'" + (audience is null ? " (accepted audience unknown)" : "") + "; " + keyNote,
            "Bearer " + SignHs256(new Dictionary<string, object?>(claims) { ["aud"] = Wrong(audience, "audience") }, key)));
        tokens.Add(new("wrong_issuer", $"iss '{Wrong(issuer, "issuer")}'" + (issuer is null ? " (accepted issuer unknown)" : "") + "; " + keyNote,
            "Bearer " + SignHs256(new Dictionary<string, object?>(claims) { ["iss"] = Wrong(issuer, "issuer") }, key)));
        foreach (var weak in options.WeakSecrets)
            tokens.Add(new("weak_secret", $"valid claims signed HS256 with the well-known secret '{weak}'", "Bearer " + SignHs256(claims, weak)));
        return tokens;
    }

    /// <summary>The issuer and audience the crafted tokens use (for the report).</summary>
    public static (string? Issuer, string? Audience) Expected(string? realToken, TokenProbeOptions options)
    {
        var real = TryRead(realToken);
        return (options.Issuer ?? real?.Issuer, options.Audience ?? real?.Audiences.FirstOrDefault());
    }

    public static string SignHs256(IReadOnlyDictionary<string, object?> claims, string secret)
    {
        var input = Encode(new Dictionary<string, object?> { ["alg"] = "HS256", ["typ"] = "JWT" }) + "." + Encode(claims);
        // HMAC by hand: the library refuses keys under 256 bits, and weak keys are exactly what is being tried.
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input));
        return input + "." + Base64UrlEncoder.Encode(signature);
    }

    public static string Unsigned(IReadOnlyDictionary<string, object?> claims) =>
        Encode(new Dictionary<string, object?> { ["alg"] = "none", ["typ"] = "JWT" }) + "." + Encode(claims) + ".";

    private static JwtSecurityToken? TryRead(string? token)
    {
        if (token is null) return null;
        var handler = new JwtSecurityTokenHandler();
        return handler.CanReadToken(token) ? handler.ReadJwtToken(token) : null;
    }

    private static Dictionary<string, object?> BaseClaims(JwtSecurityToken? real, string? issuer, string? audience, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object?>();
        if (real is not null)
            foreach (var (name, value) in real.Payload) claims[name] = value;
        claims.TryAdd("sub", "1");
        claims.TryAdd("role", "admin");
        claims["jti"] = Guid.NewGuid().ToString("N");
        if (issuer is not null) claims["iss"] = issuer;
        if (audience is not null) claims["aud"] = audience;
        claims["iat"] = now.ToUnixTimeSeconds();
        claims["nbf"] = now.ToUnixTimeSeconds();
        claims["exp"] = (now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds();
        return claims;
    }

    private static string Wrong(string? value, string what) => value is null ? $"sirim-verification-wrong-{what}" : value + "-wrong";

    private static object Bump(object? sub) =>
        sub is not null && long.TryParse(sub.ToString(), out var n) ? (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "2";

    private static string Encode(IReadOnlyDictionary<string, object?> json) =>
        Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(json));
}
