using System.Net;
using System.Net.Sockets;
using System.Text;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>
/// The real suite against a local server that counts every connection: one bad setting per gate (each would be found
/// only when its gate starts, after other gates sent traffic, if the suite setup did not check them all) must all be
/// listed in the one configuration report, and not one connection may reach the server. One child run for all rows.
/// </summary>
[NonParallelizable]
public sealed class GateSettingsBeforeTrafficTests
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Gate, environment variable, bad value, and what the report must say about it.</summary>
    public static readonly object[][] BadSettings =
    [
        ["canary", "SIRIM_CANARY_RULES", "p95 <= fast", "canary: canaryRules (SIRIM_CANARY_RULES): canary rule 'p95 <= fast' is not understood"],
        ["load", "SIRIM_BUDGET_P95", "p95 < soon", "load: p95_budget (setting p95Budget [Environment]): "],
        ["load", "SIRIM_LOAD_PROFILES", "normal-ci,no-such-profile", "no-such-profile.json' does not exist; known profiles: "],
        ["security", "SIRIM_SECURITY_HSTS_MIN_MAX_AGE", "a year", "security: securityHstsMinMaxAge (SIRIM_SECURITY_HSTS_MIN_MAX_AGE): 'a year' is not a whole number from 0 to 315360000."],
        ["e2e", "SIRIM_E2E_RETRIES", "9", "e2e: e2eRetries (SIRIM_E2E_RETRIES): '9' is not a whole number from 0 to 5."],
        ["e2e", "SIRIM_FRONTEND_MANIFEST", "release/no-such-manifest.json", "e2e: frontendManifest (SIRIM_FRONTEND_MANIFEST): 'release/no-such-manifest.json' does not exist"],
        ["authz", "SIRIM_AUTHZ_FOREIGN_EMPRESA_ID", "three", "authz: authzForeignEmpresaId (SIRIM_AUTHZ_FOREIGN_EMPRESA_ID): 'three' is not an empresa id; only whole numbers from 1 are allowed."],
        ["parity", "SIRIM_PARITY_LEFT", "env/no-such-dev.env", "parity: parityLeftFile (SIRIM_PARITY_LEFT): 'env/no-such-dev.env' does not exist"],
        ["pool", "SIRIM_POOL_SAMPLE_INTERVAL_MS", "5", "pool: poolSampleIntervalMs (SIRIM_POOL_SAMPLE_INTERVAL_MS): '5' is not a whole number of milliseconds from 10 to 60000"],
        ["canary", "SIRIM_ROLLBACK_TIMEOUT_SECONDS", "2m", "canary: rollbackTimeoutSeconds (SIRIM_ROLLBACK_TIMEOUT_SECONDS): '2m' is not a whole number of seconds from 1 to 3600"],
        ["supplychain", "SIRIM_RELEASE_TIME", "yesterday", "supplychain: supplyChainReleaseTime (SIRIM_RELEASE_TIME): 'yesterday' is not an ISO-8601 time with an offset"],
        ["supplychain", "SIRIM_ACCEPTED_VULNS", "release/no-such-accepted.json", "no-such-accepted.json' does not exist; name the JSON file of accepted vulnerabilities or leave it unset"],
        ["observability", "SIRIM_METRICS_PROBE_REQUESTS", "lots", "observability: metricsProbeRequests (SIRIM_METRICS_PROBE_REQUESTS): 'lots' is not a whole number from 1 to 100"],
        ["findings", "SIRIM_ACCEPTED_DEVIATIONS_FILE", "runsettings/accepted-deviations/no-such-env.json", "no-such-env.json' does not exist; name a JSON file {\"deviations\": [{\"check\", \"subject\", \"reason\", \"owner\", \"expires\"}]}, or leave the setting empty"],
        ["findings", "SIRIM_BLOCKING_SEVERITIES", "high,medium", "blockingSeverities (SIRIM_BLOCKING_SEVERITIES): 'high,medium' lets critical findings through; a critical finding always blocks: include 'critical'."],
    ];

    private CountingServer _api = null!;
    private CountingServer _canary = null!;
    private SuiteRunResult _run = null!;

    [OneTimeSetUp]
    public async Task RunTheSuiteOnceWithEveryBadSetting()
    {
        _api = CountingServer.Start();
        _canary = CountingServer.Start();
        var env = new Dictionary<string, string>
        {
            ["SIRIM_API_URL"] = _api.Url,
            ["SIRIM_FRONTEND_URL"] = _api.Url,
            ["SIRIM_LOAD_ALLOWED_HOSTS"] = "127.0.0.1",
            ["SIRIM_USERNAME"] = "admin@sirim.test",
            ["SIRIM_PASSWORD"] = "not-used-anywhere-1",
            ["SIRIM_CANARY_URL"] = _canary.Url,
            ["SIRIM_PARITY_RIGHT"] = "runsettings/reference.runsettings",
            ["SIRIM_DB_MONITOR_CONNECTION"] = "Host=127.0.0.1;Port=1;Database=sirim;Username=monitor;Password=not-used-anywhere-2",
        };
        foreach (var row in BadSettings) env[(string)row[1]] = (string)row[2];
        _run = await SuiteRunner.RunAsync(env, "FullyQualifiedName~Sirim.Verification.Gates", SuiteTimeout);
    }

    [OneTimeTearDown]
    public void StopServers()
    {
        _api?.Dispose();
        _canary?.Dispose();
    }

    [TestCaseSource(nameof(BadSettings))]
    public void The_bad_setting_is_listed_in_the_one_report(string gate, string variable, string value, string expected)
    {
        var failed = _run.Failed.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.Not.Empty, _run.Describe());
            Assert.That(failed.Select(r => r.Message), Is.All.Contain(expected), $"{gate}: {variable}='{value}'\n{_run.Describe()}");
            Assert.That(_run.Output, Does.Contain(expected), "the report is printed once on the console");
        });
    }

    [Test]
    public void Every_gate_stops_with_the_same_report_and_nothing_reaches_the_servers()
    {
        var messages = _run.Results.Select(r => r.Message).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(_run.Results.Select(r => r.Status), Is.All.EqualTo("failed"), _run.Describe());
            Assert.That(messages, Has.Count.EqualTo(1), "one report, the same for every test");
            Assert.That(messages[0], Does.StartWith("The configuration is not valid; nothing was sent to the target.\n  - "));
            Assert.That(_run.Results.Select(r => r.Name), Has.Some.StartsWith("Profile_meets_budgets").And.Some.StartsWith("Canary_")
                .And.Some.StartsWith("Pool_").And.Some.EqualTo("login_valid").And.Some.EqualTo("Second_identity_is_refused_what_it_must_not_reach"),
                "every gate was in the run");
            Assert.That(_api.Connections, Is.Zero, "a connection reached the API");
            Assert.That(_canary.Connections, Is.Zero, "a connection reached the canary");
        });
    }

    /// <summary>A loopback HTTP server that only counts connections (and answers 200 to whatever reaches it).</summary>
    private sealed class CountingServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        private CountingServer(TcpListener listener)
        {
            _listener = listener;
            _ = AcceptAsync();
        }

        public static CountingServer Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new CountingServer(listener);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
                Interlocked.Increment(ref _connections);
                using (client)
                {
                    var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                    try { await client.GetStream().WriteAsync(answer, _stop.Token); }
                    catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException) { }
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
