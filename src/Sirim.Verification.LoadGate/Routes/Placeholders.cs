using System.Text.RegularExpressions;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.LoadGate.Routes;

/// <summary>One placeholder of a route template: <c>{name}</c>, or <c>{name:number}</c> (a whole body value written as a JSON number).</summary>
public sealed record Placeholder(string Name, bool Number)
{
    public override string ToString() => "{" + Name + (Number ? ":number" : "") + "}";
}

/// <summary>
/// The placeholders of the load's route templates (<c>scenarios/load/routes.json</c>): the run's values
/// (<c>{runId}</c>, <c>{tag}</c>, <c>{date}</c>), per-request values (<c>{n}</c> the request's sequence number,
/// <c>{uuid}</c> a fresh UUID), <c>{id}</c> (the created item, cleanup only), <c>{empresaId}</c> (= loadEmpresaId, as
/// before) and any non-secret setting key (e.g. <c>{loadEmpresaId}</c>). Names are checked when the file is read,
/// values when the plan is made: nothing is sent with an unknown placeholder.
/// </summary>
public static partial class Placeholders
{
    /// <summary>Values of the run and of each request, as opposed to setting keys.</summary>
    public static readonly IReadOnlyList<string> BuiltIn = ["runId", "tag", "date", "n", "uuid", "id", "empresaId"];

    /// <summary>Built-in values that are numbers (allowed with <c>:number</c>).</summary>
    private static readonly HashSet<string> Numeric = ["n"];

    public const string Allowed = "{runId}, {tag}, {date}, {n}, {uuid}, {empresaId}, {id} (cleanup only) and any non-secret setting key (e.g. {loadEmpresaId})";

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)(:number)?\}")]
    private static partial Regex Pattern();

    /// <summary>The placeholders in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<Placeholder> In(string text) =>
        Pattern().Matches(text).Select(m => new Placeholder(m.Groups[1].Value, m.Groups[2].Success)).ToList();

    /// <summary>Whether <paramref name="text"/> is exactly one <c>{name:number}</c> placeholder (a body value written as a JSON number).</summary>
    public static Placeholder? WholeNumber(string text)
    {
        var m = Pattern().Match(text);
        return m.Success && m.Index == 0 && m.Length == text.Length && m.Groups[2].Success ? new(m.Groups[1].Value, true) : null;
    }

    /// <summary>Replaces every placeholder of <paramref name="text"/> by <paramref name="value"/> of its name.</summary>
    public static string Expand(string text, Func<string, string> value) =>
        text.Contains('{') ? Pattern().Replace(text, m => value(m.Groups[1].Value)) : text;

    /// <summary>The setting a placeholder names (<c>{empresaId}</c> is loadEmpresaId), or null for a built-in value.</summary>
    public static SettingDefinition? Setting(string name) => name switch
    {
        "empresaId" => SettingsCatalog.LoadEmpresaId,
        _ when BuiltIn.Contains(name) => null,
        _ => SettingsCatalog.All.FirstOrDefault(d => d.Key == name),
    };

    /// <summary>
    /// Why <paramref name="p"/> cannot stand where it is, in the form "what; reason; what is allowed", or null.
    /// <paramref name="inBody"/>: a body string value (where <c>:number</c> may be used); <paramref name="idKnown"/>: a cleanup template.
    /// </summary>
    public static string? Problem(Placeholder p, bool inBody, bool idKnown, bool wholeValue)
    {
        var setting = Setting(p.Name);
        if (!BuiltIn.Contains(p.Name) && setting is null)
            return $"placeholder '{p}' is unknown; it names no value of the run and no setting; allowed: {Allowed}";
        if (setting is { IsSecret: true })
            return $"placeholder '{p}' names a secret; a secret never goes into a request built from a file (it would reach the evidence); allowed: {Allowed}";
        if (p.Name == "id" && !idKnown)
            return $"placeholder '{p}' is known only once the item is created; allowed in cleanup.path and cleanup.readBack";
        if (!p.Number) return null;
        if (!inBody)
            return $"placeholder '{p}' is in a path, which is text; ':number' is allowed only as a whole string value of the body (e.g. \"empresaId\": \"{{loadEmpresaId:number}}\")";
        if (!wholeValue)
            return $"placeholder '{p}' shares its string with other text; ':number' must be the whole string value (e.g. \"empresaId\": \"{{loadEmpresaId:number}}\")";
        if (setting is null && !Numeric.Contains(p.Name))
            return $"placeholder '{p}' is text, not a number; ':number' is allowed with {{n}} and with numeric settings (e.g. {{loadEmpresaId:number}})";
        return null;
    }
}
