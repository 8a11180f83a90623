using System.Text.RegularExpressions;

namespace Sirim.Verification.E2E.Integrity;

/// <summary>
/// Finds the files a frontend file references, so the deployed site can be walked from its entry page: in HTML the
/// src/href of script, link, img, source, iframe; in CSS url() and @import; in JavaScript static and dynamic imports
/// and fetch() of a literal path. Pure text parsing: the result is a list of raw references to resolve.
/// </summary>
public static partial class AssetReferences
{
    public static IReadOnlyList<string> Find(string path, string content)
    {
        var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        IEnumerable<string> refs = ext switch
        {
            ".html" or ".htm" or "" => Html(content),
            ".css" => Css(content),
            ".js" or ".mjs" => Js(content),
            _ => [],
        };
        return refs.Select(r => r.Trim()).Where(IsFetchable).Distinct().ToList();
    }

    /// <summary>data:, blob:, fragments, javascript: and mail links are not files.</summary>
    public static bool IsFetchable(string reference) =>
        reference.Length > 0 && !reference.StartsWith('#') &&
        !Regex.IsMatch(reference, "^(data|blob|javascript|mailto|tel|about):", RegexOptions.IgnoreCase);

    private static IEnumerable<string> Html(string html)
    {
        foreach (Match tag in HtmlTag().Matches(html))
        {
            var name = tag.Groups[1].Value.ToLowerInvariant();
            var attrs = tag.Groups[2].Value;
            if (name == "a" || name == "form") continue; // navigation, not part of the page
            foreach (Match a in HtmlUrlAttribute().Matches(attrs))
            {
                var attr = a.Groups[1].Value.ToLowerInvariant();
                var value = a.Groups[3].Success ? a.Groups[3].Value : a.Groups[4].Value;
                if (attr == "srcset")
                    foreach (var candidate in value.Split(',')) yield return candidate.Trim().Split(' ')[0];
                else yield return value;
            }
        }
    }

    private static IEnumerable<string> Css(string css)
    {
        foreach (Match m in CssUrl().Matches(css)) yield return m.Groups[2].Value;
        foreach (Match m in CssImport().Matches(css)) yield return m.Groups[2].Value;
    }

    private static IEnumerable<string> Js(string js)
    {
        foreach (Match m in JsImport().Matches(js)) yield return m.Groups[2].Value;
        foreach (Match m in JsLiteralLoad().Matches(js)) yield return m.Groups[3].Value;
    }

    [GeneratedRegex(@"<(script|link|img|source|iframe|video|audio|embed|a|form)\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\b(src|href|srcset)\s*=\s*(""([^""]*)""|'([^']*)')", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlUrlAttribute();

    [GeneratedRegex(@"url\(\s*(['""]?)([^'"")]+)\1\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();

    [GeneratedRegex(@"@import\s+(['""])([^'""]+)\1", RegexOptions.IgnoreCase)]
    private static partial Regex CssImport();

    [GeneratedRegex(@"(?:\bimport\s*(?:[\w*{}\s,]+from\s*)?|\bexport\s*[\w*{}\s,]+from\s*)(['""])(\.{0,2}/[^'""]+|[\w-]+\.m?js)\1")]
    private static partial Regex JsImport();

    [GeneratedRegex(@"\b(import|fetch)\(\s*(['""`])([^'""`$]+)\2")]
    private static partial Regex JsLiteralLoad();
}
