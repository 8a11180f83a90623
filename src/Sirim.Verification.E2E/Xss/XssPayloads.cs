using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sirim.Verification.E2E.Xss;

/// <summary>One stored XSS payload of the scenario file: a name and a template with <c>{id}</c> and <c>{marker}</c>.</summary>
public sealed record XssPayload(string Name, string Template)
{
    /// <summary>The text written into a field: the template with this probe's element id and marker.</summary>
    public string Render(string elementId, string marker) =>
        Template.Replace("{id}", elementId, StringComparison.Ordinal).Replace("{marker}", marker, StringComparison.Ordinal);
}

/// <summary>
/// The stored XSS payloads (scenarios/e2e/xss-payloads.json, setting e2eXssPayloads), after the OWASP XSS filter evasion
/// cheat sheet: a tag with an event handler, a script element, an attribute break-out and a javascript: URL. Each one
/// creates an element with a unique id and, if its script runs, sets a unique global: the flow looks for both.
/// </summary>
public static partial class XssPayloads
{
    /// <summary>Bound of the list: each payload is one gasto created and one row read.</summary>
    public const int MaxPayloads = 12;

    /// <summary>Longest template: with the run's tag and the filled placeholders it must fit a 200-character concepto.</summary>
    public const int MaxTemplateLength = 120;

    /// <summary>The unique element id of probe <paramref name="n"/> of run <paramref name="runId"/>.</summary>
    public static string ElementId(string runId, int n) => $"sirimxss-{Safe(runId)}-{n}";

    /// <summary>The unique JavaScript global of probe <paramref name="n"/> (also the console and dialog text).</summary>
    public static string Marker(string runId, int n) => $"{MarkerPrefix(runId)}{n}";

    /// <summary>What every marker of the run starts with: a global, console line or dialog carrying it comes from a payload.</summary>
    public static string MarkerPrefix(string runId) => $"__sirimXss_{Safe(runId)}_";

    private static string Safe(string runId) => UnsafeChars().Replace(runId, "_");

    public static (IReadOnlyList<XssPayload> Payloads, IReadOnlyList<string> Errors) Load(string path)
    {
        if (!File.Exists(path)) return ([], [$"'{path}' does not exist; give a JSON file with a \"payloads\" list (default scenarios/e2e/xss-payloads.json)"]);
        try { return Parse(File.ReadAllText(path)); }
        catch (IOException e) { return ([], [$"'{path}' cannot be read: {e.Message}"]); }
    }

    /// <summary>Every problem at once, each "where: what; why; what is allowed".</summary>
    public static (IReadOnlyList<XssPayload> Payloads, IReadOnlyList<string> Errors) Parse(string json)
    {
        var errors = new List<string>();
        var payloads = new List<XssPayload>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { return ([], [$"not valid JSON ({e.Message})"]); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("payloads", out var list) || list.ValueKind != JsonValueKind.Array)
                return ([], ["payloads: missing; the file is an object with a \"payloads\" list of {\"name\", \"template\"}"]);
            if (list.GetArrayLength() is 0 or > MaxPayloads)
                errors.Add($"payloads: {list.GetArrayLength()} entries; the flow creates one gasto per payload; from 1 to {MaxPayloads} are allowed");
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var where = $"payloads[{i++}]";
                var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
                var template = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("template", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                if (!NamePattern().IsMatch(name)) errors.Add($"{where}.name: '{name}' is not a snake_case name; reports name the payload by it; letters, digits and '_' are allowed");
                else if (payloads.Any(p => p.Name == name)) errors.Add($"{where}.name: '{name}' appears twice; each payload needs its own name");
                if (!template.Contains("{id}", StringComparison.Ordinal) || !template.Contains("{marker}", StringComparison.Ordinal))
                    errors.Add($"{where}.template: lacks {{id}} or {{marker}}; the flow finds markup by the id and execution by the marker; both are required");
                if (template.Length > MaxTemplateLength)
                    errors.Add($"{where}.template: {template.Length} characters; with the run's tag it must fit the 200-character concepto; at most {MaxTemplateLength} are allowed");
                payloads.Add(new XssPayload(name, template));
            }
        }
        return errors.Count == 0 ? (payloads, errors) : ([], errors);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex UnsafeChars();
}
