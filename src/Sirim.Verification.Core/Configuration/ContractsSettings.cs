namespace Sirim.Verification.Core.Configuration;

/// <summary>One contractsExclusions entry: "METHOD /path case: reason" ("*" for any method, path or case).</summary>
public sealed record ContractsExclusionEntry(string Method, string Path, string Case, string Reason);

/// <summary>The contracts gate's settings, parsed and range-checked.</summary>
public sealed record ContractsSettingValues(
    IReadOnlyList<ContractsExclusionEntry> Exclusions, long BodyLimitBytes, int Concurrency, string ErrorMediaType, string ErrorSchemaFile,
    int CleanupMaxAttempts = 3, int InventoryMaxPages = 10, string InventoryPageParameter = "page", int InjectionPayloads = 9)
{
    public const int MaxInjectionPayloadsDefault = 9;
}

/// <summary>
/// Reads and validates the contracts gate's settings (errorSchemaFile, errorMediaType, contractsExclusions,
/// contractsBodyLimitBytes, contractsConcurrency, cleanupMaxAttempts, inventoryMaxPages, inventoryPageParameter). <see cref="TargetOptionsLoader"/> runs it so a bad value is listed
/// with every other configuration error before any request; the gate reads its values through it too.
/// </summary>
public static class ContractsSettings
{
    public const long MaxBodyLimitBytes = 1L << 30;
    public const int MaxConcurrency = 32;
    public const int MaxCleanupAttempts = 10;
    public const int MaxInventoryPages = 100;

    /// <summary>The case ids an exclusion may name: the contracts gate's cases plus unknown_route (a contracts self-test keeps the two lists equal).</summary>
    public static IReadOnlyList<string> KnownCases { get; } =
    [
        "positive", "missing_required_parameter", "wrong_type", "out_of_range", "malformed_json", "wrong_content_type",
        "missing_credentials", "invalid_credentials", "unsupported_method", "body_too_large", "created_resource_fetchable",
        "deleted_resource_gone", "injection", "unknown_route",
    ];

    public static ContractsSettingValues Read(Func<SettingDefinition, string?> value, ICollection<string> errors)
    {
        var settings = new SettingsReader(value, errors);
        string Get(SettingDefinition d) => settings.Text(d);
        var exclusions = ParseExclusions(Get(SettingsCatalog.ContractsExclusions), errors);
        var limit = settings.Long(SettingsCatalog.ContractsBodyLimitBytes, 1, MaxBodyLimitBytes, "the API's request body limit, in bytes");
        var concurrency = settings.Int(SettingsCatalog.ContractsConcurrency, 1, MaxConcurrency, "how many requests run at the same time");
        var mediaType = Get(SettingsCatalog.ErrorMediaType).Trim();
        var parts = mediaType.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Any(c => char.IsWhiteSpace(c) || c is ';' or ',')))
            errors.Add($"{Name(SettingsCatalog.ErrorMediaType)}: '{mediaType}' is not a media type; write type/subtype, e.g. application/problem+json.");
        var schemaFile = Get(SettingsCatalog.ErrorSchemaFile).Trim();
        if (schemaFile.Length == 0)
            errors.Add($"{Name(SettingsCatalog.ErrorSchemaFile)} is empty; name the JSON Schema file of the error shape, e.g. contracts/problem-details.schema.json.");
        var attempts = settings.Int(SettingsCatalog.CleanupMaxAttempts, 1, MaxCleanupAttempts, "DELETE and read-back attempts per created resource");
        var pages = settings.Int(SettingsCatalog.InventoryMaxPages, 1, MaxInventoryPages, "pages listed per collection by the inventory");
        var pageParameter = Get(SettingsCatalog.InventoryPageParameter).Trim();
        if (pageParameter.Length == 0 || !pageParameter.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '[' or ']'))
            errors.Add($"{Name(SettingsCatalog.InventoryPageParameter)}: '{pageParameter}' is not a query parameter name; write the name the list operations use for the page, e.g. page.");
        var injection = settings.Int(SettingsCatalog.ContractsInjectionPayloads, 1,
            ContractsSettingValues.MaxInjectionPayloadsDefault, "injection-shaped values sent per string parameter or body field");
        return new(exclusions, limit, concurrency, mediaType, schemaFile, attempts, pages, pageParameter, injection);
    }

    /// <summary>Parses "METHOD PATH CASE: reason; ..." entries; every malformed entry is reported, none is ignored.</summary>
    public static IReadOnlyList<ContractsExclusionEntry> ParseExclusions(string raw, ICollection<string> errors)
    {
        var result = new List<ContractsExclusionEntry>();
        foreach (var entry in raw.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':');
            var head = colon < 0 ? entry : entry[..colon];
            var reason = colon < 0 ? "" : entry[(colon + 1)..].Trim();
            var parts = head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || reason.Length == 0)
            {
                errors.Add($"{Name(SettingsCatalog.ContractsExclusions)}: '{entry}' must read 'METHOD /path case: reason' (use * for any; the reason is required).");
                continue;
            }
            if (parts[1] != "*" && !parts[1].StartsWith('/'))
            {
                errors.Add($"{Name(SettingsCatalog.ContractsExclusions)}: '{entry}': the path '{parts[1]}' must start with '/' (as in the contract) or be *.");
                continue;
            }
            if (parts[2] != "*" && !KnownCases.Contains(parts[2]))
            {
                errors.Add($"{Name(SettingsCatalog.ContractsExclusions)}: unknown case '{parts[2]}'; known: {string.Join(", ", KnownCases)}, *.");
                continue;
            }
            result.Add(new(parts[0].ToUpperInvariant(), parts[1], parts[2], reason));
        }
        return result;
    }

    private static string Name(SettingDefinition d) => SettingsReader.Name(d);
}
