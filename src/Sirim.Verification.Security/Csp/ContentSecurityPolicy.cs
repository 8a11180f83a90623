using System.Text.RegularExpressions;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Csp;

/// <summary>
/// One parsed Content-Security-Policy (CSP Level 3, W3C): directives by lower-case name with their source lists.
/// A header value may carry several policies separated by commas; each is enforced on its own, so a resource must
/// pass all of them. Problems found while parsing (empty policy, bad directive names, duplicates) are kept in
/// <see cref="Problems"/>: browsers ignore such parts, so the policy is weaker than it reads.
/// </summary>
public sealed partial record ContentSecurityPolicy(string Raw, IReadOnlyDictionary<string, IReadOnlyList<string>> Directives, IReadOnlyList<string> Problems)
{
    /// <summary>Directives that fall back to default-src when absent (CSP3 §6.8.3); base-uri, form-action and frame-ancestors do not.</summary>
    private static readonly HashSet<string> FetchDirectives =
    [
        "script-src", "style-src", "img-src", "connect-src", "font-src", "object-src", "media-src", "frame-src",
        "child-src", "worker-src", "manifest-src", "script-src-elem", "script-src-attr", "style-src-elem", "style-src-attr",
    ];

    public bool Has(string directive) => Directives.ContainsKey(directive);

    /// <summary>The sources that govern <paramref name="directive"/>: its own list, else default-src for fetch directives; null when unrestricted.</summary>
    public IReadOnlyList<string>? Effective(string directive)
    {
        if (Directives.TryGetValue(directive, out var own)) return own;
        if (directive is "script-src-elem" or "script-src-attr" && Directives.TryGetValue("script-src", out var script)) return script;
        if (FetchDirectives.Contains(directive) && Directives.TryGetValue("default-src", out var fallback)) return fallback;
        return null;
    }

    /// <summary>Parses every policy in the given header values (several headers, or comma-separated policies in one).</summary>
    public static IReadOnlyList<ContentSecurityPolicy> ParseAll(IEnumerable<string> headerValues) =>
        headerValues.SelectMany(v => v.Split(',')).Select(p => p.Trim()).Where(p => p.Length > 0).Select(Parse).ToList();

    public static ContentSecurityPolicy Parse(string policy)
    {
        var directives = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var part in policy.Split(';'))
        {
            var tokens = part.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            var name = tokens[0].ToLowerInvariant();
            if (!DirectiveName().IsMatch(name))
            {
                problems.Add($"'{tokens[0]}' is not a directive name");
                continue;
            }
            // CSP3 §2.2.1: a repeated directive is ignored, only the first counts.
            if (!directives.TryAdd(name, tokens.Skip(1).ToList())) problems.Add($"'{name}' appears twice (the second is ignored)");
        }
        if (directives.Count == 0) problems.Add("no directive");
        return new ContentSecurityPolicy(policy, directives, problems);
    }

    /// <summary>The enforced policies of a response (Content-Security-Policy, not the Report-Only variant).</summary>
    public static IReadOnlyList<ContentSecurityPolicy> Enforced(ExchangeResponse response) =>
        ParseAll(response.HeaderValues("Content-Security-Policy"));

    public static bool IsKeyword(string source) => source.StartsWith('\'') && source.EndsWith('\'') && source.Length > 1;

    public static bool IsNonceOrHash(string source) =>
        source.StartsWith("'nonce-", StringComparison.OrdinalIgnoreCase) || source.StartsWith("'sha256-", StringComparison.OrdinalIgnoreCase) ||
        source.StartsWith("'sha384-", StringComparison.OrdinalIgnoreCase) || source.StartsWith("'sha512-", StringComparison.OrdinalIgnoreCase);

    /// <summary>A scheme-only source such as <c>https:</c> or <c>data:</c>.</summary>
    public static bool IsSchemeSource(string source) => SchemeSource().IsMatch(source);

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex DirectiveName();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]*:$")]
    private static partial Regex SchemeSource();
}
