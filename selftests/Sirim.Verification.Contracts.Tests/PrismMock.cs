using System.Diagnostics;
using System.Text;
using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.Core;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>
/// Stoplight Prism (pinned in tools/mock, installed by scripts/bootstrap.sh) mocking an OpenAPI document on a free
/// loopback port: answers every documented operation from the document's examples and schemas, validates requests
/// (422), security (401), routes (404) and methods (405). Killed, with its process tree, on dispose.
/// </summary>
public sealed class PrismMock : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private PrismMock(Process process, StringBuilder output, Uri baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string Executable => Path.Combine(RepositoryRoot.Find(), "tools", "mock", "node_modules", ".bin", "prism");

    public static async Task<PrismMock> StartAsync(string document, TimeSpan startTimeout, CancellationToken ct)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"Prism is not installed ({Executable} is missing): run scripts/bootstrap.sh (npm ci in tools/mock).");
        var port = ThrowawayPostgres.FreePort();
        var psi = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "mock", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), document })
            psi.ArgumentList.Add(arg);
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        void Line(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.Contains($"Prism is listening on http://127.0.0.1:{port}", StringComparison.Ordinal)) listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("Prism exited before listening"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var mock = new PrismMock(process, output, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await listening.Task.WaitAsync(startTimeout, ct);
            return mock;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            await mock.DisposeAsync();
            throw new InvalidOperationException($"Prism did not start listening on 127.0.0.1:{port} within {startTimeout.TotalSeconds:0} s ({ex.Message}):\n{mock.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or it did not report its exit in time: nothing else to stop.
        }
        _process.Dispose();
    }
}
