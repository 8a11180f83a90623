using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using Sirim.ReferenceTarget.Configuration;

namespace Sirim.ReferenceTarget.Auth;

/// <summary>
/// Issues and describes how to validate the API's access tokens: HS256 JWTs (RFC 7519) with issuer
/// <c>sirim-api</c>, audience <c>sirim-web</c>, a fixed lifetime, and claims sub (user id) and role.
/// </summary>
public sealed class TokenIssuer(ReferenceTargetOptions options, TimeProvider clock)
{
    private readonly SymmetricSecurityKey _key = new(options.JwtSecret);
    private readonly JwtSecurityTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(options.TokenMinutes);

    public string Issue(int userId, string role)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim("role", role),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            Issuer = ReferenceTargetOptions.Issuer,
            Audience = ReferenceTargetOptions.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        };
        return _handler.WriteToken(_handler.CreateToken(descriptor));
    }

    /// <summary>
    /// Validation rules: signature with the shared secret, HS256 only (so "alg": "none" and algorithm swaps are
    /// refused), issuer, audience, and lifetime with zero clock skew.
    /// </summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidateIssuer = true,
        ValidIssuer = ReferenceTargetOptions.Issuer,
        ValidateAudience = true,
        ValidAudience = ReferenceTargetOptions.Audience,
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.Zero,
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = "role",
    };
}

/// <summary>The caller as the validated token describes it.</summary>
public sealed record CurrentUser(int Id, string Role)
{
    public bool CanWrite => Role is "admin" or "contador";

    public static CurrentUser From(ClaimsPrincipal principal) => new(
        int.Parse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub)!, System.Globalization.CultureInfo.InvariantCulture),
        principal.FindFirstValue("role") ?? "");
}
