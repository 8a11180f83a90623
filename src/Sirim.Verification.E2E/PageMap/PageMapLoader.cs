using Sirim.Verification.Core.Http;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sirim.Verification.E2E.PageMap;

/// <summary>
/// Reads and validates a page map (scenarios/e2e/page-map.json and its siblings). Every problem is listed at once, in
/// the form "where: what; why; what is allowed": missing or unknown keys, selectors that are empty or not balanced,
/// an unknown token storage, locale or date formats that do not work, concepto templates without the run's tag, route
/// templates that do not start with '/', placeholders a route cannot be filled with, and JSON Pointers that are not ones.
/// </summary>
public static partial class PageMapLoader
{
    private const string SelectorExample = "give a Playwright selector such as \"#email\" or \"form [name=email]\"";

    private static readonly string[] Sections = ["selectors", "attributes", "token", "format", "testData", "api"];
    private static readonly string[] Placeholders = ["id", "empresaId", "page", "pageSize"];

    /// <summary>Each route: its name, the placeholders it may use, those it must use, and the pointers it reads.</summary>
    private static readonly (string Name, string[] Allowed, string[] Required, string[] Pointers)[] Routes =
    [
        ("me", [], [], ["namePointer"]),
        ("empresas", [], [], ["itemsPointer"]),
        ("gastosByEmpresa", ["empresaId", "page", "pageSize"], ["empresaId"], ["itemsPointer", "totalPointer"]),
        ("gastoById", ["id"], ["id"], ["itemPointer"]),
        ("gastoCreate", ["empresaId"], [], ["itemPointer"]),
        ("gastoDelete", ["id"], ["id"], []),
    ];

    public static (E2EPageMap? Map, IReadOnlyList<string> Errors) Load(string path)
    {
        if (!File.Exists(path)) return (null, [$"'{path}' not found; the E2E flows read their selectors, token storage, formats, test data and API routes from it; give a page map file (relative to the repository root, or absolute)"]);
        return Parse(File.ReadAllText(path), path);
    }

