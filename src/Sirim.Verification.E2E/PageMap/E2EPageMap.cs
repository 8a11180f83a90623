using System.Globalization;

namespace Sirim.Verification.E2E.PageMap;

/// <summary>
/// Everything the E2E flows assume about one deployment's frontend and API, read from the page map file (setting
/// <c>e2ePageMap</c>, default <c>scenarios/e2e/page-map.json</c>): the selector of each role, the attributes holding
/// record ids, where the frontend keeps the session token, how the UI shows amounts and dates, the test data and the
/// API routes the flows call or compare with. Loaded and validated by <see cref="PageMapLoader"/> before any browser or
/// request; immutable.
/// </summary>
public sealed record E2EPageMap(
    string Source,
    IReadOnlyDictionary<string, string> Selectors,
    IReadOnlyDictionary<string, string> Attributes,
    TokenStorage Token,
    UiFormat Format,
    TestDataValues Data,
    ApiRoutes Api)
{
    /// <summary>The Playwright selector of <paramref name="role"/> (one of <see cref="PageRoles.All"/>; the loader guarantees each is present).</summary>
    public string Selector(string role) => Selectors.TryGetValue(role, out var s)
        ? s
        : throw new KeyNotFoundException($"the page map {Source} has no selector for role '{role}'");

    /// <summary>The attribute named <paramref name="name"/> (one of <see cref="PageRoles.Attributes"/>).</summary>
    public string Attribute(string name) => Attributes.TryGetValue(name, out var a)
        ? a
        : throw new KeyNotFoundException($"the page map {Source} has no attribute '{name}'");

    /// <summary>How failure messages name an element: the role and its selector, e.g. <c>app.version #version</c>.</summary>
    public string Describe(string role) => $"{role} {Selector(role)}";
}

/// <summary>Where the frontend keeps the bearer token: <c>sessionStorage</c> or <c>localStorage</c>, under <see cref="Key"/>.</summary>
public sealed record TokenStorage(string Storage, string Key)
{
    public static IReadOnlyList<string> Kinds { get; } = ["sessionStorage", "localStorage"];

    /// <summary>For messages: the storage and the key, e.g. <c>localStorage 'token'</c>.</summary>
    public override string ToString() => $"{Storage} '{Key}'";
}

/// <summary>
/// How the UI shows what the flows compare with API values: the browser locale and time zone the page runs with, the
/// decimal separator of amounts shown in the list and typed into the form, and the date formats (.NET custom format
/// strings) of the list's date cells and of the form's date field.
/// </summary>
public sealed record UiFormat(string Locale, string TimeZone, char DecimalSeparator, char InputDecimalSeparator, string DateShown, string DateInput)
{
    /// <summary>The API's date format (ISO 8601 calendar date), what every UI date is converted to before comparing.</summary>
    public const string ApiDate = "yyyy-MM-dd";

    /// <summary>
    /// An amount as the UI shows it (a currency symbol, group separators, <see cref="DecimalSeparator"/>): only digits and the decimal separator
    /// count, so currency symbols and group separators of any locale are ignored. Null when no number is there.
    /// </summary>
    public decimal? ParseAmount(string text)
    {
        var kept = new string(text.Where(c => char.IsAsciiDigit(c) || c == DecimalSeparator).ToArray()).Replace(DecimalSeparator, '.');
        return decimal.TryParse(kept, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>An amount as typed into the form's amount field (no group separator).</summary>
    public string FormatAmountInput(decimal amount) =>
        amount.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', InputDecimalSeparator);

    /// <summary>A date cell's text in the API's format; the text as it is when it does not match <see cref="DateShown"/> (so a difference shows).</summary>
    public string ShownDateToApi(string text) => ToApi(text, DateShown);

    /// <summary>The form's date field value in the API's format.</summary>
    public string InputDateToApi(string text) => ToApi(text, DateInput);

    private static string ToApi(string text, string format) =>
        DateTime.TryParseExact(text.Trim(), format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString(ApiDate, CultureInfo.InvariantCulture)
            : text;
}

/// <summary>
/// The values the round-trip flow writes. Concepto templates take <c>{tag}</c> (the run's data tag, which cleanup
/// looks for: required) and <c>{suffix}</c> (unique per attempt: required).
/// </summary>
public sealed record TestDataValues(
    string Categoria,
    string ApiCategoria,
    decimal Monto,
    decimal MontoEdited,
    decimal MontoApi,
    string ConceptoUi,
    string ConceptoApi,
    string ConceptoEdited)
{
    public static string Concepto(string template, string tag, string suffix) =>
        template.Replace("{tag}", tag, StringComparison.Ordinal).Replace("{suffix}", suffix, StringComparison.Ordinal);
}

/// <summary>
/// One API route: a path template (placeholders <c>{id}</c>, <c>{empresaId}</c>, <c>{page}</c>, <c>{pageSize}</c>) and,
/// where the flows read the answer, JSON Pointers (RFC 6901) into it: <see cref="ItemsPointer"/> (a list's items; ""
/// = the body is the array), <see cref="TotalPointer"/> (a page's total count; null = read pages until an empty one),
/// <see cref="ItemPointer"/> (a single record; "" = the body) and <see cref="NamePointer"/> (the user's display name).
/// </summary>
public sealed record ApiRoute(string Path, string ItemsPointer = "", string? TotalPointer = null, string ItemPointer = "", string NamePointer = "")
{
    /// <summary>The path with each placeholder replaced by its value (values are URL-escaped).</summary>
    public string Fill(IReadOnlyDictionary<string, string>? values = null)
    {
        var path = Path;
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        return path;
    }

    public string Fill(long id) => Fill(new Dictionary<string, string> { ["id"] = id.ToString(CultureInfo.InvariantCulture) });

    /// <summary>The path without its query (what a recorded browser call is matched against).</summary>
    public static string WithoutQuery(string path) => path.Split('?')[0];
}

/// <summary>The API routes the flows call or compare with.</summary>
public sealed record ApiRoutes(ApiRoute Me, ApiRoute Empresas, ApiRoute GastosByEmpresa, ApiRoute GastoById, ApiRoute GastoCreate, ApiRoute GastoDelete);
