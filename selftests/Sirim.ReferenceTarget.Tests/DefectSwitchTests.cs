using System.Net;
using System.Net.Http.Json;
using Sirim.ReferenceTarget.Hosting;

namespace Sirim.ReferenceTarget.Tests;

/// <summary>
/// Switching the seeded defect of a running reference target (what the self-tests do instead of a restart per defect):
/// only with the control token; a defect read per request takes effect at once and goes away when switched off; a
/// defect the start-up wiring reads (the database pool) is refused and the host restarts the process instead; wiring
/// built per defect (CORS policy, body limit) follows the switch.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class DefectSwitchTests
{
    private ReferenceDeployment _deployment = null!;
    private HttpClient _http = null!;

    private string ApiUrl => _deployment.Target!.Settings.ApiUrl;

    [OneTimeSetUp]
    public async Task Start()
    {
        _deployment = await ReferenceDeployment.StartAsync(https: true);
        _http = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        }) { Timeout = TimeSpan.FromSeconds(15) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http?.Dispose();
        if (_deployment is not null) await _deployment.DisposeAsync();
    }

    private async Task<HttpResponseMessage> MeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _deployment.Target!.Settings.HttpsUrl + "/api/me");
        return await _http.SendAsync(request);
    }

    [Test, Order(1)]
    public async Task Without_the_control_token_the_route_does_not_exist_and_nothing_changes()
    {
        foreach (var token in new[] { null, "wrong-token-0123456789abcdef" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, ApiUrl + "/__reference/defect") { Content = JsonContent.Create(new { defect = "header_missing_nosniff" }) };
            if (token is not null) request.Headers.Add("X-Reference-Control", token);
            using var response = await _http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound).Or.EqualTo(HttpStatusCode.PermanentRedirect),
                "without the token the request goes on like any unknown path");
        }
        using var me = await MeAsync();
        Assert.That(me.Headers.Contains("X-Content-Type-Options"), Is.True, "the defect was not switched on");
    }

    [Test, Order(2)]
    public async Task A_defect_read_per_request_is_switched_on_and_off_without_a_restart()
    {
        var pid = _deployment.Target!.ProcessId;
        Assert.That(await _deployment.UseDefectAsync("header_missing_nosniff", https: true, extra: null, CancellationToken.None), Is.True);
        using (var me = await MeAsync()) Assert.That(me.Headers.Contains("X-Content-Type-Options"), Is.False, "switched on: nosniff is gone");
        Assert.That(await _deployment.UseDefectAsync(null, https: true, extra: null, CancellationToken.None), Is.True);
        using (var me = await MeAsync()) Assert.That(me.Headers.Contains("X-Content-Type-Options"), Is.True, "switched off: nosniff is back");
        Assert.Multiple(() =>
        {
            Assert.That(_deployment.Target!.ProcessId, Is.EqualTo(pid), "the same process all along");
            Assert.That(_deployment.Target.Log, Does.Contain("SEEDED DEFECT ACTIVE: header_missing_nosniff").And.Contain("switched off while running"));
        });
    }

    [Test, Order(3)]
    public async Task Wiring_built_per_defect_switches_too_cors_policy_token_validation_and_body_limit()
    {
        var pid = _deployment.Target!.ProcessId;
        Assert.That(await _deployment.UseDefectAsync("cors_reflect_any_origin", https: true, extra: null, CancellationToken.None), Is.True);
        Assert.That(await AllowedOriginAsync("https://evil.example"), Is.EqualTo("https://evil.example"), "the CORS policy follows the switch");
        Assert.That(await _deployment.UseDefectAsync("body_limit_too_small", https: true, extra: null, CancellationToken.None), Is.True);
        Assert.That(await AllowedOriginAsync("https://evil.example"), Is.Null, "and goes back when switched away");
        Assert.That(await PostLoginOfAsync(20 * 1024), Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), "20 KiB is over the defect's 16 KiB limit");
        Assert.That(await _deployment.UseDefectAsync(null, https: true, extra: null, CancellationToken.None), Is.True);
        Assert.That(await PostLoginOfAsync(20 * 1024), Is.Not.EqualTo(HttpStatusCode.RequestEntityTooLarge), "under the configured 64 KiB limit again");
        Assert.That(_deployment.Target.ProcessId, Is.EqualTo(pid), "no restart for any of them");
    }

    [Test, Order(4)]
    public async Task The_pool_is_wired_at_start_up_and_a_switch_to_it_restarts_the_process()
    {
        var readAtStartup = await _deployment.Target!.DefectsReadAtStartupAsync(CancellationToken.None);
        TestContext.Out.WriteLine("read at start-up: " + string.Join(", ", readAtStartup));
        Assert.That(readAtStartup, Is.EqualTo(new[] { "pool_size_10" }), "the database pool is the only wiring built once at start-up");

        var pid = _deployment.Target.ProcessId;
        Assert.That(await _deployment.UseDefectAsync("pool_size_10", https: true, extra: null, CancellationToken.None), Is.False, "refused: restarted instead");
        Assert.That(_deployment.Target!.ProcessId, Is.Not.EqualTo(pid));
        Assert.That(_deployment.Target.Log, Does.Contain("SEEDED DEFECT ACTIVE: pool_size_10"));
        pid = _deployment.Target.ProcessId;
        Assert.That(await _deployment.UseDefectAsync(null, https: true, extra: null, CancellationToken.None), Is.False, "switching away from a start-up defect restarts too");
        Assert.That(_deployment.Target!.ProcessId, Is.Not.EqualTo(pid));
    }

    /// <summary>
    /// POSTs a body of <paramref name="bytes"/> to the login route with Expect: 100-continue (as the security gate's
    /// probe and curl do), so a refusal comes before the body is sent instead of racing it.
    /// </summary>
    private async Task<HttpStatusCode> PostLoginOfAsync(int bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _deployment.Target!.Settings.HttpsUrl + "/api/auth/login")
        {
            Content = new StringContent(new string('x', bytes), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var answer = await _http.SendAsync(request);
        return answer.StatusCode;
    }

    private async Task<string?> AllowedOriginAsync(string origin)
    {
        using var probe = new HttpRequestMessage(HttpMethod.Get, _deployment.Target!.Settings.HttpsUrl + "/api/me");
        probe.Headers.Add("Origin", origin);
        using var answer = await _http.SendAsync(probe);
        return answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed) ? allowed.Single() : null;
    }

    [Test, Order(5)]
    public void An_unknown_defect_is_refused_naming_it()
    {
        var ex = Assert.ThrowsAsync<HostingException>(() => _deployment.Target!.TrySwitchDefectAsync("no_such_defect", CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain("unknown defect 'no_such_defect'"));
    }
}
