using Sirim.Verification.Core.Http;
using System.Text.Json;

namespace Sirim.Verification.LoadGate.Routes;

/// <summary>What a critical route does under load.</summary>
public enum RouteKind
{
    /// <summary>A request built from the route's template (method, path, body), authenticated with the suite's bearer token.</summary>
    Request,

    /// <summary>A login with the verification user's credentials (POST loginPath).</summary>
    Login,
}

/// <summary>
/// How the item a route created is removed again: <see cref="Method"/> on <see cref="Path"/> (with <c>{id}</c>),
/// answered with one of <see cref="Expect"/>; after the run each deletion is read back with GET <see cref="ReadBack"/>:
/// 404 proves it gone, 200 shows it still there.
/// </summary>
public sealed record CleanupTemplate(string Method, string Path, IReadOnlyList<int> Expect, string ReadBack);

/// <summary>
/// The list operation of the collection a write route creates in: GET <see cref="Path"/> (the route placeholders, plus
/// <c>{page}</c> for a paged list, read at most inventoryMaxPages pages), the items at <see cref="ItemsPointer"/> (RFC 6901;
/// "" = the answer is the array), each item's id at <see cref="IdPointer"/> and, when given, the total count at
/// <see cref="TotalPointer"/>. Listed before the load and after the cleanup, so leftovers the ledger did not track are found.
/// </summary>
public sealed record InventoryTemplate(string Path, string ItemsPointer = "", string IdPointer = "/id", string? TotalPointer = null)
{
    /// <summary>The list is read page by page (<c>{page}</c> from 1).</summary>
    public bool Paged => Path.Contains("{page}", StringComparison.Ordinal);
}

/// <summary>
/// One critical route of <c>scenarios/load/routes.json</c> and its share of the iterations. A request route is a
/// template: any method, a path and a JSON body with placeholders (see <see cref="Placeholders"/>), the statuses that
/// count as success, and, for a route that creates something, where the created id is (a JSON Pointer into the
/// answer, or the Location header) and how it is cleaned up.
/// </summary>
public sealed record CriticalRoute(string Name, RouteKind Kind, string? Path, int Weight)
{
    public string Method { get; init; } = Kind == RouteKind.Login ? "POST" : "GET";

    /// <summary>The JSON body template (string values may hold placeholders), or null for no body.</summary>
    public JsonElement? Body { get; init; }

    /// <summary>Statuses that count as success.</summary>
    public IReadOnlyList<int> Expect { get; init; } = [200];

    /// <summary>RFC 6901 pointer to the created id in the answer (e.g. /id, /data/id); null when the id comes from Location or nothing is created.</summary>
    public string? CreatedIdPointer { get; init; }

    /// <summary>The created id is the last segment of the Location header.</summary>
    public bool CreatedIdFromLocation { get; init; }

    /// <summary>How the created item is removed; null when the route creates nothing.</summary>
    public CleanupTemplate? Cleanup { get; init; }

    /// <summary>The list operation of the collection the route creates in; null when the route names none (no inventory is taken).</summary>
    public InventoryTemplate? Inventory { get; init; }

    /// <summary>The route changes data (anything but GET and HEAD): not sent in read-only mode.</summary>
    public bool Mutates => Kind == RouteKind.Request && Method is not ("GET" or "HEAD");

    /// <summary>"GET /api/gastos?empresaId={empresaId}", or "POST login".</summary>
    public string Describe() => Kind == RouteKind.Login ? "POST login" : $"{Method} {Path}";
}

