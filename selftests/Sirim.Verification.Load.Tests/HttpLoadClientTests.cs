using System.Net;
using System.Net.Sockets;
using Sirim.Verification.Load.Http;
using Sirim.Verification.Load.Reporting;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Stats;

namespace Sirim.Verification.Load.Tests;

[NonParallelizable]
public sealed class HttpLoadClientTests
{
    private LocalHttpServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await LocalHttpServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public async Task A_successful_request_records_status_and_body_bytes(CancellationToken cancellationToken)
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly);

        var result = await http.GetAsync(_server.Url("ok"), cancellationToken);

        Assert.That(result, Is.EqualTo(StepResult.Ok(200, 5)));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_status_of_400_or_more_is_a_failure(CancellationToken cancellationToken)
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly);

        var result = await http.GetAsync(_server.Url("status/500"), cancellationToken);

        Assert.That(result, Is.EqualTo(StepResult.Fail("status 500", 500, 0)));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task An_expected_status_is_a_success(CancellationToken cancellationToken)
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly);

        var notFound = await http.GetAsync(_server.Url("status/404"), cancellationToken, expectedStatuses: [404]);
        var okButUnexpected = await http.GetAsync(_server.Url("ok"), cancellationToken, expectedStatuses: [404]);

        Assert.That(notFound, Is.EqualTo(StepResult.Ok(404, 0)));
        Assert.That(okButUnexpected, Is.EqualTo(StepResult.Fail("status 200", 200, 5)));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_step_reads_the_answer_itself_and_is_told_whether_its_status_was_expected(CancellationToken cancellationToken)
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly);
        var seen = new List<(int Status, bool Expected, string Body)>();

        async ValueTask<StepResult> Read(HttpResponseMessage response, bool expected, CancellationToken token)
        {
            var body = await response.Content.ReadAsStringAsync(token);
            seen.Add(((int)response.StatusCode, expected, body));
            return expected ? StepResult.Ok((int)response.StatusCode, body.Length) : StepResult.Fail("kept", (int)response.StatusCode);
        }

        var ok = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, _server.Url("ok")), [200], Read, null, cancellationToken);
        var failed = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, _server.Url("status/503")), [200], Read, null, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { (200, true, "hello"), (503, false, "") }));
            Assert.That(ok, Is.EqualTo(StepResult.Ok(200, 5)));
            Assert.That(failed, Is.EqualTo(StepResult.Fail("kept", 503)));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_transport_failure_is_handed_to_the_step_before_it_becomes_a_failed_result(CancellationToken cancellationToken)
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly, new HttpLoadClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        var failures = new List<Exception>();

        var result = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, _server.Url("slow")), null,
            (_, _, _) => ValueTask.FromResult(StepResult.Ok()), failures.Add, cancellationToken);

        Assert.That(result, Is.EqualTo(StepResult.Fail("timeout")));
        Assert.That(failures, Has.Count.EqualTo(1).And.All.InstanceOf<OperationCanceledException>());
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_request_slower_than_the_timeout_fails_as_timeout(CancellationToken cancellationToken)
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly, new HttpLoadClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        var result = await http.GetAsync(_server.Url("slow"), cancellationToken);

        Assert.That(result, Is.EqualTo(StepResult.Fail("timeout")));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_refused_connection_is_a_transport_failure(CancellationToken cancellationToken)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly);

        var result = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken);

        Assert.That(result, Is.EqualTo(StepResult.Fail("transport: ConnectionError")));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task The_run_stopping_cancels_the_request_instead_of_recording_a_failure(CancellationToken cancellationToken)
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(100);

        Assert.That(async () => await http.GetAsync(_server.Url("slow"), stop.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Default_headers_are_sent()
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly, new HttpLoadClientOptions
        {
            DefaultHeaders = new Dictionary<string, string> { ["Accept"] = "application/json" },
        });

        var result = await http.GetAsync(_server.Url("ok"), CancellationToken.None);

        Assert.That(result.IsOk, Is.True);
    }

    [Test]
    public void Invalid_client_settings_are_listed()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new HttpLoadClient(
            LoadSafetyPolicy.LoopbackOnly,
            new HttpLoadClientOptions { MaxConnectionsPerServer = 0, RequestTimeout = TimeSpan.Zero }));

        Assert.That(error!.Message, Does.StartWith(
            "http: max connections per server is 0; it must be greater than zero" + Environment.NewLine
            + "http: request timeout is 00:00:00; it must be greater than zero"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_run_against_a_local_server_produces_the_report_files(CancellationToken cancellationToken)
    {
        using var http = new HttpLoadClient(LoadSafetyPolicy.LoopbackOnly, new HttpLoadClientOptions { MaxConnectionsPerServer = 4 });
        var okUrl = _server.Url("ok?test=report-run");
        var failingUrl = _server.Url("status/503?test=report-run");
        var scenario = new Scenario("gastos", async (ctx, ct) =>
        {
            await ctx.StepAsync("list_gastos", c => http.GetAsync(okUrl, c));
            await ctx.StepAsync("create_gasto", c => http.GetAsync(failingUrl, c));
        })
        {
            Simulations = [LoadSimulation.Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))],
        };
        var options = new LoadRunOptions
        {
            Safety = LoadSafetyPolicy.LoopbackOnly,
            Targets = [okUrl, failingUrl],
            Thresholds = ["list_gastos: p95 < 10s", "error_rate < 1%"],
        };

        var report = await LoadRunner.RunAsync(scenario, options, cancellationToken);
        var markdown = LoadReportMarkdown.Render(report);
        var csv = TimelineCsv.Render(report);
        var charts = new[] { LoadCharts.Rps(report), LoadCharts.Latency(report), LoadCharts.Errors(report) };

        Assert.Multiple(() =>
        {
            Assert.That(report.Outcome, Is.EqualTo(LoadOutcome.Completed));
            Assert.That(_server.RequestsTagged("test=report-run"), Is.EqualTo(80), "40 iterations of two requests each reached the server");
            Assert.That(report.Steps[0].StatusCodes, Is.EqualTo(new Dictionary<int, long> { [200] = 40 }));
            Assert.That(report.Steps[0].Bytes, Is.EqualTo(200));
            Assert.That(report.Steps[1].StatusCodes, Is.EqualTo(new Dictionary<int, long> { [503] = 40 }));
            Assert.That(report.Overall.ErrorRate, Is.EqualTo(0.5));
            Assert.That(report.Thresholds.Select(t => t.Passed), Is.EqualTo(new[] { true, false }));
            Assert.That(report.Passed, Is.False);
            Assert.That(markdown, Does.StartWith("## Load results: gastos — FAIL (completed)"));
            Assert.That(markdown, Does.Contain("| `error_rate < 1%` | overall | 50.00% | < 1.00% | **FAIL** |   |"));
            Assert.That(markdown, Does.Contain("| create_gasto | 503 | 40 |"));
            Assert.That(markdown, Does.Contain("| create_gasto | status 503 | 40 |"));
            Assert.That(csv, Does.StartWith(TimelineCsv.Header + "\n"));
            Assert.That(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(report.Timeline.Count + 1));
            foreach (var png in charts)
            {
                Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
            }
        });
    }
}
