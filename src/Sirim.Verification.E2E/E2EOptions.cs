using Sirim.Verification.Core.Releases;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.E2E.PageMap;
using Sirim.Verification.E2E.Xss;

namespace Sirim.Verification.E2E;

/// <summary>
/// The E2E and integrity gates' own settings, read from the run's resolved settings (environment, then runsettings,
/// then defaults; see <see cref="SettingsCatalog"/>). Immutable; <see cref="Load"/> lists every problem at once.
/// </summary>
public sealed record E2EOptions(
    Uri FrontendBaseUrl,
    Uri ApiBaseUrl,
    string ChromiumPath,
    int Retries,
    TimeSpan ActionTimeout,
    string? ExpectedVersion,
    string? FrontendManifest,
    IReadOnlyList<string> RuntimeFiles,
    string RunId,
    bool ReadOnly,
    TimeSpan RequestTimeout,
    E2EPageMap PageMap)
{
    /// <summary>The stored XSS payloads of the stored_xss flow (setting e2eXssPayloads).</summary>
    public IReadOnlyList<XssPayload> XssPayloads { get; init; } = [];

    /// <summary>The origin every browser API call must go to (scheme://host:port of the configured API).</summary>
    public string ApiOrigin => Origin(ApiBaseUrl);

    public string FrontendOrigin => Origin(FrontendBaseUrl);

    /// <summary>DELETE and read-back attempts per created resource (cleanupMaxAttempts, shared with the other writing gates).</summary>
    public int CleanupMaxAttempts { get; init; } = 3;

    /// <summary>True when tlsSkipVerify is set: the browser accepts self-signed certificates (the reference target's HTTPS).</summary>
    public bool IgnoreHttpsErrors { get; init; }

    /// <summary>The tag every flow puts on what it creates, so cleanup finds it (and nothing else).</summary>
    public string DataTag => "e2e-" + RunId;

    public static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority).TrimEnd('/').ToLowerInvariant();

    /// <param name="repositoryRoot">Where a relative page map path starts (default: the repository root found above the running assembly).</param>
    public static OptionsResult<E2EOptions> Load(TargetOptions target, string? repositoryRoot = null)
    {
        var errors = new List<string>();
        var settings = SettingsReader.For(target, errors);
        string? Value(SettingDefinition d) => settings.Value(d) ?? d.Default;
        static string Name(SettingDefinition d) => SettingsReader.Name(d);

        if (target.FrontendBaseUrl is null)
            errors.Add($"{Name(SettingsCatalog.FrontendBaseUrl)} is missing: the E2E gate drives the deployed frontend, e.g. https://app.sirim.example.");
        var chromium = Value(SettingsCatalog.ChromiumPath) ?? "/usr/bin/chromium";
        var retries = settings.Int(SettingsCatalog.E2ERetries, 0, 5);
        var action = settings.Int(SettingsCatalog.E2EActionTimeoutSeconds, 1, 120);
        var runtime = settings.List(SettingsCatalog.FrontendRuntimeFiles).Select(p => p.TrimStart('/')).ToList();
        var pageMap = LoadPageMap(Value(SettingsCatalog.E2EPageMap), Name(SettingsCatalog.E2EPageMap), repositoryRoot, errors);
        var xss = LoadXssPayloads(Value(SettingsCatalog.E2EXssPayloads), Name(SettingsCatalog.E2EXssPayloads), repositoryRoot, errors);
        var cleanupAttempts = ContractsSettings.Read(target.Setting, new List<string>()).CleanupMaxAttempts; // validated with every other setting before the run
        if (errors.Count > 0 || target.FrontendBaseUrl is null || pageMap is null) return OptionsResult<E2EOptions>.Invalid(errors);
        return OptionsResult<E2EOptions>.Valid(new E2EOptions(target.FrontendBaseUrl, target.ApiBaseUrl, chromium, retries, TimeSpan.FromSeconds(action),
            Value(SettingsCatalog.ExpectedVersion), Value(SettingsCatalog.FrontendManifest), runtime, target.RunId,
            target.ReadOnly, target.RequestTimeout, pageMap)
        { IgnoreHttpsErrors = target.TlsSkipVerify, XssPayloads = xss, CleanupMaxAttempts = cleanupAttempts });
    }

    /// <summary>Why the browser cannot be launched (null when the executable is there): one line that says what to do.</summary>
    public string? ChromiumProblem() => File.Exists(ChromiumPath)
        ? null
        : $"Chromium not found at '{ChromiumPath}' (setting {SettingsCatalog.ChromiumPath.Key}, {SettingsCatalog.ChromiumPath.EnvironmentVariable}); " +
          "install it (Debian: apt-get install -y chromium) or point the setting at a Chromium executable. " +
          "'playwright install' is not needed: the suite drives the system Chromium.";

    /// <summary>The page map named by the setting, validated; every problem is added to <paramref name="errors"/> naming the setting and the file.</summary>
    private static E2EPageMap? LoadPageMap(string? raw, string name, string? repositoryRoot, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            errors.Add($"{name} is empty; the E2E flows read their selectors, token storage, formats, test data and API routes from it; give a page map file, e.g. {SettingsCatalog.E2EPageMap.Default}");
            return null;
        }
        var root = Path.IsPathRooted(raw) ? null : repositoryRoot ?? RepositoryRoot.TryFind();
        if (!Path.IsPathRooted(raw) && root is null)
        {
            errors.Add($"{name}: '{raw}' is relative but the repository root was not found; give an absolute path or set SIRIM_REPO_ROOT");
            return null;
        }
        var path = root is null ? raw : Path.Combine(root, raw);
        var (map, mapErrors) = PageMapLoader.Load(path);
        errors.AddRange(mapErrors.Select(e => $"{name} {raw}: {e}"));
        return map;
    }

    /// <summary>The stored XSS payloads named by the setting, validated; every problem names the setting and the file.</summary>
    private static IReadOnlyList<XssPayload> LoadXssPayloads(string? raw, string name, string? repositoryRoot, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            errors.Add($"{name} is empty; the stored_xss flow reads its payloads from it; give a payload file, e.g. {SettingsCatalog.E2EXssPayloads.Default}");
            return [];
        }
        var root = Path.IsPathRooted(raw) ? null : repositoryRoot ?? RepositoryRoot.TryFind();
        if (!Path.IsPathRooted(raw) && root is null)
        {
            errors.Add($"{name}: '{raw}' is relative but the repository root was not found; give an absolute path or set SIRIM_REPO_ROOT");
            return [];
        }
        var (payloads, problems) = Xss.XssPayloads.Load(root is null ? raw : Path.Combine(root, raw));
        errors.AddRange(problems.Select(e => $"{name} {raw}: {e}"));
        return payloads;
    }
}
