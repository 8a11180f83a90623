using System.Net;
using System.Text;
using Npgsql;

namespace Sirim.ReferenceTarget.Configuration;

/// <summary>
/// Everything the reference target reads from its environment, read once at start and never changed.
/// Secrets (database connection string, JWT secret, seed password) are kept here but never printed:
/// <see cref="ToString"/> is overridden so that a stray log line cannot leak them.
/// </summary>
public sealed record ReferenceTargetOptions
{
    public const string DefaultVersion = "1.4.2";

    public required Uri ApiUrl { get; init; }
    public required Uri FrontendUrl { get; init; }
    public Uri? HttpsUrl { get; init; }
    public required string DatabaseConnectionString { get; init; }
    public required int PoolSize { get; init; }
    public required string ApplicationName { get; init; }
    public required byte[] JwtSecret { get; init; }
    public required int TokenMinutes { get; init; }
    public required IReadOnlyList<string> AllowedOrigins { get; init; }
    public required string SeedPassword { get; init; }
    public required string Version { get; init; }
    public string? Defect { get; init; }
    /// <summary>
    /// SIRIM_REF_CONTROL_TOKEN: when set, PUT /__reference/defect with this value in X-Reference-Control switches the
    /// seeded defect while the process runs (the project's own tests use it instead of a restart). Unset: no such route.
    /// </summary>
    public string? ControlToken { get; init; }
    public required int LoginFailureLimit { get; init; }
    public required int LoginFailureWindowSeconds { get; init; }
    public required long MaxBodyBytes { get; init; }
    public ConventionProfile Profile { get; init; } = ConventionProfile.Standard;

    public const string Issuer = "sirim-api";
    public const string Audience = "sirim-web";

    /// <summary>The origins the API is served on: the plain one and, when configured, the HTTPS one.</summary>
    public IReadOnlyList<string> ApiOrigins =>
        HttpsUrl is null ? [Origin(ApiUrl)] : [Origin(ApiUrl), Origin(HttpsUrl)];

    /// <summary>The API base URL the frontend should call: HTTPS when served, else the plain endpoint.</summary>
    public string PublicApiBaseUrl => Origin(HttpsUrl ?? ApiUrl);

    public static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    public override string ToString() =>
        $"api {ApiUrl}, frontend {FrontendUrl}, https {(HttpsUrl?.ToString() ?? "off")}, pool {PoolSize}, " +
        $"application_name {ApplicationName}, version {Version}, defect {Defect ?? "none"}, profile {Profile.Name}";

