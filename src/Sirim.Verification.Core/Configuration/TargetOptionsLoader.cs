using System.Globalization;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Configuration;

/// <summary>
/// The result of loading the configuration: the options, or every problem found, in plain words. The errors have
/// passed through <see cref="Redactor"/>: they quote rejected values, never a secret.
/// </summary>
public sealed record LoadedOptions(TargetOptions? Options, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0 && Options is not null;

    /// <summary>Removes every secret of this configuration (secret settings, required secrets, credentials inside URL settings).</summary>
    public Redactor Redactor { get; init; } = Redactor.None;

    /// <summary>
    /// The options as far as they could be read although <see cref="Errors"/> is not empty (null when even the API URL
    /// is unusable): the gates' own settings are checked against it in the same pass, so every problem is listed at
    /// once. Never used to send anything.
    /// </summary>
    public TargetOptions? Draft { get; init; }

    public string ErrorReport => "The configuration is not valid; nothing was sent to the target.\n" +
        string.Join("\n", Errors.Select(e => "  - " + e)) +
        "\nSettings come from environment variables, then the .runsettings TestRunParameters, then defaults (see README, 'Settings').";
}

/// <summary>
/// Builds <see cref="TargetOptions"/> from a <see cref="SettingsSource"/> and validates it before any request is sent.
/// Validation collects every error at once so the operator fixes them in one pass.
/// </summary>
public static class TargetOptionsLoader
{
    public static LoadedOptions Load(SettingsSource source, Func<DateTimeOffset>? clock = null)
    {
        var errors = new List<string>();
        var resolved = SettingsCatalog.All.Select(source.Resolve).ToList();
        string? Value(SettingDefinition d) => resolved.First(r => r.Definition == d).Value;
        var settings = new SettingsReader(Value, errors);
        static string Name(SettingDefinition d) => SettingsReader.Name(d);

        // Every name the secrets pre-gate requires is a secret too: shown only as set / missing, its value redacted everywhere.
        foreach (var name in (Value(SettingsCatalog.RequiredSecrets) ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
        {
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') || char.IsAsciiDigit(name[0]))
                errors.Add($"{Name(SettingsCatalog.RequiredSecrets)}: '{name}' is not an environment variable name.");
            else if (!resolved.Any(r => r.Definition.EnvironmentVariable == name))
                resolved.Add(source.Resolve(new SettingDefinition(name, name, null,
                    "Required secret (its presence is checked by the presecrets gate).", IsSecret: true, Gate: "presecrets")));
        }

        errors.AddRange(UnknownRunSettings(source.RunSettingsNames));

        var api = ParseUrl(Value(SettingsCatalog.ApiBaseUrl), Name(SettingsCatalog.ApiBaseUrl), required: true, errors);
        var frontend = ParseUrl(Value(SettingsCatalog.FrontendBaseUrl), Name(SettingsCatalog.FrontendBaseUrl), required: false, errors);

        var openApiRaw = Value(SettingsCatalog.OpenApiUrl);
        Uri? openApi = openApiRaw is null
            ? api is null ? null : TargetOptions.Combine(api, "/openapi.json")
            : ParseUrl(openApiRaw, Name(SettingsCatalog.OpenApiUrl), required: true, errors);

        var environment = Value(SettingsCatalog.Environment)!;
        if (!environment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add($"{Name(SettingsCatalog.Environment)}: '{environment}' may contain only letters, digits, '-' and '_' (it names a folder).");

        var loginPath = Value(SettingsCatalog.LoginPath)!;
        if (!loginPath.StartsWith('/'))
            errors.Add($"{Name(SettingsCatalog.LoginPath)}: '{loginPath}' must start with '/'.");

        // The default body is JSON, which the settings source reads as a placeholder: take it from the definition.
        var loginBody = LoginTemplate.Parse(Value(SettingsCatalog.LoginBody) ?? LoginTemplate.DefaultText, Name(SettingsCatalog.LoginBody), errors);
        var tokenLocation = TokenLocation.Parse(Value(SettingsCatalog.LoginTokenPointer), Name(SettingsCatalog.LoginTokenPointer), errors);
        var liveness = RoutePath(Value(SettingsCatalog.LivenessPath), SettingsCatalog.LivenessPath, Name(SettingsCatalog.LivenessPath), errors);
        var readiness = RoutePath(Value(SettingsCatalog.ReadinessPath), SettingsCatalog.ReadinessPath, Name(SettingsCatalog.ReadinessPath), errors);
        RoutePath(Value(SettingsCatalog.SmokeBadInputPath), SettingsCatalog.SmokeBadInputPath, Name(SettingsCatalog.SmokeBadInputPath), errors);

        var username = Value(SettingsCatalog.Username);
        var password = Value(SettingsCatalog.Password);
        var token = Value(SettingsCatalog.Token);
        if (token is null && (username is null) != (password is null))
            errors.Add(username is null
                ? $"{Name(SettingsCatalog.Username)} is missing while SIRIM_PASSWORD is set: set both, or SIRIM_TOKEN."
                : $"SIRIM_PASSWORD is missing while {Name(SettingsCatalog.Username)} is set: export it in the environment (it is never read from files).");

        var smokeRepeat = settings.Int(SettingsCatalog.SmokeRepeat, 1, 100, orDefault: false);
        var timeout = settings.Int(SettingsCatalog.RequestTimeoutSeconds, 1, 300, orDefault: false);
        var runTimeout = settings.Int(SettingsCatalog.RunTimeoutSeconds, 10, 86_400, orDefault: false);
        var poolSize = settings.Int(SettingsCatalog.ExpectedPoolSize, 1, 10_000, orDefault: false);
        var readOnly = settings.Bool(SettingsCatalog.ReadOnly, orDefault: false);
        var tlsSkip = settings.Bool(SettingsCatalog.TlsSkipVerify, orDefault: false);

        var loadHosts = settings.List(SettingsCatalog.LoadAllowedHosts);
        foreach (var host in loadHosts.Where(h => Uri.CheckHostName(h) == UriHostNameType.Unknown))
            errors.Add($"{Name(SettingsCatalog.LoadAllowedHosts)}: '{host}' is not a host name or IP address.");

        var requiredGates = settings.List(SettingsCatalog.RequiredGates);
        foreach (var gate in requiredGates.Where(g => !KnownGates.Contains(g)))
            errors.Add($"{Name(SettingsCatalog.RequiredGates)}: unknown gate '{gate}'; known: {string.Join(", ", KnownGates)}.");

        var blocking = Findings.BlockingSeverities.Parse(Value(SettingsCatalog.BlockingSeverities), Name(SettingsCatalog.BlockingSeverities), errors);

        // The contracts gate's settings are checked here as well, so a bad value is listed with every other error.
        ContractsSettings.Read(Value, errors);

        var stop = Value(SettingsCatalog.DbStopCommand);
        var start = Value(SettingsCatalog.DbStartCommand);
        if ((stop is null) != (start is null))
            errors.Add($"{Name(SettingsCatalog.DbStopCommand)} and {Name(SettingsCatalog.DbStartCommand)} go together: set both or neither.");

        var runId = Value(SettingsCatalog.RunId)
            ?? (clock ?? (() => DateTimeOffset.UtcNow))().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        if (!runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add($"{Name(SettingsCatalog.RunId)}: '{runId}' may contain only letters, digits, '-' and '_'.");

        // Every error passes through the redactor of this configuration: a message quotes the rejected value, and a
        // setting's value may carry a credential (a token in a URL's query, a password in its userinfo).
        var redactor = new Redactor(ResolvedSetting.SecretValues(resolved));
        var redacted = errors.Select(redactor.Text).ToList();
        if (api is null || openApi is null) return new LoadedOptions(null, redacted) { Redactor = redactor };

        var options = new TargetOptions(
            environment, api, frontend, Value(SettingsCatalog.ContractFile)!, openApi,
            new AuthOptions(loginPath, username, password, token) { LoginBody = loginBody ?? LoginTemplate.Default, TokenLocation = tokenLocation ?? TokenLocation.Default },
            new DatabaseMonitorOptions(Value(SettingsCatalog.DbMonitorConnection), Value(SettingsCatalog.DbApplicationName) is { Length: > 0 } appName ? appName : null, poolSize),
            new DatabaseControlOptions(stop, start),
            loadHosts, readOnly, smokeRepeat, TimeSpan.FromSeconds(timeout),
            Value(SettingsCatalog.ReportsDir)!, runId,
            tlsSkip, requiredGates, resolved) { Health = new HealthPaths(liveness, readiness), RunTimeout = TimeSpan.FromSeconds(runTimeout), Blocking = blocking };
        return errors.Count > 0
            ? new LoadedOptions(null, redacted) { Redactor = redactor, Draft = options }
            : new LoadedOptions(options, redacted) { Redactor = redactor, Draft = options };
    }

    public static readonly IReadOnlyList<string> KnownGates =
        ["presecrets", "parity", "smoke", "contracts", "security", "authz", "e2e", "integrity", "load", "pool", "canary", "supplychain", "observability"];

    /// <summary>
    /// A runsettings parameter that is not a setting would be ignored without a word (a typo such as apiBaseURL sends the
    /// suite to the default instead); a secret written into the file is refused (secrets come from the environment only).
    /// </summary>
    private static IEnumerable<string> UnknownRunSettings(IEnumerable<string> names)
    {
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var known = SettingsCatalog.All.FirstOrDefault(d => d.Key == name);
            if (known is { IsSecret: true })
                yield return $"runsettings parameter '{name}' is a secret: secrets are read from the environment only ({known.EnvironmentVariable}); remove it from the file.";
            else if (known is null)
            {
                var near = SettingsCatalog.All.Where(d => !d.IsSecret)
                    .Select(d => (d.Key, Distance: string.Equals(d.Key, name, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance(d.Key.ToLowerInvariant(), name.ToLowerInvariant())))
                    .Where(x => x.Distance <= 2).OrderBy(x => x.Distance).Select(x => x.Key).FirstOrDefault();
                yield return $"runsettings parameter '{name}' is not a setting of the suite" +
                             (near is null ? "" : $" (did you mean '{near}'?)") + "; 'sirim-verify settings' and the README list every setting.";
            }
        }
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    private static Uri? ParseUrl(string? raw, string name, bool required, List<string> errors)
    {
        if (raw is null)
        {
            if (required) errors.Add($"{name} is missing: set it to the deployment's base URL, e.g. https://api.sirim.example.");
            return null;
        }
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{name}: '{raw}' is not an absolute http(s) URL.");
            return null;
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            errors.Add($"{name}: '{raw}' must not carry a query or fragment.");
            return null;
        }
        return uri;
    }

    /// <summary>A route of the deployment (path, optionally with a query): starts with '/', no spaces, no fragment.</summary>
    private static string RoutePath(string? raw, SettingDefinition definition, string name, List<string> errors)
    {
        var value = raw ?? definition.Default!;
        if (!value.StartsWith('/') || value.StartsWith("//", StringComparison.Ordinal) || value.Any(char.IsWhiteSpace) || value.Contains('#'))
            errors.Add($"{name}: '{value}' is not a route of the API; it must start with a single '/' and hold no spaces or '#', e.g. {definition.Default}.");
        return value;
    }
}
