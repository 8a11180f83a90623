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
    private Process _process;
    private readonly StringBuilder _log = new();
    private readonly DirectoryInfo _signalDirectory = Directory.CreateTempSubdirectory("sirim-ref-restart-");
    private readonly CancellationTokenSource _stop = new();
    private Task _watcher = Task.CompletedTask;
    private int _restarts;
    /// <summary>The control token this host gives the target (SIRIM_REF_CONTROL_TOKEN): only it may switch the target's defect.</summary>
    private readonly string _controlToken;

    private ReferenceTargetProcess(ReferenceTargetSettings settings, string controlToken)
    {
        Settings = settings;
        _controlToken = controlToken;
        _process = NewProcess(settings, controlToken);
    }

    /// <summary>How the target runs: its seeded defect follows <see cref="TrySwitchDefectAsync"/>, and a restart on request keeps it.</summary>
    public ReferenceTargetSettings Settings { get; private set; }
    public int ProcessId { get { lock (_log) return _process.Id; } }

    /// <summary>True when the target's process has ended (killed, crashed or exited) and was not restarted.</summary>
    public bool HasExited { get { lock (_log) return _process.HasExited; } }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<ReferenceTargetProcess> StartAsync(ReferenceTargetSettings settings, CancellationToken ct)
    {
        var target = new ReferenceTargetProcess(settings, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        target._process.OutputDataReceived += target.OnOutput;
        target._process.ErrorDataReceived += target.OnOutput;
        try
        {
            target.Launch(target._process);
            await target.WaitUntilServingAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            target._watcher = Task.Run(() => target.WatchRestartSignalAsync(target._stop.Token));
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return target;
    }

    private static Process NewProcess(ReferenceTargetSettings settings, string controlToken)
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
        psi.Environment["SIRIM_REF_CONTROL_TOKEN"] = controlToken;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (k, v) in settings.Extra ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return new Process { StartInfo = psi, EnableRaisingEvents = true };
    }

    private void OnOutput(object? sender, DataReceivedEventArgs e) => Append(e.Data);

    /// <summary>The client of the target's defect control route (plain HTTP on the API port, bounded answers).</summary>
    private static readonly HttpClient ControlClient = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A request to the target's defect control route, carrying this host's control token.</summary>
    private HttpRequestMessage ControlRequest(HttpMethod method)
    {
        var request = new HttpRequestMessage(method, Settings.ApiUrl + "/__reference/defect");
        request.Headers.Add("X-Reference-Control", _controlToken);
        return request;
    }

    /// <summary>The seeded defects the running target's start-up wiring read (a switch to or from one of them needs a restart).</summary>
    public async Task<IReadOnlyList<string>> DefectsReadAtStartupAsync(CancellationToken ct)
    {
        using var request = ControlRequest(HttpMethod.Get);
        using var response = await ControlClient.SendAsync(request, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var state = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        return state.RootElement.GetProperty("readAtStartup").EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>
    /// Switches the running target to <paramref name="defect"/> (null: clean) without a restart. False when it cannot
    /// (a defect its start-up wiring reads, or the process is not answering): the caller restarts it instead.
    /// </summary>
    public async Task<bool> TrySwitchDefectAsync(string? defect, CancellationToken ct)
    {
        if (_process.HasExited) return false;
        using var request = ControlRequest(HttpMethod.Put);
        request.Content = System.Net.Http.Json.JsonContent.Create(new { defect });
        try
        {
            using var response = await ControlClient.SendAsync(request, ct).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
                throw new HostingException($"the reference target refused the defect '{defect}': {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
            if (!response.IsSuccessStatusCode) return false;
        }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return false; }
        Settings = Settings with { Defect = defect };
        return true;
    }

    private void Launch(Process process)
    {
        if (!process.Start()) throw new HostingException("could not start 'dotnet " + Settings.DllPath + "'");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// A shell command that restarts the target the way a supervisor (systemd, an orchestrator) would: it asks for a
    /// restart through <see cref="RestartSignalFile"/> and returns once the old process is gone (at most 60 s); the new
    /// process then starts on the same ports, with the same settings and database.
    /// </summary>
    public string RestartCommandLine =>
        $"touch '{RestartSignalFile}' && i=0; while [ -e '{RestartSignalFile}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; [ ! -e '{RestartSignalFile}' ]";

    /// <summary>The file whose appearance makes this host restart the target (see <see cref="RestartCommandLine"/>).</summary>
    public string RestartSignalFile => Path.Combine(_signalDirectory.FullName, "restart");

    /// <summary>How many times the target was restarted on request.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    private async Task WatchRestartSignalAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(100, stop).ConfigureAwait(false); } // polling interval of the signal file
            catch (OperationCanceledException) { return; }
            if (!File.Exists(RestartSignalFile)) continue;
            Process old;
            lock (_log) old = _process;
            var oldPid = old.Id;
            try
            {
                if (!old.HasExited) old.Kill(entireProcessTree: true);
                await old.WaitForExitAsync(stop).ConfigureAwait(false);
                var next = NewProcess(Settings, _controlToken);
                next.OutputDataReceived += OnOutput;
                next.ErrorDataReceived += OnOutput;
                // The old process is gone: the restart command may return while the new one starts.
                File.Delete(RestartSignalFile);
                Launch(next);
                lock (_log) _process = next;
                old.Dispose();
                Interlocked.Increment(ref _restarts);
                Append($"[host] restarted on request: pid {oldPid} stopped, pid {next.Id} started");
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or HostingException)
            {
                Append($"[host] restart on request failed: {ex.Message}");
                try { File.Delete(RestartSignalFile); } catch (IOException) { }
            }
            catch (OperationCanceledException) { return; }
        }
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
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watcher.ConfigureAwait(false);
        _stop.Dispose();
        try { _signalDirectory.Delete(recursive: true); } catch (IOException) { }
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
