using System.Text.Json;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Core.Http;

/// <summary>The bearer token the suite uses, or why it could not get one (with the login exchange, redacted when rendered).</summary>
public sealed record AuthResult(string? Token, string? Problem, HttpExchange? Exchange)
{
    public bool Succeeded => Token is not null;
    public HttpHeader Header => new("Authorization", "Bearer " + (Token ?? throw new InvalidOperationException(Problem)));
}

/// <summary>Gets a bearer token: the configured token, or a login with the configured credentials.</summary>
public static class Authenticator
{
    public static async Task<AuthResult> AuthenticateAsync(TargetOptions options, ExchangeClient client, CancellationToken ct)
    {
        if (options.Auth.Token is { } token) return new AuthResult(token, null, null);
        if (options.Auth.Username is null || options.Auth.Password is null)
            return new AuthResult(null, "no credentials: set SIRIM_USERNAME and SIRIM_PASSWORD (or SIRIM_TOKEN) in the environment", null);

        var body = JsonSerializer.Serialize(new { email = options.Auth.Username, password = options.Auth.Password });
        var exchange = await client.SendAsync(
            new ExchangeRequest("POST", options.Api(options.Auth.LoginPath), [], body, "application/json"), ct).ConfigureAwait(false);
        if (exchange.Response is not { } response)
            return new AuthResult(null, $"login failed: no response from {exchange.Request.Url} ({exchange.TransportError})", exchange);
        if (response.Status != 200)
            return new AuthResult(null, $"login failed: POST {options.Auth.LoginPath} answered {response.Status} {response.Reason}", exchange);
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            foreach (var name in new[] { "accessToken", "access_token", "token" })
                if (doc.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    return new AuthResult(value.GetString(), null, exchange);
            return new AuthResult(null, $"login answered 200 but no accessToken field in its JSON body", exchange);
        }
        catch (JsonException)
        {
            return new AuthResult(null, "login answered 200 but its body is not JSON", exchange);
        }
    }
}
