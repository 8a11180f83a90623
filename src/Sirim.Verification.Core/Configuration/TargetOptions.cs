namespace Sirim.Verification.Core.Configuration;

/// <summary>
/// How the suite authenticates: a ready token, or a login with credentials from the environment, sent as
/// <see cref="LoginBody"/> to <see cref="LoginPath"/>, the token read where <see cref="TokenLocation"/> says.
/// </summary>
public sealed record AuthOptions(string LoginPath, string? Username, string? Password, string? Token)
{
    public bool CanAuthenticate => Token is not null || (Username is not null && Password is not null);

    /// <summary>The login body template (setting loginBody).</summary>
    public Http.LoginTemplate LoginBody { get; init; } = Http.LoginTemplate.Default;

    /// <summary>Where the token stands in the login answer (setting loginTokenPointer).</summary>
    public Http.TokenLocation TokenLocation { get; init; } = Http.TokenLocation.Default;
}

/// <summary>The deployment's health routes: liveness (no dependencies) and readiness (checks the database).</summary>
public sealed record HealthPaths(string Liveness, string Readiness)
{
    public static HealthPaths Default { get; } = new(SettingsCatalog.LivenessPath.Default!, SettingsCatalog.ReadinessPath.Default!);
}

/// <summary>
/// The database monitoring connection used to sample pg_stat_activity (optional). <see cref="ApplicationName"/> null:
/// no application_name filter (dbApplicationName set explicitly empty).
/// </summary>
public sealed record DatabaseMonitorOptions(string? ConnectionString, string? ApplicationName, int ExpectedPoolSize)
{
    public bool IsConfigured => ConnectionString is not null;

    /// <summary>The application_name filter in words, for evidence and verdicts.</summary>
    public string ApplicationNameFilter => ApplicationName is null
        ? "no application_name filter (dbApplicationName is empty)"
        : $"application_name = '{ApplicationName}'";
}

/// <summary>Shell commands that stop and start the target's database, where the operator allows it.</summary>
public sealed record DatabaseControlOptions(string? StopCommand, string? StartCommand)
{
    public bool IsConfigured => StopCommand is not null && StartCommand is not null;
}

/// <summary>
/// The immutable model of the deployment under test. Built once per run by <see cref="TargetOptionsLoader"/>;
/// every gate reads it, none changes it.
/// </summary>
public sealed record TargetOptions(
    string Environment,
    Uri ApiBaseUrl,
    Uri? FrontendBaseUrl,
    string ContractSource,
    Uri OpenApiUrl,
    AuthOptions Auth,
    DatabaseMonitorOptions Database,
    DatabaseControlOptions DatabaseControl,
    IReadOnlyList<string> LoadAllowedHosts,
    bool ReadOnly,
    int SmokeRepeat,
    TimeSpan RequestTimeout,
    string ReportsDirectory,
    string RunId,
    bool TlsSkipVerify,
    IReadOnlyList<string> RequiredGates,
    IReadOnlyList<ResolvedSetting> Settings)
{
    /// <summary>The liveness and readiness routes (settings livenessPath, readinessPath).</summary>
    public HealthPaths Health { get; init; } = HealthPaths.Default;

    /// <summary>Time bound of the whole run (setting runTimeoutSeconds): the watchdog stops the gates still running when it is spent.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromHours(1);
    /// <summary>The finding severities that fail their gate (setting blockingSeverities).</summary>
    public Findings.BlockingSeverities Blocking { get; init; } = Findings.BlockingSeverities.All;

    /// <summary>
    /// Values that must never be written anywhere (secret settings and credentials inside URL settings): the redactor
    /// removes them from every output.
    /// </summary>
    public IEnumerable<string> SecretValues => ResolvedSetting.SecretValues(Settings);

    /// <summary>The resolved value of a setting of the catalogue (gates read their own settings through this); null when unset.</summary>
    public string? Setting(SettingDefinition definition) =>
        Settings.FirstOrDefault(s => s.Definition.Key == definition.Key)?.Value;

    /// <summary>Whether load traffic may be sent to <paramref name="url"/>'s host.</summary>
    public bool IsLoadAllowed(Uri url) =>
        LoadAllowedHosts.Any(h => string.Equals(h, url.Host, StringComparison.OrdinalIgnoreCase));

    public Uri Api(string pathAndQuery) => Combine(ApiBaseUrl, pathAndQuery);

    public static Uri Combine(Uri baseUrl, string pathAndQuery)
    {
        var root = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery));
    }
}
