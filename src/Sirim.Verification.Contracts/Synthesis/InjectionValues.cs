using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Sirim.Verification.Contracts.Document;

namespace Sirim.Verification.Contracts.Synthesis;

/// <summary>A string parameter (query or path) or a string body property (<see cref="Place"/> null) the injection case writes into.</summary>
public sealed record InjectionTarget(ParameterPlace? Place, string Name, IOpenApiSchema Schema)
{
    public string Describe => Place is { } p ? $"{p.ToString().ToLowerInvariant()} parameter '{Name}'" : $"body property '{Name}'";
}

/// <summary>One injection-shaped value: its stable name (in reports) and the text sent.</summary>
public sealed record InjectionValue(string Name, string Text);

/// <summary>
/// Injection-shaped input (OWASP WSTG-INPV-05 SQL injection, -05.6 NoSQL, WSTG-ATHZ-01 path traversal; OWASP ASVS V5.1
/// input validation): values a server that builds queries, paths or documents from text would interpret. A safe API
/// stores them, matches them literally or refuses them with 4xx; it never fails with 5xx and never returns more data.
/// </summary>
public static class InjectionValues
{
    /// <summary>In the order they are sent; the setting contractsInjectionPayloads keeps the first N.</summary>
    public static IReadOnlyList<InjectionValue> Catalogue { get; } =
    [
        new("single_quote", "'"),
        new("sql_or_true", "' OR '1'='1"),
        new("double_quote", "\"sirim\""),
        new("sql_statement", "1; DROP TABLE sirim_verify--"),
        new("nosql_operator", "{\"$ne\": null}"),
        new("path_traversal", "../../etc/passwd"),
        new("nul_byte", "sirim\u0000verify"),
        new("unicode", "Ñandú ☕ 💸 \u202Eabc\u202C مرحبا"),
        new("at_max_length", ""), // filled per field: a text of exactly its maxLength (left out where none is documented)
    ];

    private static readonly string[] FormattedStrings = ["date", "date-time", "time", "uuid", "byte", "binary", "password"];

    /// <summary>
    /// Where the injection case writes: string query parameters; string path parameters of reads only (a write to an
    /// injected id could reach data the run did not create); string body properties (not read-only) of secured operations.
    /// Enums and formatted strings (dates, uuids) are left out: their values are checked by the type cases.
    /// </summary>
    public static IReadOnlyList<InjectionTarget> Targets(ContractOperation op)
    {
        var targets = new List<InjectionTarget>();
        var read = op.Method is "GET" or "HEAD";
        foreach (var p in op.Parameters)
            if (p.Schema is { } s && IsFreeText(s) && (p.Place == ParameterPlace.Query || p.Place == ParameterPlace.Path && read))
                targets.Add(new InjectionTarget(p.Place, p.Name, s));
        if (op.Secured && op.RequestBody?.JsonMediaType is { } media && op.RequestBody.Content[media] is { } body)
            foreach (var (name, s) in body.Properties ?? new Dictionary<string, IOpenApiSchema>())
                if (!s.ReadOnly && IsFreeText(s)) targets.Add(new InjectionTarget(null, name, s));
        return targets;
    }

    /// <summary>The first <paramref name="count"/> values for a field of <paramref name="schema"/>, cut to its maxLength.</summary>
    /// <param name="suffix">Appended to each value (not to the one at maxLength): a text no stored item contains, so the
    /// value matches nothing when it is taken literally, while a server that interprets it still does what it says.</param>
    public static IReadOnlyList<InjectionValue> For(IOpenApiSchema schema, int count, string? suffix = null)
    {
        var max = schema.MaxLength is { } m and > 0 and < 100_000 ? m : (int?)null;
        var values = new List<InjectionValue>();
        foreach (var v in Catalogue.Take(count))
        {
            if (v.Name == "at_max_length")
            {
                if (max is { } n) values.Add(v with { Text = AtLength(n) });
                continue;
            }
            var text = v.Text + suffix;
            values.Add(v with { Text = max is { } limit && text.Length > limit ? text[..limit] : text });
        }
        return values;
    }

    /// <summary>The value as reports show it: a JSON string, quotes kept readable, control characters escaped, long ones cut.</summary>
    public static string Show(string text)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(text, new System.Text.Json.JsonSerializerOptions
            { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return json.Length > 48 ? json[..24] + $"…\" ({text.Length} characters)" : json;
    }

    /// <summary>Exactly maxLength characters, quoted at both ends: the longest text the field documents, which the server must take.</summary>
    private static string AtLength(int n) => n < 3 ? new string('x', n) : "'" + new string('x', n - 2) + "'";

    private static bool IsFreeText(IOpenApiSchema s) =>
        ValueSynthesizer.TypeOf(s) == JsonSchemaType.String && s.Enum is not { Count: > 0 } && !FormattedStrings.Contains(s.Format) && s.Pattern is null;
}
