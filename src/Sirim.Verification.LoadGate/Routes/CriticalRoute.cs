using System.Text.Json;

namespace Sirim.Verification.LoadGate.Routes;

/// <summary>What a critical route does under load.</summary>
public enum RouteKind
{
    /// <summary>An authenticated GET (e.g. the gastos list of one empresa).</summary>
    Get,

    /// <summary>A login with the verification user's credentials (POST loginPath).</summary>
    Login,

    /// <summary>One write: creates a gasto tagged with the run id, then deletes it (skipped in read-only mode).</summary>
    Write,
}

/// <summary>One critical route of <c>scenarios/load/routes.json</c> and its share of the iterations.</summary>
public sealed record CriticalRoute(string Name, RouteKind Kind, string? Path, int Weight);

/// <summary>Reads and validates <c>routes.json</c>; every problem is listed at once.</summary>
public static class RoutesFile
{
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
        foreach (var r in list.EnumerateArray())
        {
            i++;
            string? Str(string name) => r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var where = $"{source}: route #{i}";
            var name = Str("name");
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
            {
                errors.Add($"{where}: name '{name}' must be a step name of letters, digits and '_' (e.g. list_gastos)");
                continue;
            }
            RouteKind? kind = Str("kind") switch { "get" => RouteKind.Get, "login" => RouteKind.Login, "write" => RouteKind.Write, _ => null };
            if (kind is null) errors.Add($"{where} ({name}): kind '{Str("kind")}' is unknown; allowed: get, login, write");
            var path = Str("path");
            if (kind is RouteKind.Get or RouteKind.Write && (path is null || !path.StartsWith('/')))
                errors.Add($"{where} ({name}): path must start with '/' (e.g. /api/gastos?empresaId={{empresaId}})");
            var weight = 1;
            if (r.TryGetProperty("weight", out var w) && (w.ValueKind != JsonValueKind.Number || !w.TryGetInt32(out weight) || weight is < 1 or > 100))
                errors.Add($"{where} ({name}): weight must be a whole number from 1 to 100");
            if (routes.Any(x => x.Name == name)) errors.Add($"{where}: name '{name}' is used twice");
            if (kind is not null) routes.Add(new CriticalRoute(name, kind.Value, path, weight));
        }
        if (i == 0) errors.Add($"{source}: \"routes\" is empty; list at least one critical route");
        return errors.Count > 0 ? ([], errors) : (routes, errors);
    }
}
