using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Cli.Tests;

/// <summary>
/// A run that cannot create and write its evidence folder stops before its first request, with a configuration error
/// naming the folder and the reason — the suite (the gates under dotnet test) and the canary command alike. The
/// target is a loopback listener that counts connections. The tests run as root, where a read-only mode does not stop
/// writes: the reports folder is placed below a regular file, which nobody can create.
/// </summary>
[NonParallelizable]
public sealed class EvidenceFolderCheckTests
{
    private string _dir = "";
    private string _blocker = "";

    [SetUp]
    public void CreateBlocker()
    {
        Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "sirim-evidence-check-" + Guid.NewGuid().ToString("N")[..8]));
        File.WriteAllText(_blocker = Path.Combine(_dir, "a-file"), "not a folder");
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task The_suite_with_an_unwritable_reports_folder_fails_every_gate_naming_the_folder_and_sends_nothing()
    {
        using var target = new CountingListener();
        var reports = Path.Combine(_blocker, "reports");
        var run = await SuiteRunner.RunAsync(new Dictionary<string, string>
        {
            ["SIRIM_ENVIRONMENT"] = "reference",
            ["SIRIM_API_URL"] = target.Url,
            ["SIRIM_FRONTEND_URL"] = target.Url,
            ["SIRIM_USERNAME"] = "ana@sirim.test",
            ["SIRIM_PASSWORD"] = "not-used-" + Guid.NewGuid().ToString("N")[..6],
            ["SIRIM_REPORTS_DIR"] = reports,
        }, "Category=Smoke", TimeSpan.FromMinutes(3));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain($"reportsDir (SIRIM_REPORTS_DIR): the evidence folder '{Path.Combine(reports, "reference")}"));
            Assert.That(run.Output, Does.Contain($"cannot be created and written; '{_blocker}' is a file, not a folder; set SIRIM_REPORTS_DIR to a folder"));
            Assert.That(target.Connections, Is.Zero, "no connection may reach the target before the evidence folder is known good");
        });
    }

    [Test]
    public async Task The_canary_command_with_an_unwritable_reports_folder_exits_2_naming_the_folder_and_sends_nothing()
    {
        using var baseline = new CountingListener();
        using var canary = new CountingListener();
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { ReferenceRunProcess.CliDll(), "canary", "--baseline", baseline.Url, "--canary", canary.Url, "--requests", "10" }) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("SIRIM_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        psi.Environment["SIRIM_REPORTS_DIR"] = Path.Combine(_blocker, "reports");
        psi.Environment["SIRIM_ENVIRONMENT"] = "staging";
        psi.Environment["SIRIM_RUN_ID"] = "r1";
        psi.Environment["SIRIM_LOAD_ALLOWED_HOSTS"] = "127.0.0.1";
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout + await stderr;

        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain($"sirim-verify canary: reportsDir (SIRIM_REPORTS_DIR): the evidence folder '{Path.Combine(_blocker, "reports", "staging", "r1")}' cannot be created and written; '{_blocker}' is a file, not a folder;"));
            Assert.That(baseline.Connections + canary.Connections, Is.Zero, "no request before the evidence folder is known good");
        });
    }

    /// <summary>A loopback port that accepts and counts connections, answering nothing.</summary>
    private sealed class CountingListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public CountingListener()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
