using System.Globalization;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz;

/// <summary>
/// Settings of the authorization gate's data checks (OWASP API3 broken object property level authorization, API1 on
/// lists): the field names only the server sets (authzServerFields, besides the contract's readOnly properties), the
/// field names no answer may carry (authzSecretFieldNames), and how an empresa's list is walked (authzListPaging with
/// {page}, at most inventoryMaxPages pages; the total at authzListTotalPointer, empty for none; each item's empresa at
/// authzListFilterPointer).
/// </summary>
public sealed record AuthzDataOptions(
    IReadOnlyList<string> ServerFields,
    IReadOnlyList<string> SecretFieldNames,
    string ListPaging,
    string ListTotalPointer,
    string ListFilterPointer,
    int ListMaxPages)
{
    public static AuthzDataOptions Default { get; } = new(Names(SettingsCatalog.AuthzServerFields.Default!), Names(SettingsCatalog.AuthzSecretFieldNames.Default!),
        SettingsCatalog.AuthzListPaging.Default!, SettingsCatalog.AuthzListTotalPointer.Default!, SettingsCatalog.AuthzListFilterPointer.Default!,
        int.Parse(SettingsCatalog.InventoryMaxPages.Default!, CultureInfo.InvariantCulture));

    /// <summary>The query of page <paramref name="page"/> (appended to the list query with '&amp;').</summary>
    public string Page(int page) => ListPaging.Replace("{page}", page.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads and validates the data checks' settings, adding every problem to <paramref name="errors"/> ("what; reason; what is allowed").</summary>
    public static AuthzDataOptions From(TargetOptions target, List<string> errors)
    {
        static string Name(SettingDefinition d) => SettingsReader.Name(d);
        var serverRaw = target.Setting(SettingsCatalog.AuthzServerFields) ?? SettingsCatalog.AuthzServerFields.Default!;
        var server = Names(serverRaw);
        if (server.Any(n => !IsFieldName(n)))
            errors.Add($"{Name(SettingsCatalog.AuthzServerFields)}: '{serverRaw}' is not a list of field names; only comma-separated names of letters, digits, '_' and '-' are allowed, e.g. {SettingsCatalog.AuthzServerFields.Default}.");
        var secretRaw = target.Setting(SettingsCatalog.AuthzSecretFieldNames) ?? SettingsCatalog.AuthzSecretFieldNames.Default!;
        var secret = Names(secretRaw);
        if (secret.Count == 0 || secret.Any(n => !IsFieldName(n)))
            errors.Add($"{Name(SettingsCatalog.AuthzSecretFieldNames)}: '{secretRaw}' is not a list of field names; at least one comma-separated name of letters, digits, '_' and '-' is required, e.g. password,secret,apiKey.");
        var paging = target.Setting(SettingsCatalog.AuthzListPaging) ?? SettingsCatalog.AuthzListPaging.Default!;
        if (!paging.Contains("{page}", StringComparison.Ordinal) || paging.StartsWith('?') || paging.StartsWith('&') || paging.Any(char.IsWhiteSpace) || paging.Contains('#'))
            errors.Add($"{Name(SettingsCatalog.AuthzListPaging)}: '{paging}' is not a paging query; it must hold {{page}}, without a leading '?' or '&', spaces or '#'; e.g. {SettingsCatalog.AuthzListPaging.Default}.");
        var total = target.Setting(SettingsCatalog.AuthzListTotalPointer) ?? SettingsCatalog.AuthzListTotalPointer.Default!;
        if (total.Length > 0 && JsonPointers.Problem(total) is not null)
            errors.Add($"{Name(SettingsCatalog.AuthzListTotalPointer)}: '{total}' is not a JSON Pointer; it must start with '/' (RFC 6901), e.g. /total or /meta/total, or be empty when the list carries no total.");
        var filter = target.Setting(SettingsCatalog.AuthzListFilterPointer) ?? SettingsCatalog.AuthzListFilterPointer.Default!;
        if (filter.Length == 0 || JsonPointers.Problem(filter) is not null)
            errors.Add($"{Name(SettingsCatalog.AuthzListFilterPointer)}: '{filter}' is not a JSON Pointer; it must start with '/' (RFC 6901), e.g. /empresaId.");
        // inventoryMaxPages is validated (1 to 100) with the contracts settings before any request; here only read.
        var pages = int.TryParse(target.Setting(SettingsCatalog.InventoryMaxPages), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : Default.ListMaxPages;
        return new AuthzDataOptions(server, secret, paging, total, filter, pages);
    }

    private static IReadOnlyList<string> Names(string raw) =>
        raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    private static bool IsFieldName(string name) => name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
