using System.Security.Cryptography;

namespace Sirim.ReferenceTarget.Hosting;

/// <summary>
/// The whole embedded reference deployment: a throwaway PostgreSQL cluster plus the reference target (API and
/// frontend on two loopback origins, or one in the alt convention profile). Gives the settings the suite needs as
/// environment variables.
/// </summary>
public sealed class ReferenceDeployment : IAsyncDisposable
{
    public const string SeedUser = "ana@sirim.test";

    /// <summary>The second identity of the authorization gate: a lector of empresa 1 only (password = the seed password).</summary>
    public const string AuthzUser = "sofia@sirim.test";

    private ReferenceDeployment(ThrowawayPostgres database, string dllPath, string jwtSecret, string seedPassword,
        ReferenceProfile profile)
    {
        Profile = profile;
        Database = database;
        DllPath = dllPath;
        JwtSecret = jwtSecret;
        SeedPassword = seedPassword;
    }

    public ThrowawayPostgres Database { get; }
    public ReferenceTargetProcess? Target { get; private set; }
    public string DllPath { get; }
    public string JwtSecret { get; }
    public string SeedPassword { get; }
    /// <summary>The convention profile every start of the target uses.</summary>
    public ReferenceProfile Profile { get; }

    public static async Task<ReferenceDeployment> StartDatabaseAsync(string? dllPath, string? seedPassword, CancellationToken ct,
        ReferenceProfile? profile = null)
    {
        var dll = dllPath ?? RepositoryLayout.FindTargetDll(RepositoryLayout.FindRoot());
        var db = await ThrowawayPostgres.StartAsync(ct).ConfigureAwait(false);
        return new ReferenceDeployment(db, dll,
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            seedPassword ?? "Ref-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)),
            profile ?? ReferenceProfile.Standard);
    }

    public static async Task<ReferenceDeployment> StartAsync(string? defect = null, bool https = false, CancellationToken ct = default,
        IReadOnlyDictionary<string, string>? extra = null, ReferenceProfile? profile = null)
    {
        var deployment = await StartDatabaseAsync(null, Environment.GetEnvironmentVariable("SIRIM_REF_SEED_PASSWORD"), ct, profile).ConfigureAwait(false);
        try
        {
            await deployment.StartTargetAsync(defect, https, extra, ct).ConfigureAwait(false);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>(Re)starts the target process with one seeded defect (or none); the database and its data are kept.</summary>
    public async Task<ReferenceTargetProcess> StartTargetAsync(string? defect, bool https, IReadOnlyDictionary<string, string>? extra, CancellationToken ct)
    {
        if (Target is not null) await Target.DisposeAsync().ConfigureAwait(false);
        Target = null;
        var settings = new ReferenceTargetSettings(DllPath, ThrowawayPostgres.FreePort(),
            Profile.FrontendOnApiOrigin ? 0 : ThrowawayPostgres.FreePort(),
            Database.Credentials.AppConnectionString, JwtSecret, SeedPassword, defect,
            https ? ThrowawayPostgres.FreePort() : null, extra, Profile);
        Target = await ReferenceTargetProcess.StartAsync(settings, ct).ConfigureAwait(false);
        return Target;
    }

    /// <summary>
    /// The target with <paramref name="defect"/> switched on (null: clean): the running process is switched in place when
    /// it runs the same way (HTTPS or not, no extra settings) and the defects involved allow it; otherwise it restarts.
    /// Returns true when it was switched without a restart.
    /// </summary>
    public async Task<bool> UseDefectAsync(string? defect, bool https, IReadOnlyDictionary<string, string>? extra, CancellationToken ct)
    {
        if (Target is { } running && extra is null && running.Settings.Extra is null && (running.Settings.HttpsPort is not null) == https
            && await running.TrySwitchDefectAsync(defect, ct).ConfigureAwait(false))
            return true;
        await StartTargetAsync(defect, https, extra, ct).ConfigureAwait(false);
        return false;
    }

    /// <summary>The suite's settings for this deployment, as environment variables (secrets included: pass them only to child processes).</summary>
    public IReadOnlyDictionary<string, string> SuiteEnvironment()
    {
        var t = Target?.Settings ?? throw new InvalidOperationException("the target is not started");
        var env = new Dictionary<string, string>
        {
            ["SIRIM_ENVIRONMENT"] = "reference",
            ["SIRIM_API_URL"] = t.HttpsUrl ?? t.ApiUrl,
            ["SIRIM_FRONTEND_URL"] = t.FrontendUrl,
            ["SIRIM_USERNAME"] = SeedUser,
            ["SIRIM_PASSWORD"] = SeedPassword,
            ["SIRIM_AUTHZ_USERNAME"] = AuthzUser,
            ["SIRIM_AUTHZ_PASSWORD"] = SeedPassword,
            ["SIRIM_DB_MONITOR_CONNECTION"] = Database.Credentials.MonitorConnectionString,
            ["SIRIM_LOAD_ALLOWED_HOSTS"] = "127.0.0.1,localhost",
            ["SIRIM_DB_STOP_COMMAND"] = Database.StopCommandLine,
            ["SIRIM_DB_START_COMMAND"] = Database.StartCommandLine,
            ["JWT_SECRET"] = JwtSecret,
            // The observability gate's restart: this host stops the target and starts it again on the same ports.
            ["SIRIM_RESTART_COMMAND"] = Target.RestartCommandLine,
        };
        // The alt profile's pool names no sessions: its runsettings set an empty dbApplicationName (no filter).
        if (!Profile.FrontendOnApiOrigin) env["SIRIM_DB_APPLICATION_NAME"] = "sirim-api";
        // openApiUrl defaults to {apiBaseUrl}/openapi.json; the alt profile serves its contract as YAML elsewhere.
        else env["SIRIM_OPENAPI_URL"] = (t.HttpsUrl ?? t.ApiUrl) + "/openapi.yaml";
        if (t.HttpsUrl is not null)
        {
            env["SIRIM_TLS_SKIP_VERIFY"] = "true";
            env["SIRIM_API_HTTP_URL"] = t.ApiUrl;
        }
        return env;
    }

    /// <summary>
    /// Writes the frontend build <paramref name="profile"/> serves into <paramref name="directory"/> (the release
    /// build for the integrity manifest) by running the built target with --frontend-build; nothing is started.
    /// </summary>
    public static async Task<string> WriteFrontendBuildAsync(ReferenceProfile profile, string directory, string? dllPath, CancellationToken ct)
    {
        var dll = dllPath ?? RepositoryLayout.FindTargetDll(RepositoryLayout.FindRoot());
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--frontend-build", Path.GetFullPath(directory) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["SIRIM_REF_PROFILE"] = profile.Name;
        using var process = System.Diagnostics.Process.Start(psi) ?? throw new HostingException("could not start 'dotnet " + dll + "'");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new HostingException($"writing the {profile.Name} frontend build failed (exit {process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()}");
        return (await output.ConfigureAwait(false)).Trim();
    }

    /// <summary>
    /// Stops the target (killed with its process tree) and the database (fast, then immediate shutdown; a cancelled
    /// <paramref name="force"/> skips the gentle steps), removes the cluster folder, and says what it stopped.
    /// </summary>
    public async Task<string> StopAsync(CancellationToken force)
    {
        var target = Target is { } t ? $"the reference target (pid {t.ProcessId})" : null;
        if (Target is not null) await Target.DisposeAsync().ConfigureAwait(false);
        Target = null;
        var database = await Database.ShutdownAsync(force).ConfigureAwait(false);
        return (target is null ? "" : target + " and ") + $"PostgreSQL on port {Database.Port} ({database})";
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
