using System.IdentityModel.Tokens.Jwt;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Sirim.Verification.Security.Tokens;

namespace Sirim.Verification.Security.Tests;

/// <summary>The forged tokens are what they claim to be, and none carries or describes a real credential.</summary>
public sealed class TokenForgeTests
{
    private const string RealSecret = "a-real-secret-of-at-least-32-bytes-long!!";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static string RealToken()
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(RealSecret));
        var token = new JwtSecurityToken("sirim-api", "sirim-web", [new("sub", "7"), new("role", "lector")], Now.UtcDateTime.AddMinutes(-1), Now.UtcDateTime.AddMinutes(30),
            new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    private static JwtSecurityToken Read(ForgedToken t) => new JwtSecurityTokenHandler().ReadJwtToken(t.AuthorizationValue!["Bearer ".Length..]);

    [Test]
    public void Every_trick_is_forged_and_claims_come_from_the_real_token()
    {
        var real = RealToken();
        var forged = TokenForge.Forge(real, new TokenProbeOptions(null, null, RealSecret, ["secret", "change-me"]), Now);
        Assert.That(forged.Select(t => t.Trick).Distinct(), Is.EqualTo(TokenForge.Tricks));
        Assert.That(forged.Count(t => t.Trick == "weak_secret"), Is.EqualTo(2));
        Assert.That(forged.Single(t => t.Trick == "missing").AuthorizationValue, Is.Null);

        var none = Read(forged.Single(t => t.Trick == "alg_none"));
        Assert.That((none.Header.Alg, none.RawSignature, none.Issuer, none.Audiences.Single(), none.Subject), Is.EqualTo(("none", "", "sirim-api", "sirim-web", "7")));

        var tampered = forged.Single(t => t.Trick == "tampered").AuthorizationValue!["Bearer ".Length..];
        Assert.That(tampered.Split('.')[2], Is.EqualTo(real.Split('.')[2]), "original signature kept");
        Assert.That(new JwtSecurityTokenHandler().ReadJwtToken(tampered).Claims.Single(c => c.Type == "role").Value, Is.EqualTo("admin"));

        Assert.That(Read(forged.Single(t => t.Trick == "expired")).ValidTo, Is.LessThan(Now.UtcDateTime));
        Assert.That(Read(forged.Single(t => t.Trick == "wrong_audience")).Audiences.Single(), Is.EqualTo("sirim-web-wrong"));
        Assert.That(Read(forged.Single(t => t.Trick == "wrong_issuer")).Issuer, Is.EqualTo("sirim-api-wrong"));
    }

    [Test]
    public void Claim_tricks_carry_a_valid_signature_with_the_real_secret_so_only_the_claim_is_wrong()
    {
        var forged = TokenForge.Forge(RealToken(), new TokenProbeOptions(null, null, RealSecret, []), Now);
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(RealSecret)), ValidIssuer = "sirim-api", ValidAudience = "sirim-web", ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (_, _, _, _) => true,
        };
        foreach (var trick in new[] { "expired", "wrong_audience", "wrong_issuer" })
        {
            var raw = forged.Single(t => t.Trick == trick).AuthorizationValue!["Bearer ".Length..];
            var onlySignature = parameters.Clone();
            onlySignature.ValidateIssuer = onlySignature.ValidateAudience = false;
            Assert.DoesNotThrow(() => new JwtSecurityTokenHandler().ValidateToken(raw, onlySignature, out _), trick + " is signed with the real secret");
        }
        Assert.That(forged.Single(t => t.Trick == "expired").Description, Does.Contain("signed with the API's real secret"));
    }

    [Test]
    public void Weak_secret_tokens_verify_with_that_secret()
    {
        var token = TokenForge.Forge(null, new TokenProbeOptions("iss", "aud", null, ["secret"]), Now).Single(t => t.Trick == "weak_secret");
        var raw = token.AuthorizationValue!["Bearer ".Length..];
        var parts = raw.Split('.');
        var expected = Base64UrlEncoder.Encode(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("secret"), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        Assert.That(parts[2], Is.EqualTo(expected));
        Assert.That(token.Description, Is.EqualTo("valid claims signed HS256 with the well-known secret 'secret'"));
    }

    [Test]
    public void Without_a_real_token_or_secret_the_descriptions_say_what_is_proven_and_leak_nothing()
    {
        var forged = TokenForge.Forge(null, new TokenProbeOptions(null, null, null, []), Now);
        Assert.That(forged.Single(t => t.Trick == "tampered").Description, Is.EqualTo("valid claims signed with a random key (no real token to tamper with)"));
        Assert.That(forged.Single(t => t.Trick == "wrong_issuer").Description, Does.Contain("(accepted issuer unknown)").And.Contain("random key"));
        var real = RealToken();
        Assert.That(TokenForge.Forge(real, new TokenProbeOptions(null, null, RealSecret, ["secret"]), Now).Select(t => t.Description),
            Has.None.Contains(real).And.None.Contains(RealSecret).And.None.Contains("eyJ"));
    }
}
