using System.Text.RegularExpressions;

namespace Sirim.Verification.Core.Http;

/// <summary>
/// Removes secrets before anything is written anywhere: the configured secret values, credential headers
/// (Authorization, Cookie, Set-Cookie, API keys and any header named like a key, token or secret), JSON fields and URL
/// query parameters named like secrets (an API key may travel in the query), connection-string passwords and anything
/// shaped like a JWT (an access token is a credential even when the server sends it).
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
        result = QuerySecret().Replace(result, m => m.Groups[1].Value + Mask);
        return result;
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")]
    private static partial Regex JwtPattern();

    [GeneratedRegex("(\"(?:password|passwd|secret|accessToken|access_token|refreshToken|refresh_token|token|apiKey|api_key)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecretField();

    [GeneratedRegex(@"((?:Password|Pwd)\s*=\s*)[^;""'\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    // "X-Api-Key", "X-Auth-Token", "Client-Secret"; never the CORS answers (Access-Control-Allow-Credentials is no secret).
    [GeneratedRegex(@"^(?!Access-Control-).*(api[-_]?key|token|secret)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretHeaderName();

    // "?api_key=…", "&access_token=…", "&client_secret=…" in a URL.
    [GeneratedRegex(@"([?&][A-Za-z0-9_.-]*(?:token|key|secret|password|passwd|credential)[A-Za-z0-9_.-]*=)[^&#\s'""]+", RegexOptions.IgnoreCase)]
    private static partial Regex QuerySecret();

    [GeneratedRegex(@"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@/\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlUserInfo();
}
