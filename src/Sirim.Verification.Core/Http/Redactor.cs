using System.Text.RegularExpressions;

namespace Sirim.Verification.Core.Http;

/// <summary>
/// Removes secrets before anything is written anywhere: the configured secret values, credential headers
/// (Authorization, Cookie, Set-Cookie, API keys and any header named like a key, token or secret), JSON fields named
/// like secrets, connection-string passwords, anything shaped like a JWT (an access token is a credential even when the
/// server sends it), and the credentials a URL may carry: its userinfo password and the values of query parameters named
/// like secrets (token, access_token, api_key, key, password, secret, sig, signature, ...), so a URL shown in a message,
/// report or exchange keeps its shape.
/// </summary>
public sealed partial class Redactor
{
    public const string Mask = "[redacted]";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "X-Auth-Token",
    };

    private readonly IReadOnlyList<string> _secrets;

    public Redactor(IEnumerable<string> secretValues)
    {
        // Longest first, so a secret that contains another is removed whole. Very short values would mask
        // ordinary text and are not secrets worth the name; they are still covered by the patterns below.
        _secrets = secretValues.Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length).ToList();
    }

    public static Redactor None { get; } = new([]);

    public string HeaderValue(string name, string value)
    {
        if (!SecretHeaders.Contains(name) && !SecretHeaderName().IsMatch(name)) return Text(value);
        var space = value.IndexOf(' ');
        // Keep the scheme ("Bearer") and the cookie name: they help a reader, the credential does not.
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && space > 0) return value[..space] + " " + Mask;
        var eq = value.IndexOf('=');
        if (name.Contains("Cookie", StringComparison.OrdinalIgnoreCase) && eq > 0) return value[..eq] + "=" + Mask;
        return Mask;
    }

    public string Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var result = text;
        foreach (var secret in _secrets) result = result.Replace(secret, Mask, StringComparison.Ordinal);
        result = JwtPattern().Replace(result, Mask);
        result = JsonSecretField().Replace(result, m => m.Groups[1].Value + "\"" + Mask + "\"");
        result = ConnectionStringPassword().Replace(result, m => m.Groups[1].Value + Mask);
        result = UrlUserInfo().Replace(result, m => m.Groups[1].Value + Mask + "@");
        result = UrlSecretQueryValue().Replace(result, m => m.Groups[1].Value + Mask);
        return result;
    }

    /// <summary>Only the credentials of the URLs in <paramref name="text"/>: userinfo passwords and token-like query values.</summary>
    public static string UrlCredentials(string text) =>
        UrlSecretQueryValue().Replace(UrlUserInfo().Replace(text, m => m.Groups[1].Value + Mask + "@"), m => m.Groups[1].Value + Mask);

    /// <summary>
    /// The credentials embedded in the URLs of a setting's value (a URL or a list of them): each userinfo password and
    /// each value of a query parameter named like a secret, raw and percent-decoded. They become secret
    /// values of the run, so they are removed even where they appear outside a URL.
    /// </summary>
    public static IEnumerable<string> SecretsInUrls(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.Contains("://", StringComparison.Ordinal)) yield break;
        foreach (Match m in UrlUserInfo().Matches(value))
        {
            var password = m.Value[m.Groups[1].Length..^1];
            yield return password;
            yield return Uri.UnescapeDataString(password);
        }
        foreach (Match m in UrlSecretQueryValue().Matches(value))
        {
            var secret = m.Value[m.Groups[1].Length..];
            yield return secret;
            yield return Uri.UnescapeDataString(secret.Replace('+', ' '));
        }
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")]
    private static partial Regex JwtPattern();

    // A template placeholder such as "{password}" (the loginBody setting and its hints) is no secret: it stays readable.
    [GeneratedRegex("(\"(?:password|passwd|secret|accessToken|access_token|refreshToken|refresh_token|token|apiKey|api_key)\"\\s*:\\s*)(?!\"\\{\\w+\\}\")\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecretField();

    [GeneratedRegex(@"((?:Password|Pwd)\s*=\s*)[^;""'\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    // "X-Api-Key", "X-Auth-Token", "Client-Secret"; never the CORS answers (Access-Control-Allow-Credentials is no secret).
    [GeneratedRegex(@"^(?!Access-Control-).*(api[-_]?key|token|secret)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretHeaderName();

    [GeneratedRegex(@"(\b[a-z][a-z0-9+.-]*://[^:/@\s'""]*:)[^@/\s'""]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlUserInfo();

    // A parameter of a URL's query (after '?' or '&', also '&amp;' in HTML) named like a credential: a name one of whose
    // words (between '_', '.' or '-') is token, key, secret, password, credential or a signature ("x-api-key",
    // "client_secret", "X-Amz-Signature"; not "monkey"), and the usual run-together names (accesstoken, apikey, pwd). One rule
    // for masking text, for showing settings and for the run's secret values.
    [GeneratedRegex(@"([?&](?:amp;)?(?:(?:[A-Za-z0-9]*[_.-])*(?:token|key|secret|password|passwd|credential|signature|sig)s?(?:[_.-][A-Za-z0-9]*)*|accesstoken|apikey|pwd)=)[^&#\s'"",<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlSecretQueryValue();
}
