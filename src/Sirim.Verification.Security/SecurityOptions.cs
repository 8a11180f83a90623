using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Security;

/// <summary>The rate-limit probe: a bounded burst of requests that must be refused (429) once the limit is passed.</summary>
public sealed record RateLimitProbeOptions(bool Enabled, string Path, string Body, int Limit, int ExtraRequests, TimeSpan MaxWait)
{
    /// <summary>Upper bound of requests in one burst: the limit plus a few more, never unbounded.</summary>
    public int MaxRequests => Limit + ExtraRequests;
}

/// <summary>The body-size probe; <see cref="LimitBytes"/> 0 means not run.</summary>
public sealed record BodyLimitProbeOptions(long LimitBytes, string Path)
{
    public const int Margin = 1024;
    public bool Enabled => LimitBytes > 0;
}

/// <summary>What crafted tokens need: the accepted issuer and audience (null: read from the suite's token), an optional real secret, the weak-secret list.</summary>
public sealed record TokenProbeOptions(string? Issuer, string? Audience, string? SigningSecret, IReadOnlyList<string> WeakSecrets);

/// <summary>
/// The security gate's settings, read once from the resolved settings of <see cref="TargetOptions"/> and validated
/// before any request (every error at once).
/// </summary>
public sealed record SecurityOptions(
    Uri ApiBaseUrl,
    Uri? ApiHttpUrl,
    Uri? FrontendBaseUrl,
    IReadOnlyList<string> ExtraOrigins,
    long HstsMinMaxAge,
    IReadOnlyList<string> PermissionsDenied,
    IReadOnlyList<string> FrontendPaths,
    string CorsPath,
    string UnknownRoutePrefix,
    IReadOnlyList<string> CorsMethods,
    IReadOnlyList<string> CorsHeaders,
    RateLimitProbeOptions RateLimit,
    BodyLimitProbeOptions BodyLimit,
    TokenProbeOptions Tokens)
{
    public static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    public string ApiOrigin => Origin(ApiBaseUrl);
    public string? FrontendOrigin => FrontendBaseUrl is null ? null : Origin(FrontendBaseUrl);

    /// <summary>
    /// The frontend is served from the API's own origin: its calls are same-origin, the browser sends no preflight
    /// (Fetch standard, CORS protocol), so the frontend preflight checks do not apply.
    /// </summary>
    public bool FrontendIsSameOrigin => FrontendOrigin is { } frontend && frontend == ApiOrigin;

    /// <summary>The path of the unknown-route probe: under the API's route prefix, so the API itself answers.</summary>
    public string UnknownRoutePath => UnknownRoutePrefix.TrimEnd('/') + SecurityGate.NotFoundPath;

    /// <summary>The API's origins (HTTPS and, when configured, its plain-HTTP twin).</summary>
    public IReadOnlyList<string> ApiOrigins => ApiHttpUrl is null ? [ApiOrigin] : [ApiOrigin, Origin(ApiHttpUrl)];

    /// <summary>The real origins of the deployment: every origin a CSP or CORS policy may name.</summary>
    public IReadOnlyList<string> RealOrigins =>
        ApiOrigins.Concat(FrontendOrigin is null ? [] : [FrontendOrigin]).Concat(ExtraOrigins).Distinct().ToList();

    public static OptionsResult<SecurityOptions> From(TargetOptions target)
    {
        var errors = new List<string>();
        var settings = SettingsReader.For(target, errors);
        string? Value(SettingDefinition d) => settings.Value(d);
        static string Name(SettingDefinition d) => SettingsReader.Name(d);

        Uri? httpUrl = null;
        if (Value(SettingsCatalog.ApiHttpUrl) is { } rawHttp)
        {
            if (Uri.TryCreate(rawHttp, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp) httpUrl = u;
            else errors.Add($"{Name(SettingsCatalog.ApiHttpUrl)}: '{rawHttp}' is not an absolute http:// URL.");
        }

        var extra = new List<string>();
        foreach (var item in Split(Value(SettingsCatalog.SecurityExtraOrigins)))
        {
            if (Uri.TryCreate(item, UriKind.Absolute, out var o) && o.Scheme is "http" or "https" && o.PathAndQuery == "/")
                extra.Add(Origin(o));
            else errors.Add($"{Name(SettingsCatalog.SecurityExtraOrigins)}: '{item}' is not an origin; use scheme://host[:port] without a path.");
        }

        var hsts = settings.Long(SettingsCatalog.SecurityHstsMinMaxAge, 0, 10L * 365 * 86400, orDefault: false);
        var frontendPaths = Split(Value(SettingsCatalog.SecurityFrontendPaths));
        foreach (var p in frontendPaths.Where(p => !p.StartsWith('/')))
            errors.Add($"{Name(SettingsCatalog.SecurityFrontendPaths)}: '{p}' must start with '/'.");
        var corsPath = Value(SettingsCatalog.SecurityCorsPath) ?? "/api/me";
        if (!corsPath.StartsWith('/')) errors.Add($"{Name(SettingsCatalog.SecurityCorsPath)}: '{corsPath}' must start with '/'.");
        var methods = Split(Value(SettingsCatalog.SecurityCorsMethods)).Select(m => m.ToUpperInvariant()).ToList();
        foreach (var m in methods.Where(m => !m.All(char.IsAsciiLetterUpper)))
            errors.Add($"{Name(SettingsCatalog.SecurityCorsMethods)}: '{m}' is not an HTTP method.");

        var unknownPrefix = Value(SettingsCatalog.UnknownRoutePrefix) ?? SettingsCatalog.UnknownRoutePrefix.Default!;
        if (!unknownPrefix.StartsWith('/') || unknownPrefix.IndexOfAny(['?', '#', ' ']) >= 0)
            errors.Add($"{Name(SettingsCatalog.UnknownRoutePrefix)}: '{unknownPrefix}' is not a path prefix; it must start with '/' and carry no query, fragment or space (e.g. /api, or / for routes at the root).");

        var rateText = Value(SettingsCatalog.SecurityRateLimitProbe) ?? SettingsCatalog.SecurityRateLimitProbe.Default!;
        var enabled = rateText.ToLowerInvariant() switch { "true" => true, "false" => false, _ => (bool?)null };
        if (enabled is null)
            errors.Add($"{Name(SettingsCatalog.SecurityRateLimitProbe)}: '{rateText}' is not a switch; the probe locks the suite's address out of logins for one window, so it runs only when asked; allowed: true or false.");
        var ratePath = Value(SettingsCatalog.SecurityRateLimitPath) ?? target.Auth.LoginPath;
        if (!ratePath.StartsWith('/')) errors.Add($"{Name(SettingsCatalog.SecurityRateLimitPath)}: '{ratePath}' must start with '/'.");
        // Default: the deployment's own login body (loginBody) with credentials that cannot be right.
        var rateBody = Value(SettingsCatalog.SecurityRateLimitBody) ?? target.Auth.LoginBody.Render("rate-limit-probe@sirim.invalid", "not-the-password");
        var limit = settings.Int(SettingsCatalog.SecurityRateLimit, 1, 1000, orDefault: false);
        var maxWait = settings.Long(SettingsCatalog.SecurityRateLimitMaxWaitSeconds, 1, 600, orDefault: false);

        var bodyBytes = settings.Long(SettingsCatalog.SecurityBodyLimitBytes, 0, 64L * 1024 * 1024, orDefault: false);
        if (bodyBytes is > 0 and < 2 * BodyLimitProbeOptions.Margin)
            errors.Add($"{Name(SettingsCatalog.SecurityBodyLimitBytes)}: {bodyBytes} is too small to probe; use at least {2 * BodyLimitProbeOptions.Margin} or 0 to skip.");
        var bodyPath = Value(SettingsCatalog.SecurityBodyLimitPath) ?? target.Auth.LoginPath;
        if (!bodyPath.StartsWith('/')) errors.Add($"{Name(SettingsCatalog.SecurityBodyLimitPath)}: '{bodyPath}' must start with '/'.");

        var weak = Split(Value(SettingsCatalog.JwtWeakSecrets));
        if (errors.Count > 0) return OptionsResult<SecurityOptions>.Invalid(errors);
        return OptionsResult<SecurityOptions>.Valid(new SecurityOptions(target.ApiBaseUrl, httpUrl, target.FrontendBaseUrl, extra, hsts,
            Split(Value(SettingsCatalog.SecurityPermissionsDenied)).Select(f => f.ToLowerInvariant()).ToList(),
            frontendPaths, corsPath, unknownPrefix, methods, Split(Value(SettingsCatalog.SecurityCorsHeaders)),
            new RateLimitProbeOptions(enabled!.Value, ratePath, rateBody, limit, 5, TimeSpan.FromSeconds(maxWait)),
            new BodyLimitProbeOptions(bodyBytes, bodyPath),
            new TokenProbeOptions(Value(SettingsCatalog.JwtIssuer), Value(SettingsCatalog.JwtAudience), Value(SettingsCatalog.JwtSigningSecret), weak)));
    }

    private static IReadOnlyList<string> Split(string? raw) =>
        (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