    public static (E2EPageMap? Map, IReadOnlyList<string> Errors) Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return (null, [$"not valid JSON ({ex.Message}); a page map is one JSON object; see scenarios/e2e/page-map.json"]);
        }
        using (doc)
        {
            var errors = new List<string>();
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, ["the file is not a JSON object; a page map is one object with " + string.Join(", ", Sections)]);
            Unknown(root, "", [.. Sections, "description"], "sections", errors);

            var selectors = ReadSelectors(Section(root, "selectors", errors), errors);
            var attributes = ReadAttributes(Section(root, "attributes", errors), errors);
            var token = ReadToken(Section(root, "token", errors), errors);
            var format = ReadFormat(Section(root, "format", errors), errors);
            var data = ReadTestData(Section(root, "testData", errors), errors);
            var api = ReadApi(Section(root, "api", errors), errors);
            if (errors.Count > 0) return (null, errors);
            return (new E2EPageMap(source, selectors, attributes, token!, format!, data!, api!), errors);
        }
    }

    // ---- selectors and attributes ----

    private static Dictionary<string, string> ReadSelectors(JsonElement? section, List<string> errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (section is not { } s) return result;
        var groups = PageRoles.All.GroupBy(r => r.Split('.')[0]).ToDictionary(g => g.Key, g => g.Select(r => r.Split('.')[1]).ToArray());
        Unknown(s, "selectors", groups.Keys, "role groups", errors);
        foreach (var (group, names) in groups)
        {
            var where = $"selectors.{group}";
            if (!s.TryGetProperty(group, out var g) || g.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{where}: missing; the flows use the roles {string.Join(", ", names)}; give an object of role → selector");
                continue;
            }
            Unknown(g, where, names, "roles", errors);
            foreach (var name in names)
            {
                var key = $"{where}.{name}";
                var value = String(g, name, key, errors, SelectorExample);
                if (value is null) continue;
                if (SelectorProblem(value) is { } problem) errors.Add($"{key}: '{value}' is not a selector; {problem}; {SelectorExample}");
                else result[$"{group}.{name}"] = value;
            }
        }
        return result;
    }

    /// <summary>Why <paramref name="selector"/> cannot be a selector (null when it may be one): empty, or brackets and quotes that do not close.</summary>
    public static string? SelectorProblem(string selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return "it is empty";
        var open = new Stack<char>();
        char? quote = null;
        foreach (var c in selector)
        {
            if (quote is { } q) { if (c == q) quote = null; continue; }
            switch (c)
            {
                case '"' or '\'': quote = c; break;
                case '[' or '(': open.Push(c); break;
                case ']' or ')':
                    var expected = c == ']' ? '[' : '(';
                    if (open.Count == 0 || open.Pop() != expected) return $"'{c}' closes nothing";
                    break;
            }
        }
        if (quote is { } unclosed) return $"the quote {unclosed} is not closed";
        return open.Count > 0 ? $"'{open.Peek()}' is not closed" : null;
    }

    private static Dictionary<string, string> ReadAttributes(JsonElement? section, List<string> errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (section is not { } s) return result;
        Unknown(s, "attributes", PageRoles.Attributes, "attributes", errors);
        foreach (var name in PageRoles.Attributes)
        {
            var value = String(s, name, $"attributes.{name}", errors, "give the attribute that holds the record's id, e.g. \"data-id\"");
            if (value is null) continue;
            if (!AttributeName().IsMatch(value))
                errors.Add($"attributes.{name}: '{value}' is not an attribute name; the flows read the record's id from it; use letters, digits, '-', '_', ':' or '.', e.g. \"data-id\"");
            else result[name] = value;
        }
        return result;
    }

    // ---- token, format, test data ----

    private static TokenStorage? ReadToken(JsonElement? section, List<string> errors)
    {
        if (section is not { } s) return null;
        Unknown(s, "token", ["storage", "key"], "keys", errors);
        var storage = String(s, "storage", "token.storage", errors, "use sessionStorage or localStorage");
        var key = String(s, "key", "token.key", errors, "give the storage key the frontend keeps the token under");
        if (storage is not null && !TokenStorage.Kinds.Contains(storage))
        {
            errors.Add($"token.storage: '{storage}' is not a storage kind; the flows read and change the token in the page's web storage; use {string.Join(" or ", TokenStorage.Kinds)}");
            return null;
        }
        return storage is null || key is null ? null : new TokenStorage(storage, key);
    }

    private static UiFormat? ReadFormat(JsonElement? section, List<string> errors)
    {
        if (section is not { } s) return null;
        Unknown(s, "format", ["locale", "timeZone", "decimalSeparator", "inputDecimalSeparator", "dateShown", "dateInput"], "keys", errors);
        var locale = String(s, "locale", "format.locale", errors, "give a BCP 47 language tag (language-REGION)");
        if (locale is not null && !LocaleTag().IsMatch(locale))
            errors.Add($"format.locale: '{locale}' is not a language tag; the browser runs with it; give a BCP 47 language tag (language-REGION)");
        var zone = String(s, "timeZone", "format.timeZone", errors, "give an IANA time zone name (Area/City)");
        if (zone is not null && !TimeZoneName().IsMatch(zone))
            errors.Add($"format.timeZone: '{zone}' is not a time zone name; the browser runs in it; give an IANA time zone name (Area/City)");
        var separator = Separator(s, "decimalSeparator", errors);
        var inputSeparator = Separator(s, "inputDecimalSeparator", errors);
        var shown = DateFormat(s, "dateShown", errors);
        var input = DateFormat(s, "dateInput", errors);
        if (locale is null || zone is null || separator is null || inputSeparator is null || shown is null || input is null) return null;
        return new UiFormat(locale, zone, separator.Value, inputSeparator.Value, shown, input);
    }

    private static char? Separator(JsonElement s, string name, List<string> errors)
    {
        var value = String(s, name, $"format.{name}", errors, "use \".\" or \",\"");
        if (value is null) return null;
        if (value is "." or ",") return value[0];
        errors.Add($"format.{name}: '{value}' is not a decimal separator; amounts are compared as numbers; use \".\" or \",\"");
        return null;
    }

    private static string? DateFormat(JsonElement s, string name, List<string> errors)
    {
        var value = String(s, name, $"format.{name}", errors, "give a date format such as \"yyyy-MM-dd\" or \"dd/MM/yyyy\"");
        if (value is null) return null;
        var sample = new DateTime(2031, 12, 24, 0, 0, 0, DateTimeKind.Unspecified);
        try
        {
            var text = sample.ToString(value, CultureInfo.InvariantCulture);
            if (DateTime.TryParseExact(text, value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) && back == sample) return value;
        }
        catch (FormatException) { }
        errors.Add($"format.{name}: '{value}' is not a date format that keeps day, month and year; UI dates are compared with the API's; give one such as \"yyyy-MM-dd\" or \"dd/MM/yyyy\"");
        return null;
    }

    private static TestDataValues? ReadTestData(JsonElement? section, List<string> errors)
    {
        if (section is not { } s) return null;
        string[] amounts = ["monto", "montoEdited", "montoApi"];
        string[] conceptos = ["conceptoUi", "conceptoApi", "conceptoEdited"];
        Unknown(s, "testData", ["categoria", "apiCategoria", .. amounts, .. conceptos], "keys", errors);
        var categoria = String(s, "categoria", "testData.categoria", errors, "give a category value the API accepts");
        var apiCategoria = String(s, "apiCategoria", "testData.apiCategoria", errors, "give a category value the API accepts");
        var values = amounts.Select(a => Amount(s, a, errors)).ToArray();
        var templates = conceptos.Select(c => Concepto(s, c, errors)).ToArray();
        if (templates[0] is not null && templates[0] == templates[2])
            errors.Add("testData.conceptoEdited: the same as conceptoUi; the flow finds the edited row by its new concepto; make it differ, e.g. \"{tag} UI {suffix} editado\"");
        if (categoria is null || apiCategoria is null || values.Any(v => v is null) || templates.Any(t => t is null)) return null;
        return new TestDataValues(categoria, apiCategoria, values[0]!.Value, values[1]!.Value, values[2]!.Value, templates[0]!, templates[1]!, templates[2]!);
    }

    private static decimal? Amount(JsonElement s, string name, List<string> errors)
    {
        if (!s.TryGetProperty(name, out var v))
        {
            errors.Add($"testData.{name}: missing; the round-trip flow writes this amount; give a number such as 1234.56");
            return null;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && d > 0 && decimal.Round(d, 2) == d) return d;
        errors.Add($"testData.{name}: {v.GetRawText()} is not an amount; the UI and the API compare it to the cent; give a positive number with at most 2 decimals");
        return null;
    }

    private static string? Concepto(JsonElement s, string name, List<string> errors)
    {
        var value = String(s, name, $"testData.{name}", errors, "give a template such as \"{tag} UI {suffix}\"");
        if (value is null) return null;
        var ok = true;
        foreach (var p in PlaceholdersIn(value).Where(p => p is not ("tag" or "suffix")))
        {
            errors.Add($"testData.{name}: unknown placeholder {{{p}}}; a concepto is filled with the run's tag and a suffix only; allowed: {{tag}}, {{suffix}}");
            ok = false;
        }
        foreach (var p in new[] { "tag", "suffix" }.Where(p => !value.Contains("{" + p + "}", StringComparison.Ordinal)))
        {
            errors.Add($"testData.{name}: '{value}' lacks {{{p}}}; " + (p == "tag"
                ? "cleanup removes only what carries the run's tag"
                : "each attempt must write a concepto of its own") + "; e.g. \"{tag} UI {suffix}\"");
            ok = false;
        }
        return ok ? value : null;
    }

    // ---- API routes ----

    private static ApiRoutes? ReadApi(JsonElement? section, List<string> errors)
    {
        if (section is not { } s) return null;
        Unknown(s, "api", Routes.Select(r => r.Name), "routes", errors);
        var read = Routes.Select(r => ReadRoute(s, r, errors)).ToArray();
        if (read.Any(r => r is null)) return null;
        return new ApiRoutes(read[0]!, read[1]!, read[2]!, read[3]!, read[4]!, read[5]!);
    }

    private static ApiRoute? ReadRoute(JsonElement api, (string Name, string[] Allowed, string[] Required, string[] Pointers) route, List<string> errors)
    {
        var where = $"api.{route.Name}";
        if (!api.TryGetProperty(route.Name, out var r))
        {
            errors.Add($"{where}: missing; the flows call or compare with this route; give {{\"path\": \"/…\"}}");
            return null;
        }
        if (r.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: not an object; a route is {{\"path\": …}} with optional JSON Pointers; e.g. {{\"path\": \"/items\"}}");
            return null;
        }
        Unknown(r, where, ["path", .. route.Pointers], "keys", errors);
        var path = String(r, "path", $"{where}.path", errors, "give a path template such as \"/items/{id}\"");
        var ok = path is not null;
        if (path is not null)
        {
            if (!path.StartsWith('/'))
            {
                errors.Add($"{where}.path: '{path}' does not start with '/'; a route is a path on apiBaseUrl; e.g. \"/items/{{id}}\"");
                ok = false;
            }
            var allowed = route.Allowed.Length == 0 ? "none" : string.Join(", ", route.Allowed.Select(p => "{" + p + "}"));
            foreach (var p in PlaceholdersIn(path).Where(p => !route.Allowed.Contains(p)))
            {
                errors.Add($"{where}.path: " + (Placeholders.Contains(p) ? $"placeholder {{{p}}} does not apply to this route" : $"unknown placeholder {{{p}}}") +
                           $"; the flows fill only the values a route needs; allowed here: {allowed}");
                ok = false;
            }
            foreach (var p in route.Required.Where(p => !path.Contains("{" + p + "}", StringComparison.Ordinal)))
            {
                errors.Add($"{where}.path: '{path}' lacks {{{p}}}; the flows fill it with the record they address; allowed here: {allowed}");
                ok = false;
            }
        }
        var pointers = new Dictionary<string, string?>();
        foreach (var name in route.Pointers)
        {
            if (!r.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) { pointers[name] = null; continue; }
            var pointer = v.ValueKind == JsonValueKind.String ? v.GetString()! : null;
            if (pointer is null || !JsonPointers.IsValid(pointer))
            {
                errors.Add($"{where}.{name}: {(pointer is null ? v.GetRawText() : $"'{pointer}'")} is not a JSON Pointer; the flows read the answer there; give \"\" (the whole body) or a pointer starting with '/', e.g. \"/data\"");
                ok = false;
            }
            pointers[name] = pointer;
        }
        if (!ok) return null;
        return new ApiRoute(path!, pointers.GetValueOrDefault("itemsPointer") ?? "", pointers.GetValueOrDefault("totalPointer"),
            pointers.GetValueOrDefault("itemPointer") ?? "", pointers.GetValueOrDefault("namePointer") ?? "");
    }

    // ---- helpers ----

    private static JsonElement? Section(JsonElement root, string name, List<string> errors)
    {
        if (root.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.Object) return s;
        errors.Add($"{name}: {(root.TryGetProperty(name, out _) ? "not an object" : "missing")}; a page map has the sections {string.Join(", ", Sections)}; see scenarios/e2e/page-map.json");
        return null;
    }

    private static string? String(JsonElement obj, string name, string where, List<string> errors, string allowed)
    {
        if (!obj.TryGetProperty(name, out var v))
        {
            errors.Add($"{where}: missing; the flows need it; {allowed}");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            errors.Add($"{where}: {(v.ValueKind == JsonValueKind.String ? "empty" : v.GetRawText() + " is not a text")}; the flows need it; {allowed}");
            return null;
        }
        return v.GetString()!;
    }

    private static void Unknown(JsonElement obj, string where, IEnumerable<string> known, string what, List<string> errors)
    {
        var list = known.ToList();
        foreach (var p in obj.EnumerateObject().Where(p => !list.Contains(p.Name)))
            errors.Add($"{(where.Length == 0 ? "" : where + ".")}{p.Name}: unknown key; the page map has no such entry (a misspelling?); known {what}: {string.Join(", ", list)}");
    }

    private static IEnumerable<string> PlaceholdersIn(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.:-]*$")]
    private static partial Regex AttributeName();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LocaleTag();

    [GeneratedRegex(@"^[A-Za-z0-9_+\-/]+$")]
    private static partial Regex TimeZoneName();
}
