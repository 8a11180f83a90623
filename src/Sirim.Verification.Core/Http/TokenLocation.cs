using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;

namespace Sirim.Verification.Core.Http;

/// <summary>Where the login answer was found to hold the token, or why none was found (never containing the token itself).</summary>
public sealed record TokenLookup(string? Token, string? Problem)
{
    public bool Found => Token is not null;
}

/// <summary>
/// Where the bearer token stands in the login answer (setting <c>loginTokenPointer</c>): one RFC 6901 JSON Pointer,
/// or, by default, the usual names at the top level and then under <c>data</c>. Pointers are parsed and evaluated by
/// JsonPointer.Net over System.Text.Json nodes.
/// </summary>
public sealed record TokenLocation
{
    private static readonly string[] DefaultNames = ["accessToken", "access_token", "token"];

    private TokenLocation(IReadOnlyList<JsonPointer> pointers, bool isDefault)
    {
        Pointers = pointers;
        IsDefault = isDefault;
    }

    /// <summary>The pointers tried, in order; the first that holds a non-empty string wins.</summary>
    public IReadOnlyList<JsonPointer> Pointers { get; }

    /// <summary>True when no pointer was configured and the usual places are tried.</summary>
    public bool IsDefault { get; }

    /// <summary>/accessToken, /access_token, /token, then /data/accessToken, /data/access_token, /data/token.</summary>
    public static TokenLocation Default { get; } = new(
        DefaultNames.Select(n => "/" + n).Concat(DefaultNames.Select(n => "/data/" + n)).Select(JsonPointer.Parse).ToList(), true);

    /// <summary>
    /// The configured pointer (empty or unset: <see cref="Default"/>), or null with the reason added to <paramref name="errors"/>.
    /// </summary>
    public static TokenLocation? Parse(string? raw, string settingName, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return Default;
        var text = raw.Trim();
        string? problem = null;
        if (!text.StartsWith('/'))
            problem = "a JSON Pointer starts with '/'";
        else if (InvalidEscape(text))
            problem = "'~' must be followed by 0 (for '~') or 1 (for '/')";
        else if (!JsonPointer.TryParse(text, out var pointer))
            problem = "it does not parse as a JSON Pointer";
        else
            return new TokenLocation([pointer], false);
        errors.Add($"{settingName}: '{text}' is not an RFC 6901 JSON Pointer ({problem}); " +
                   "name the token's place in the login answer, e.g. /accessToken or /data/access_token (~1 stands for '/', ~0 for '~'), or leave it empty for the usual places.");
        return null;
    }

    private static bool InvalidEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '~' && (i + 1 == text.Length || text[i + 1] is not ('0' or '1')))
                return true;
        return false;
    }

    /// <summary>
    /// The token in <paramref name="body"/>, or a problem that names every pointer tried and shows the answer's shape with
    /// every value replaced by its type (the token and any other value never appear).
    /// </summary>
    public TokenLookup Find(string body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return new TokenLookup(null, "login answered 200 but its body is not JSON");
        }
        var wrongType = new List<string>();
        foreach (var pointer in Pointers)
        {
            if (!pointer.TryEvaluate(root, out var value)) continue;
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } token)
                return new TokenLookup(token, null);
            wrongType.Add($"{pointer} is {Describe(value)}");
        }
        var tried = string.Join(", ", Pointers.Select(p => p.ToString()));
        var found = wrongType.Count == 0 ? "" : $" ({string.Join("; ", wrongType)})";
        return new TokenLookup(null,
            $"login answered 200 but no token string at {tried}{found}; the answer's shape: {Shape(root)}. " +
            "Set loginTokenPointer (SIRIM_LOGIN_TOKEN_POINTER) to the JSON Pointer of the token, e.g. /data/access_token.");
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "an empty string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
        _ => "not a string",
    };

    private const int MaxShapeChars = 600;
    private const int MaxDepth = 6;
    private const int MaxArrayItems = 2;

    /// <summary>The answer's structure with each value replaced by its type: enough to write the pointer, nothing to leak.</summary>
    public static string Shape(JsonNode? root)
    {
        var sb = new StringBuilder();
        Write(root, 0, sb);
        return sb.Length > MaxShapeChars ? sb.ToString(0, MaxShapeChars) + "…" : sb.ToString();
    }

    private static void Write(JsonNode? node, int depth, StringBuilder sb)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o when depth >= MaxDepth:
                sb.Append(o.Count == 0 ? "{}" : "{…}");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (name, value) in o)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(JsonSerializer.Serialize(name)).Append(':');
                    Write(value, depth + 1, sb);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                var shown = depth >= MaxDepth ? 0 : Math.Min(a.Count, MaxArrayItems);
                for (var i = 0; i < shown; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(a[i], depth + 1, sb);
                }
                if (a.Count > shown) sb.Append(shown > 0 ? ",…" : "…");
                sb.Append(']');
                break;
            case JsonValue v:
                sb.Append(v.GetValueKind() switch
                {
                    JsonValueKind.String => "\"<string>\"",
                    JsonValueKind.Number => "<number>",
                    JsonValueKind.True or JsonValueKind.False => "<boolean>",
                    _ => "null",
                });
                break;
        }
    }
}
