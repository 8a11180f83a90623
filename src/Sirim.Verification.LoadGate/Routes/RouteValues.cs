using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.LoadGate.Routes;

/// <summary>The values of one request: its sequence number <c>{n}</c>, its <c>{uuid}</c>, the created item's <c>{id}</c> (cleanup only) and the list's <c>{page}</c> (inventory only).</summary>
public readonly record struct RequestValues(long N, string Uuid, string? Id = null, int? Page = null)
{
    public static RequestValues For(long n) => new(n, Guid.NewGuid().ToString());
}

/// <summary>
/// Fills the route templates: the run's values and the settings the routes name, bound (and checked) once before any
/// traffic, plus each request's own values. Values in a path are percent-encoded; values in a body are JSON strings,
/// or JSON numbers for <c>{name:number}</c>.
/// </summary>
public sealed partial class RouteValues
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    private RouteValues(string runId, IReadOnlyDictionary<string, string> settings)
    {
        RunId = runId;
        _settings = settings;
    }

    public string RunId { get; }

    /// <summary>The text <c>{tag}</c> stands for, which the created test data carries so that leftovers can be found.</summary>
    public string Tag => TagFor(RunId);

    public static string TagFor(string runId) => "sirim-verification load " + runId;

    /// <summary>
    /// Binds the settings every template names. Errors ("what; reason; what is allowed") for a setting without a value
    /// or a <c>:number</c> placeholder whose setting is not a number.
    /// </summary>
    public static (RouteValues? Values, IReadOnlyList<string> Errors) Bind(IReadOnlyList<CriticalRoute> routes, TargetOptions options)
    {
        var errors = new List<string>();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in routes)
            foreach (var p in Used(route).Distinct())
            {
                if (Placeholders.Setting(p.Name) is not { } definition) continue;
                var resolved = options.Settings.FirstOrDefault(s => s.Definition == definition);
                var value = resolved is null ? (definition.Default is { } d && !d.StartsWith('{') ? d : null) : resolved.Value;
                if (value is null)
                    errors.Add($"route {route.Name}: placeholder '{p}' has no value; setting {definition.Key} ({definition.EnvironmentVariable}) is not set; allowed: set it, or leave the placeholder out");
                else if (p.Number && !JsonNumber().IsMatch(value))
                    errors.Add($"route {route.Name}: placeholder '{p}' is '{value}', not a number; ':number' writes a JSON number; allowed: a numeric {definition.Key}, or '{{{p.Name}}}' inside a string");
                else settings[p.Name] = value;
            }
        return errors.Count > 0 ? (null, errors.Distinct().ToList()) : (new RouteValues(options.RunId, settings), errors);
    }

    /// <summary>Every placeholder a route's templates use (path, body, cleanup, read-back and inventory).</summary>
    public static IEnumerable<Placeholder> Used(CriticalRoute route)
    {
        var texts = new List<string>();
        if (route.Path is not null) texts.Add(route.Path);
        if (route.Cleanup is { } c) texts.AddRange([c.Path, c.ReadBack]);
        if (route.Inventory is { } i) texts.Add(i.Path);
        if (route.Body is { } body) Strings(body, texts);
        return texts.SelectMany(Placeholders.In);
    }

    /// <summary>The value of placeholder <paramref name="name"/> for one request.</summary>
    public string Value(string name, RequestValues request) => name switch
    {
        "runId" => RunId,
        "tag" => Tag,
        "date" => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "n" => request.N.ToString(CultureInfo.InvariantCulture),
        "uuid" => request.Uuid,
        "id" => request.Id ?? throw new InvalidOperationException("{id} is known only once the item is created"),
        "page" => request.Page?.ToString(CultureInfo.InvariantCulture) ?? throw new InvalidOperationException("{page} is known only in an inventory list request"),
        _ => _settings.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"placeholder {{{name}}} was not bound"),
    };

    /// <summary>The path with every placeholder filled (values percent-encoded).</summary>
    public string Path(string template, RequestValues request) =>
        Placeholders.Expand(template, name => Uri.EscapeDataString(Value(name, request)));

    /// <summary>The JSON body with every placeholder filled, or null when the route has no body.</summary>
    public string? Body(CriticalRoute route, RequestValues request)
    {
        if (route.Body is not { } template) return null;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, template, request);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Write(Utf8JsonWriter writer, JsonElement e, RequestValues request)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in e.EnumerateObject())
                {
                    writer.WritePropertyName(p.Name);
                    Write(writer, p.Value, request);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in e.EnumerateArray()) Write(writer, item, request);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var text = e.GetString()!;
                if (Placeholders.WholeNumber(text) is { } number) writer.WriteRawValue(Value(number.Name, request));
                else writer.WriteStringValue(Placeholders.Expand(text, name => Value(name, request)));
                break;
            default:
                e.WriteTo(writer);
                break;
        }
    }

    private static void Strings(JsonElement e, List<string> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) Strings(p.Value, into); break;
            case JsonValueKind.Array: foreach (var item in e.EnumerateArray()) Strings(item, into); break;
            case JsonValueKind.String: into.Add(e.GetString()!); break;
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
