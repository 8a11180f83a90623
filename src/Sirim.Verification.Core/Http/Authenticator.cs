using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Core.Http;

/// <summary>The bearer token the suite uses, or why it could not get one (with the login exchange, redacted when rendered).</summary>
public sealed record AuthResult(string? Token, string? Problem, HttpExchange? Exchange)
{
    public bool Succeeded => Token is not null;
    public HttpHeader Header => new("Authorization", "Bearer " + (Token ?? throw new InvalidOperationException(Problem)));
}

/// <summary>
/// Gets a bearer token: the configured token, or a login with the configured credentials. Every gate logs in through
/// here, so all of them honour loginPath, loginBody and loginTokenPointer.
/// </summary>
public static class Authenticator
{
    public static async Task<AuthResult> AuthenticateAsync(TargetOptions options, ExchangeClient client, CancellationToken ct)
    {
        var auth = options.Auth;
        if (auth.Token is { } token) return new AuthResult(token, null, null);
        if (auth.Username is null || auth.Password is null)
            return new AuthResult(null, "no credentials: set SIRIM_USERNAME and SIRIM_PASSWORD (or SIRIM_TOKEN) in the environment", null);

        var sent = await client.SendAsync(
            new ExchangeRequest("POST", options.Api(auth.LoginPath), [], auth.LoginBody.Render(auth.Username, auth.Password), "application/json"),
            ct).ConfigureAwait(false);
        // The exchange is attached and rendered: it keeps the body with the password masked, since a JSON-escaped password
        // (quotes, backslashes) would not be recognised by the redactor and a template's field name may not look secret.
        var exchange = sent with { Request = sent.Request with { Body = auth.LoginBody.Render(auth.Username, Redactor.Mask) } };
        if (exchange.Response is not { } response)
            return new AuthResult(null, $"login failed: no response from {exchange.Request.Url} ({exchange.TransportError})", exchange);
        if (response.Status != 200)
            return new AuthResult(null, $"login failed: POST {auth.LoginPath} answered {response.Status} {response.Reason}", exchange);
        var lookup = auth.TokenLocation.Find(response.Body);
        return new AuthResult(lookup.Token, lookup.Problem, exchange);
    }
}
