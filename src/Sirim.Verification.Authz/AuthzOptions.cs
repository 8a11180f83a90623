using System.Globalization;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Authz;

/// <summary>
/// The probed resource's routes and body, from settings (defaults: the gastos routes). <c>{empresaId}</c>, <c>{id}</c>
/// and <c>{runId}</c> are replaced; nothing here is a literal of a check.
/// </summary>
public sealed record AuthzRoutes(string CollectionPath, string ListQuery, string ItemPath, string BodyTemplate, string IdPointer)
{
    public static AuthzRoutes Default { get; } = new(SettingsCatalog.AuthzGastosPath.Default!, SettingsCatalog.AuthzListQuery.Default!,
        SettingsCatalog.AuthzGastoPath.Default!, SettingsCatalog.AuthzGastoBody.Default!, SettingsCatalog.AuthzIdPointer.Default!);

    public string List(int empresaId) => CollectionPath + "?" + ListQuery.Replace("{empresaId}", empresaId.ToString(CultureInfo.InvariantCulture));

    public string Item(string id) => ItemPath.Replace("{id}", Uri.EscapeDataString(id));

    public string Body(int empresaId, string runId) =>
        BodyTemplate.Replace("{empresaId}", empresaId.ToString(CultureInfo.InvariantCulture)).Replace("{runId}", runId);
}