/// <summary>Reads and validates <c>routes.json</c>; every problem is listed at once, each as "what; reason; what is allowed".</summary>
public static class RoutesFile
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] RouteFields = ["name", "kind", "method", "path", "body", "expect", "createdIdPointer", "createdIdFromLocation", "cleanup", "inventory", "weight"];
    private static readonly string[] CleanupFields = ["method", "path", "expect", "readBack"];
    private static readonly string[] InventoryFields = ["path", "itemsPointer", "idPointer", "totalPointer"];

    public static (IReadOnlyList<CriticalRoute> Routes, IReadOnlyList<string> Errors) Load(string path)
    {
        if (!File.Exists(path)) return ([], [$"routes file '{path}' does not exist (setting loadRoutesFile, SIRIM_LOAD_ROUTES_FILE)"]);
        return Parse(File.ReadAllText(path), System.IO.Path.GetFileName(path));
    }

    public static (IReadOnlyList<CriticalRoute> Routes, IReadOnlyList<string> Errors) Parse(string json, string source)
    {
        var errors = new List<string>();
        var routes = new List<CriticalRoute>();
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return ([], [$"{source}: not valid JSON ({ex.Message})"]);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("routes", out var list) || list.ValueKind != JsonValueKind.Array)
            return ([], [$"{source}: must be an object with a \"routes\" array"]);

        var i = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in list.EnumerateArray())
        {
            i++;
            if (r.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{source}: route #{i}: is not an object; each route is an object with at least a name");
                continue;
            }
            var name = Str(r, "name");
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
            {
                errors.Add($"{source}: route #{i}: name '{name}' is not a step name; it names the route in every report; allowed: letters, digits and '_' (e.g. list_gastos)");
                continue;
            }
            if (!names.Add(name)) errors.Add($"{source}: route #{i}: name '{name}' is used twice; each route is reported under its own name; allowed: a name not used before");
            var route = ParseRoute(r, $"{source}: route #{i} ({name})", name, errors);
            if (route is not null) routes.Add(route);
        }
        if (i == 0) errors.Add($"{source}: \"routes\" is empty; list at least one critical route");
        return errors.Count > 0 ? ([], errors) : (routes, errors);
    }

    private static CriticalRoute? ParseRoute(JsonElement r, string where, string name, List<string> errors)
    {
        var count = errors.Count;
        foreach (var field in r.EnumerateObject().Where(f => !RouteFields.Contains(f.Name)))
            errors.Add($"{where}: field '{field.Name}' is unknown; a misspelt field would be ignored silently; allowed: {string.Join(", ", RouteFields)}");

        var weight = 1;
        if (r.TryGetProperty("weight", out var w) && (w.ValueKind != JsonValueKind.Number || !w.TryGetInt32(out weight) || weight is < 1 or > 100))
            errors.Add($"{where}: weight must be a whole number from 1 to 100");

        var kindText = Str(r, "kind");
        if (kindText == "login")
        {
            foreach (var field in new[] { "method", "path", "body", "expect", "createdIdPointer", "createdIdFromLocation", "cleanup", "inventory" }.Where(f => r.TryGetProperty(f, out _)))
                errors.Add($"{where}: field '{field}' does not apply to a login route; it sends the login of the suite's settings (loginPath); allowed: name, kind, weight");
            return errors.Count > count ? null : new CriticalRoute(name, RouteKind.Login, null, weight) { Expect = [200] };
        }
        if (kindText is not (null or "get" or "request"))
            errors.Add($"{where}: kind '{kindText}' is unknown; allowed: login, or a request template (method, path, body, ...; kind omitted or 'request'; 'get' is GET)");

        var method = (Str(r, "method") ?? (kindText == "get" ? "GET" : null))?.ToUpperInvariant();
        if (kindText == "get" && method is not (null or "GET")) errors.Add($"{where}: kind 'get' with method '{method}'; kind 'get' means GET; allowed: omit the kind, or method GET");
        if (method is null || !Methods.Contains(method))
            errors.Add($"{where}: method '{Str(r, "method")}' is not supported; allowed: {string.Join(", ", Methods)}");

        var path = Str(r, "path");
        if (path is null || !path.StartsWith('/')) errors.Add($"{where}: path '{path}' must start with '/' (e.g. /api/gastos?empresaId={{empresaId}})");
        else CheckText(path, $"{where}: path", inBody: false, idKnown: false, errors);

        JsonElement? body = null;
        if (r.TryGetProperty("body", out var b))
        {
            if (method is "GET" or "HEAD" or "DELETE")
                errors.Add($"{where}: body is given for {method}; a {method} request carries no body here; allowed: a body with POST, PUT or PATCH");
            else if (b.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                errors.Add($"{where}: body must be a JSON object or array (sent as application/json); string values may hold placeholders");
            else
            {
                CheckBody(b, $"{where}: body", errors);
                body = b.Clone();
            }
        }

        var expect = Statuses(r, "expect", $"{where}: expect", method switch
        {
            "GET" or "HEAD" => [200],
            "POST" => [200, 201],
            _ => [200, 204],
        }, errors);

        var pointer = Str(r, "createdIdPointer");
        if (r.TryGetProperty("createdIdPointer", out var p) && p.ValueKind != JsonValueKind.String)
            errors.Add($"{where}: createdIdPointer must be a string; it is an RFC 6901 JSON Pointer into the create answer (e.g. /id or /data/id)");
        else if (pointer is not null && JsonPointers.Problem(pointer) is { } pointerProblem)
            errors.Add($"{where}: createdIdPointer '{pointer}' is not a JSON Pointer; {pointerProblem}");
        var fromLocation = false;
        if (r.TryGetProperty("createdIdFromLocation", out var loc))
        {
            if (loc.ValueKind is JsonValueKind.True or JsonValueKind.False) fromLocation = loc.GetBoolean();
            else errors.Add($"{where}: createdIdFromLocation must be true or false");
        }
        if (pointer is not null && fromLocation)
            errors.Add($"{where}: createdIdPointer and createdIdFromLocation are both given; the id has one source; allowed: one of them");

        CleanupTemplate? cleanup = null;
        if (r.TryGetProperty("cleanup", out var c))
        {
            cleanup = ParseCleanup(c, $"{where}: cleanup", errors);
            if (pointer is null && !fromLocation)
                errors.Add($"{where}: cleanup is given but not where the created id is; the cleanup needs {{id}}; allowed: createdIdPointer (e.g. /id) or createdIdFromLocation: true");
        }
        else if (pointer is not null || fromLocation)
            errors.Add($"{where}: the created id is taken but there is no cleanup; what the load creates must be removed again; allowed: a cleanup object (method, path with {{id}})");

        InventoryTemplate? inventory = null;
        if (r.TryGetProperty("inventory", out var inv))
        {
            inventory = ParseInventory(inv, $"{where}: inventory", errors);
            if (!r.TryGetProperty("cleanup", out _))
                errors.Add($"{where}: inventory is given on a route without a cleanup; the inventory lists the collection a write route creates in; allowed: inventory on a route with createdIdPointer (or createdIdFromLocation) and cleanup");
        }

        if (errors.Count > count || method is null || path is null) return null;
        return new CriticalRoute(name, RouteKind.Request, path, weight)
        {
            Method = method, Body = body, Expect = expect, CreatedIdPointer = pointer, CreatedIdFromLocation = fromLocation, Cleanup = cleanup, Inventory = inventory,
        };
    }

    private static CleanupTemplate? ParseCleanup(JsonElement c, string where, List<string> errors)
    {
        if (c.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: must be an object (method, path with {{id}}, expect, readBack)");
            return null;
        }
        var count = errors.Count;
        foreach (var field in c.EnumerateObject().Where(f => !CleanupFields.Contains(f.Name)))
            errors.Add($"{where}: field '{field.Name}' is unknown; a misspelt field would be ignored silently; allowed: {string.Join(", ", CleanupFields)}");
        var method = (Str(c, "method") ?? "DELETE").ToUpperInvariant();
        if (method is not ("DELETE" or "POST" or "PUT" or "PATCH"))
            errors.Add($"{where}: method '{method}' does not remove anything; allowed: DELETE (default), POST, PUT, PATCH");
        var path = Str(c, "path");
        var readBack = Str(c, "readBack");
        foreach (var (field, value) in readBack is null ? new[] { ("path", path) } : [("path", path), ("readBack", readBack)])
        {
            if (value is null || !value.StartsWith('/')) errors.Add($"{where}: {field} '{value}' must start with '/' (e.g. /api/gastos/{{id}})");
            else if (!Placeholders.In(value).Any(x => x.Name == "id"))
                errors.Add($"{where}: {field} '{value}' has no {{id}}; it must name the created item; allowed: a path with {{id}} (e.g. /api/gastos/{{id}})");
            else CheckText(value, $"{where}: {field}", inBody: false, idKnown: true, errors);
        }
        var expect = Statuses(c, "expect", $"{where}: expect", [200, 204], errors);
        return errors.Count > count ? null : new CleanupTemplate(method, path!, expect, readBack ?? path!);
    }

    private static InventoryTemplate? ParseInventory(JsonElement i, string where, List<string> errors)
    {
        if (i.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: must be an object (path, itemsPointer, idPointer, totalPointer)");
            return null;
        }
        var count = errors.Count;
        foreach (var field in i.EnumerateObject().Where(f => !InventoryFields.Contains(f.Name)))
            errors.Add($"{where}: field '{field.Name}' is unknown; a misspelt field would be ignored silently; allowed: {string.Join(", ", InventoryFields)}");
        var path = Str(i, "path");
        if (path is null || !path.StartsWith('/'))
            errors.Add($"{where}: path '{path}' must start with '/'; it is the GET of the collection's list (e.g. /api/gastos?empresaId={{empresaId}}&page={{page}}&pageSize=100)");
        else
            foreach (var p in Placeholders.In(path).Distinct().Where(p => p.Name != "page" || p.Number))
                if (Placeholders.Problem(p, inBody: false, idKnown: false, wholeValue: false) is { } problem)
                    errors.Add($"{where}: path: {problem}{(p.Name == "id" ? "" : "; {page} (the page number, from 1) is allowed here too")}");
        string? Pointer(string field, string? fallback)
        {
            if (!i.TryGetProperty(field, out var v)) return fallback;
            if (v.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{where}: {field} must be a string; it is an RFC 6901 JSON Pointer into the list's answer (\"\" = the whole answer, e.g. /items or /data)");
                return fallback;
            }
            var text = v.GetString()!;
            if (JsonPointers.Problem(text) is { } problem) errors.Add($"{where}: {field} '{text}' is not a JSON Pointer; {problem}");
            return text;
        }
        var items = Pointer("itemsPointer", "")!;
        var id = Pointer("idPointer", "/id")!;
        if (id.Length == 0) errors.Add($"{where}: idPointer is empty; it points into each item to its id; allowed: a pointer such as /id");
        var total = Pointer("totalPointer", null);
        return errors.Count > count ? null : new InventoryTemplate(path!, items, id, string.IsNullOrEmpty(total) ? null : total);
    }

    private static IReadOnlyList<int> Statuses(JsonElement e, string field, string where, IReadOnlyList<int> fallback, List<string> errors)
    {
        if (!e.TryGetProperty(field, out var v)) return fallback;
        var list = new List<int>();
        if (v.ValueKind == JsonValueKind.Array)
            foreach (var item in v.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var s) && s is >= 100 and <= 599) list.Add(s);
                else { list.Clear(); break; }
        if (list.Count == 0) errors.Add($"{where} must be a non-empty array of HTTP statuses (100 to 599), e.g. [201]");
        return list.Count == 0 ? fallback : list.Distinct().ToList();
    }

    private static void CheckText(string text, string where, bool inBody, bool idKnown, List<string> errors)
    {
        var whole = Placeholders.WholeNumber(text) is not null;
        foreach (var p in Placeholders.In(text).Distinct())
            if (Placeholders.Problem(p, inBody, idKnown, whole) is { } problem) errors.Add($"{where}: {problem}");
    }

    private static void CheckBody(JsonElement e, string where, List<string> errors)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) CheckBody(p.Value, where, errors);
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) CheckBody(item, where, errors);
                break;
            case JsonValueKind.String:
                CheckText(e.GetString()!, where, inBody: true, idKnown: false, errors);
                break;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
