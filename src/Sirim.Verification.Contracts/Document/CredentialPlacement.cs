namespace Sirim.Verification.Contracts.Document;

/// <summary>Where a security scheme carries the credential (OpenAPI Security Scheme Object, "in").</summary>
public enum CredentialPlace { Header, Query }

/// <summary>
/// Where the suite's token travels for one security scheme of the contract: <c>http</c> <c>bearer</c> (RFC 6750) and an
/// <c>apiKey</c> header named <c>Authorization</c> as <c>Authorization: Bearer &lt;token&gt;</c>; any other <c>apiKey</c>
/// header or query parameter as the raw token. <see cref="Fallback"/> says why a scheme the suite cannot satisfy as
/// written (OAuth2, OpenID Connect, another HTTP scheme, a cookie) still gets the token as a bearer token.
/// </summary>
public sealed record CredentialPlacement(string Scheme, CredentialPlace Place, string Name, bool BearerPrefix, string? Fallback = null)
{
    public const string AuthorizationHeader = "Authorization";

    public static CredentialPlacement Bearer(string scheme, string? fallback = null) =>
        new(scheme, CredentialPlace.Header, AuthorizationHeader, true, fallback);

    /// <summary>The value sent for <paramref name="token"/>.</summary>
    public string Value(string token) => BearerPrefix ? "Bearer " + token : token;

    /// <summary>"Authorization header" or "'api_key' query parameter", for mutations and evidence.</summary>
    public string Describe() => Place == CredentialPlace.Header ? $"{Name} header" : $"'{Name}' query parameter";

    /// <summary>What a request carrying <paramref name="shownValue"/> in this place looks like, e.g. "Authorization: Bearer &lt;…&gt;".</summary>
    public string Render(string shownValue) =>
        Place == CredentialPlace.Header ? $"{Name}: {Value(shownValue)}" : $"query parameter '{Name}' = {Value(shownValue)}";
}