/// <summary>
/// What the authorization gate needs: the second identity (a user with fewer rights than the verification user), what
/// it must not reach (an empresa it is not mapped to; every write when it is read-only) and the routes to probe.
/// OWASP API Security Top 10 (2023): API1 broken object level authorization, API5 broken function level authorization.
/// </summary>
public sealed record AuthzOptions(
    string Username,
    string Password,
    string Role,
    bool IdentityReadOnly,
    int ForeignEmpresaId,
    int OwnEmpresaId,
    AuthzRoutes Routes,
    bool SuiteReadOnly,
    string RunId,
    AuthzDataOptions? Data = null)
{
    /// <summary>The settings of the data checks (mass assignment, secret fields, list semantics); defaults when not given.</summary>
    public AuthzDataOptions DataChecks => Data ?? AuthzDataOptions.Default;

    /// <summary>
    /// Reads and validates the gate's settings. No second identity: NOT RUN with the reason (never a pass); a half
    /// configured identity or a bad value: every error at once, in the form "what; reason; what is allowed".
    /// </summary>
    public static OptionsResult<AuthzOptions> From(TargetOptions target)
    {
        var errors = new List<string>();
        static string Name(SettingDefinition d) => SettingsReader.Name(d);
        var username = target.Setting(SettingsCatalog.AuthzUsername);
        var password = target.Setting(SettingsCatalog.AuthzPassword);
        if ((username is null) != (password is null))
            errors.Add(username is null
                ? $"{Name(SettingsCatalog.AuthzUsername)} is missing while SIRIM_AUTHZ_PASSWORD is set; the second identity needs both; set both or neither."
                : $"SIRIM_AUTHZ_PASSWORD is missing while {Name(SettingsCatalog.AuthzUsername)} is set; the second identity needs both; export the password in the environment (it is never read from files).");

        var role = target.Setting(SettingsCatalog.AuthzRole) ?? SettingsCatalog.AuthzRole.Default!;
        if (role.Length == 0 || !role.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add($"{Name(SettingsCatalog.AuthzRole)}: '{role}' is not a role name; only letters, digits, '-' and '_' are allowed, e.g. lector.");
        var readOnlyRaw = target.Setting(SettingsCatalog.AuthzReadOnly) ?? SettingsCatalog.AuthzReadOnly.Default!;
        if (!bool.TryParse(readOnlyRaw, out var identityReadOnly))
            errors.Add($"{Name(SettingsCatalog.AuthzReadOnly)}: '{readOnlyRaw}' is not a flag; only true or false are allowed.");

        var foreignRaw = target.Setting(SettingsCatalog.AuthzForeignEmpresaId);
        var foreign = 0;
        if (foreignRaw is null)
        {
            if (username is not null)
                errors.Add($"{Name(SettingsCatalog.AuthzForeignEmpresaId)} is missing; the object-level probes need an empresa the verification user sees and the second identity does not; set its id (a whole number from 1).");
        }
        else foreign = EmpresaId(foreignRaw, SettingsCatalog.AuthzForeignEmpresaId, errors);
        var own = EmpresaId(target.Setting(SettingsCatalog.AuthzOwnEmpresaId) ?? SettingsCatalog.AuthzOwnEmpresaId.Default!, SettingsCatalog.AuthzOwnEmpresaId, errors);
        if (foreignRaw is not null && foreign == own && foreign > 0)
            errors.Add($"{Name(SettingsCatalog.AuthzForeignEmpresaId)} and {Name(SettingsCatalog.AuthzOwnEmpresaId)} are both {own}; the foreign empresa must be one the second identity does not see; name two different empresas.");

        var collection = Route(target.Setting(SettingsCatalog.AuthzGastosPath), SettingsCatalog.AuthzGastosPath, errors);
        var item = Route(target.Setting(SettingsCatalog.AuthzGastoPath), SettingsCatalog.AuthzGastoPath, errors);
        if (!item.Contains("{id}", StringComparison.Ordinal))
            errors.Add($"{Name(SettingsCatalog.AuthzGastoPath)}: '{item}' has no {{id}}; the route of one resource must name where its id goes; e.g. {SettingsCatalog.AuthzGastoPath.Default}.");
        var query = target.Setting(SettingsCatalog.AuthzListQuery) ?? SettingsCatalog.AuthzListQuery.Default!;
        if (!query.Contains("{empresaId}", StringComparison.Ordinal) || query.StartsWith('?') || query.Any(char.IsWhiteSpace) || query.Contains('#'))
            errors.Add($"{Name(SettingsCatalog.AuthzListQuery)}: '{query}' is not a list query; it must hold {{empresaId}}, without a leading '?', spaces or '#'; e.g. {SettingsCatalog.AuthzListQuery.Default}.");
        // The default body is JSON, which the settings source reads as a placeholder: take it from the definition.
        var body = target.Setting(SettingsCatalog.AuthzGastoBody) ?? SettingsCatalog.AuthzGastoBody.Default!;
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(body.Replace("{empresaId}", "1").Replace("{runId}", "run")) is not System.Text.Json.Nodes.JsonObject)
                errors.Add($"{Name(SettingsCatalog.AuthzGastoBody)}: the body is not a JSON object; a create or update sends one object; e.g. {SettingsCatalog.AuthzGastoBody.Default}.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            errors.Add($"{Name(SettingsCatalog.AuthzGastoBody)}: the body is not JSON once {{empresaId}} and {{runId}} are filled in ({ex.Message}); a JSON object is allowed.");
        }
        var pointer = target.Setting(SettingsCatalog.AuthzIdPointer) ?? SettingsCatalog.AuthzIdPointer.Default!;
        if (pointer.Length == 0 || Sirim.Verification.Core.Http.JsonPointers.Problem(pointer) is not null)
            errors.Add($"{Name(SettingsCatalog.AuthzIdPointer)}: '{pointer}' is not a JSON Pointer; it must start with '/' (RFC 6901), e.g. /id or /data/id.");

        var data = AuthzDataOptions.From(target, errors);

        if (errors.Count > 0) return OptionsResult<AuthzOptions>.Invalid(errors);
        if (username is null || password is null)
            return OptionsResult<AuthzOptions>.NotRun(
                "NOT RUN: no second identity; set SIRIM_AUTHZ_USERNAME and SIRIM_AUTHZ_PASSWORD (a user with fewer rights than the verification user) and authzForeignEmpresaId");
        return OptionsResult<AuthzOptions>.Valid(new AuthzOptions(username, password, role, identityReadOnly, foreign, own,
            new AuthzRoutes(collection, query, item, body, pointer), target.ReadOnly, target.RunId, data));
    }

    private static int EmpresaId(string raw, SettingDefinition d, List<string> errors)
    {
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1) return id;
        errors.Add($"{SettingsReader.Name(d)}: '{raw}' is not an empresa id; only whole numbers from 1 are allowed.");
        return 0;
    }

    private static string Route(string? raw, SettingDefinition d, List<string> errors)
    {
        var value = raw ?? d.Default!;
        if (!value.StartsWith('/') || value.StartsWith("//", StringComparison.Ordinal) || value.Any(char.IsWhiteSpace) || value.Contains('?') || value.Contains('#'))
            errors.Add($"{SettingsReader.Name(d)}: '{value}' is not a route of the API; it must start with a single '/' and hold no spaces, '?' or '#'; e.g. {d.Default}.");
        return value;
    }
}
