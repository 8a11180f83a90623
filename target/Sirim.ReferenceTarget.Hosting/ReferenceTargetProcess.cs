using System.Diagnostics;
using System.Text;

namespace Sirim.ReferenceTarget.Hosting;

/// <summary>How to start the reference target. Secrets (database, JWT, seed password) are passed as environment variables only.</summary>
public sealed record ReferenceTargetSettings(
    string DllPath,
    int ApiPort,
    int FrontendPort,
    string DatabaseConnectionString,
    string JwtSecret,
    string SeedPassword,
    string? Defect = null,
    int? HttpsPort = null,
    IReadOnlyDictionary<string, string>? Extra = null,
    ReferenceProfile? Profile = null)
{
    public ReferenceProfile EffectiveProfile => Profile ?? ReferenceProfile.Standard;
    public string ApiUrl => $"http://127.0.0.1:{ApiPort}";
    /// <summary>Where the frontend is served: its own port, or the API URL when the profile serves it from the API origin.</summary>
    public string FrontendUrl => EffectiveProfile.FrontendOnApiOrigin ? HttpsUrl ?? ApiUrl : $"http://127.0.0.1:{FrontendPort}";
    public string? HttpsUrl => HttpsPort is { } p ? $"https://127.0.0.1:{p}" : null;
}

/// <summary>The reference target running as a child process (<c>dotnet Sirim.ReferenceTarget.dll</c>), killed by its own PID.</summary>
public sealed class ReferenceTargetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ReferenceTargetProcess(Process process, ReferenceTargetSettings settings)
    {
        _process = process;
        Settings = settings;
    }

    public ReferenceTargetSettings Settings { get; }
    public int ProcessId => _process.Id;

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<ReferenceTargetProcess> StartAsync(ReferenceTargetSettings settings, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { settings.DllPath },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(settings.DllPath)!,
        };
        psi.Environment["SIRIM_REF_API_URL"] = settings.ApiUrl;
        // Always set: an inherited SIRIM_REF_PROFILE must not pick another profile than the one asked for.
        psi.Environment["SIRIM_REF_PROFILE"] = settings.EffectiveProfile.Name;
        if (settings.EffectiveProfile.FrontendOnApiOrigin) psi.Environment.Remove("SIRIM_REF_FRONTEND_URL");
        else psi.Environment["SIRIM_REF_FRONTEND_URL"] = settings.FrontendUrl;
        if (settings.HttpsUrl is { } https) psi.Environment["SIRIM_REF_HTTPS_URL"] = https;
        psi.Environment["SIRIM_REF_DB"] = settings.DatabaseConnectionString;
        psi.Environment["JWT_SECRET"] = settings.JwtSecret;
        psi.Environment["SIRIM_REF_SEED_PASSWORD"] = settings.SeedPassword;
        psi.Environment["SIRIM_REF_DEFECT"] = settings.Defect ?? "";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (k, v) in settings.Extra ?? new Dictionary<string, string>()) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var target = new ReferenceTargetProcess(process, settings);
        process.OutputDataReceived += (_, e) => target.Append(e.Data);
        process.ErrorDataReceived += (_, e) => target.Append(e.Data);
        if (!process.Start()) throw new HostingException("could not start 'dotnet " + settings.DllPath + "'");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await target.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return target;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            if (_log.Length > 2_000_000) _log.Remove(0, 1_000_000); // bounded: keep the most recent output
            _log.AppendLine(line);
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken ct)
    {
        // No redirects: with HTTPS on, the plain endpoint answers 308 to a self-signed origin; any answer means it is serving.
        // The HTTPS endpoint is bound last, so with HTTPS on it is the one polled (its certificate is this process's own
        // throwaway self-signed one, hence no validation).
        using var http = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        var url = (Settings.HttpsUrl ?? Settings.ApiUrl) + Settings.EffectiveProfile.LivenessPath;
        while (DateTime.UtcNow < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new HostingException($"the reference target exited with code {_process.ExitCode} before serving: {LastLines(Log)}");
            try
            {
                using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
                return; // any HTTP answer means Kestrel is listening; the gates judge the answer itself
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(100, ct).ConfigureAwait(false); // polling interval while the process starts
        }
        throw new HostingException($"the reference target did not answer {url} within {timeout.TotalSeconds:0} s: {LastLines(Log)}");
    }

    private static string LastLines(string log) => string.Join(" | ", log.Trim().Split('\n').TakeLast(6).Select(l => l.Trim()));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException) { }
        catch (OperationCanceledException) { }
        _process.Dispose();
    }
}
