using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sirim.Verification.Core.Http;

/// <summary>
/// The JSON body of the login request (setting <c>loginBody</c>): a template whose <c>{username}</c> and
/// <c>{password}</c> placeholders stand inside JSON strings and are replaced by the JSON-escaped credentials, so a
/// password with quotes, backslashes or control characters still gives valid JSON. Both placeholders are required:
/// the login sends the configured user's credentials (SIRIM_USERNAME / SIRIM_PASSWORD), and a template without one of
/// them would silently send something else. Checked once, before any request, with sample values that need escaping.
/// </summary>
public sealed partial record LoginTemplate
{
    public const string UsernamePlaceholder = "{username}";
    public const string PasswordPlaceholder = "{password}";
    public const string DefaultText = "{\"email\":\"" + UsernamePlaceholder + "\",\"password\":\"" + PasswordPlaceholder + "\"}";

    /// <summary>Sample credentials of the up-front check: a quote, a backslash and a placeholder-looking text must all survive.</summary>
    private const string SampleUsername = "sample \"user\" \\ {password}";
    private const string SamplePassword = "sample \"pass\\word\"\n";

    private LoginTemplate(string text) => Text = text;

    /// <summary>The template as configured (it holds no secret: the credentials come from the environment).</summary>
    public string Text { get; }

    public static LoginTemplate Default { get; } = new(DefaultText);

    /// <summary>The template, or null with the reason (what; why; what is allowed) added to <paramref name="errors"/>.</summary>
    public static LoginTemplate? Parse(string raw, string settingName, ICollection<string> errors)
    {
        var problems = new List<string>();
        foreach (var placeholder in new[] { UsernamePlaceholder, PasswordPlaceholder }.Where(p => !raw.Contains(p, StringComparison.Ordinal)))
            problems.Add($"it has no {placeholder} placeholder (the login sends the configured {placeholder[1..^1]} there)");
        if (problems.Count == 0)
        {
            try
            {
                if (JsonNode.Parse(new LoginTemplate(raw).Render(SampleUsername, SamplePassword)) is not JsonObject)
                    problems.Add("once filled it is not a JSON object");
            }
            catch (JsonException ex)
            {
                problems.Add($"once filled it is not valid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')})");
            }
        }
        if (problems.Count == 0) return new LoginTemplate(raw);
        errors.Add($"{settingName}: '{raw}' is not a login body template: {string.Join("; ", problems)}; " +
                   $"write a JSON object with {UsernamePlaceholder} and {PasswordPlaceholder} inside JSON strings, e.g. {DefaultText}.");
        return null;
    }

    /// <summary>
    /// The names of the JSON properties (at any depth) whose value holds the <c>{username}</c> or the <c>{password}</c>
    /// placeholder: a gate that builds a login body from a contract fills those fields with the suite's own account.
    /// </summary>
    public (IReadOnlyList<string> Username, IReadOnlyList<string> Password) FieldNames()
    {
        var user = new List<string>();
        var password = new List<string>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
                foreach (var (name, value) in o)
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        if (text.Contains(UsernamePlaceholder, StringComparison.Ordinal)) user.Add(name);
                        if (text.Contains(PasswordPlaceholder, StringComparison.Ordinal)) password.Add(name);
                    }
                    else Walk(value);
                }
            else if (node is JsonArray a)
                foreach (var item in a) Walk(item);
        }
        Walk(JsonNode.Parse(Text));
        return (user, password);
    }

    /// <summary>The body with both placeholders replaced in one pass (a user name that contains "{password}" stays as it is).</summary>
    public string Render(string username, string password) =>
        Placeholder().Replace(Text, m => Escape(m.Value == UsernamePlaceholder ? username : password));

    /// <summary>
    /// A body that is not valid JSON: the template cut right where the password would start. The security gate sends it
    /// to the login route to see that a parse error is answered cleanly.
    /// </summary>
    public string Truncated(string username)
    {
        var index = Text.IndexOf(PasswordPlaceholder, StringComparison.Ordinal);
        var cut = new LoginTemplate(Text[..index]);
        return cut.Render(username, "");
    }

    /// <summary>JSON string content (without the quotes): the placeholders stand inside a string of the template.</summary>
    private static string Escape(string value)
    {
        var quoted = JsonSerializer.Serialize(value);
        return quoted[1..^1];
    }

    [GeneratedRegex(@"\{(?:username|password)\}")]
    private static partial Regex Placeholder();
}