    /// <summary>
    /// Reads and validates every setting, collecting all problems instead of stopping at the first one.
    /// Error texts name the variable and what is allowed, never a secret value.
    /// </summary>
    public static (ReferenceTargetOptions? Options, IReadOnlyList<string> Errors) FromEnvironment(
        Func<string, string?> env)
    {
        var errors = new List<string>();

        var profile = ConventionProfile.Find(env("SIRIM_REF_PROFILE"));
        if (profile is null)
            errors.Add($"SIRIM_REF_PROFILE '{env("SIRIM_REF_PROFILE")!.Trim()}' is not a profile; use " +
                       string.Join(" or ", ConventionProfile.All.Select(p => p.Name)) + " (empty: standard)");
        var apiUrl = ReadEndpoint(env, "SIRIM_REF_API_URL", "http://127.0.0.1:5080", "http", errors);
        Uri? frontendUrl;
        if (profile?.FrontendOnApiOrigin == true)
        {
            // The frontend is served from the API origin: a frontend endpoint of its own would be a second origin.
            if (!string.IsNullOrWhiteSpace(env("SIRIM_REF_FRONTEND_URL")))
                errors.Add($"SIRIM_REF_FRONTEND_URL must not be set with SIRIM_REF_PROFILE={profile.Name}; " +
                           "this profile serves the frontend from the API origin (SIRIM_REF_API_URL)");
            frontendUrl = apiUrl;
        }
        else frontendUrl = ReadEndpoint(env, "SIRIM_REF_FRONTEND_URL", "http://127.0.0.1:5081", "http", errors);
        var httpsUrl = string.IsNullOrWhiteSpace(env("SIRIM_REF_HTTPS_URL"))
            ? null
            : ReadEndpoint(env, "SIRIM_REF_HTTPS_URL", null, "https", errors);

        var ports = new[] { apiUrl, profile?.FrontendOnApiOrigin == true ? null : frontendUrl, httpsUrl }
            .Where(u => u is not null).Select(u => u!.Port).ToList();
        if (ports.Count != ports.Distinct().Count())
            errors.Add("SIRIM_REF_API_URL, SIRIM_REF_FRONTEND_URL and SIRIM_REF_HTTPS_URL must use different ports " +
                       "(requests are routed by local port)");

        var db = env("SIRIM_REF_DB");
        if (string.IsNullOrWhiteSpace(db))
            errors.Add("SIRIM_REF_DB is missing; set it to an Npgsql connection string");
        else
        {
            try { _ = new NpgsqlConnectionStringBuilder(db); }
            // The exception text may quote part of the string; it is deliberately not shown.
            catch (ArgumentException) { errors.Add("SIRIM_REF_DB is not a valid Npgsql connection string"); }
        }

        var poolSize = ReadInt(env, "SIRIM_REF_POOL_SIZE", 20, 1, 1000, errors);
        var appName = env("SIRIM_REF_APP_NAME") is { Length: > 0 } a ? a.Trim() : "sirim-api";
        if (appName.Length > 63 || appName.Any(char.IsControl))
            errors.Add("SIRIM_REF_APP_NAME must be at most 63 printable characters");

        var jwt = env("JWT_SECRET");
        var jwtBytes = jwt is null ? [] : Encoding.UTF8.GetBytes(jwt);
        if (jwt is null || jwtBytes.Length == 0)
            errors.Add("JWT_SECRET is missing; set it to a random value of at least 32 bytes");
        else if (jwtBytes.Length < 32)
            errors.Add($"JWT_SECRET is too short ({jwtBytes.Length} bytes); HS256 needs at least 32 bytes");

        var tokenMinutes = ReadInt(env, "SIRIM_REF_TOKEN_MINUTES", 30, 1, 24 * 60, errors);

        var seedPassword = env("SIRIM_REF_SEED_PASSWORD");
        if (string.IsNullOrEmpty(seedPassword))
            errors.Add("SIRIM_REF_SEED_PASSWORD is missing; the seeded users need a password");

        var version = env("SIRIM_REF_VERSION") is { Length: > 0 } v ? v.Trim() : DefaultVersion;
        if (version.Length > 64 || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_'))
            errors.Add("SIRIM_REF_VERSION must be a version label like 1.4.2 (letters, digits, . - + _)");

        var defect = env("SIRIM_REF_DEFECT") is { Length: > 0 } d ? d.Trim() : null;
        var controlToken = env("SIRIM_REF_CONTROL_TOKEN") is { Length: > 0 } c ? c : null;
        if (controlToken is { Length: < 16 })
            errors.Add("SIRIM_REF_CONTROL_TOKEN is too short; use at least 16 random characters, or leave it unset");

        var failureLimit = ReadInt(env, "SIRIM_REF_LOGIN_FAILURE_LIMIT", 10, 1, 100_000, errors);
        var failureWindow = ReadInt(env, "SIRIM_REF_LOGIN_FAILURE_WINDOW_SECONDS", 10, 1, 86_400, errors);
        var maxBody = ReadInt(env, "SIRIM_REF_MAX_BODY_BYTES", 65536, 1024, 100 * 1024 * 1024, errors);

        var origins = new List<string>();
        var rawOrigins = env("ALLOWED_ORIGINS");
        if (string.IsNullOrWhiteSpace(rawOrigins))
        {
            if (frontendUrl is not null) origins.Add(Origin(frontendUrl));
        }
        else
        {
            foreach (var item in rawOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Uri.TryCreate(item, UriKind.Absolute, out var o) && o.Scheme is "http" or "https"
                    && o.PathAndQuery == "/" && string.IsNullOrEmpty(o.UserInfo))
                    origins.Add(Origin(o));
                else
                    errors.Add($"ALLOWED_ORIGINS entry '{item}' is not an origin; use scheme://host[:port] without a path");
            }
            if (origins.Count == 0 && !errors.Any(e => e.StartsWith("ALLOWED_ORIGINS", StringComparison.Ordinal)))
                errors.Add("ALLOWED_ORIGINS is empty; list at least the frontend origin");
        }

        if (errors.Count > 0) return (null, errors);

        return (new ReferenceTargetOptions
        {
            ApiUrl = apiUrl!,
            FrontendUrl = frontendUrl!,
            HttpsUrl = httpsUrl,
            DatabaseConnectionString = db!,
            PoolSize = poolSize,
            ApplicationName = appName,
            JwtSecret = jwtBytes,
            TokenMinutes = tokenMinutes,
            AllowedOrigins = origins,
            SeedPassword = seedPassword!,
            Version = version,
            Defect = defect,
            ControlToken = controlToken,
            LoginFailureLimit = failureLimit,
            LoginFailureWindowSeconds = failureWindow,
            MaxBodyBytes = maxBody,
            Profile = profile!,
        }, errors);
    }

    /// <summary>
    /// The connection string actually used: the configured one with the pool size, application name and
    /// pool-wait timeout forced, so pool exhaustion surfaces as an error after 5 s instead of a hang. A profile whose
    /// pool does not name its sessions drops any application name, so they show an empty application_name.
    /// </summary>
    public string EffectiveConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseConnectionString)
        {
            MaxPoolSize = PoolSize,
            ApplicationName = Profile.NamesDatabaseSessions ? ApplicationName : null,
            Timeout = 5,
        };
        if (builder.MinPoolSize > PoolSize) builder.MinPoolSize = 0;
        return builder.ConnectionString;
    }

    private static Uri? ReadEndpoint(Func<string, string?> env, string name, string? fallback, string scheme,
        List<string> errors)
    {
        var raw = env(name) is { Length: > 0 } value ? value.Trim() : fallback;
        if (raw is null) return null;
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme != scheme
            || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{name} '{raw}' is not a {scheme} endpoint; use {scheme}://127.0.0.1:<port>");
            return null;
        }
        if (!raw.Contains($":{uri.Port}", StringComparison.Ordinal))
        {
            errors.Add($"{name} '{raw}' has no explicit port; use {scheme}://127.0.0.1:<port>");
            return null;
        }
        if (uri.Host != "localhost" && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
        {
            errors.Add($"{name} '{raw}' must use an IP address or localhost as host");
            return null;
        }
        return uri;
    }

    private static int ReadInt(Func<string, string?> env, string name, int fallback, int min, int max,
        List<string> errors)
    {
        var raw = env(name);
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (int.TryParse(raw.Trim(), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors.Add($"{name} '{raw.Trim()}' is not valid; use a whole number from {min} to {max}");
        return fallback;
    }
}
