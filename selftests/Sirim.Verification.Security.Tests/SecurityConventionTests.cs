using System.Net;
using System.Net.Sockets;
using System.Text;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Tests;

/// <summary>
/// The security gate follows the deployment's conventions: the rate-limit probe's default body is the login template with
/// bad credentials, the malformed-JSON probe is that template cut short, and the plain-HTTP probe asks for livenessPath.
/// </summary>
public sealed class SecurityConventionTests
{
    private static TargetOptions Target(Dictionary<string, string> env)
    {
        env.TryAdd("SIRIM_API_URL", "https://api.sirim.example");
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.IsValid, Is.True, loaded.ErrorReport);
        return loaded.Options!;
    }

    private static SecurityOptions Security(TargetOptions target)
    {
        var (options, errors) = SecurityOptions.From(target);
        Assert.That(errors, Is.Empty);
        return options!;
    }

    [Test]
    public void Rate_limit_body_defaults_to_todays_body()
    {
        Assert.That(Security(Target([])).RateLimit.Body, Is.EqualTo("{\"email\":\"rate-limit-probe@sirim.invalid\",\"password\":\"not-the-password\"}"));
    }

    [Test]
    public void Rate_limit_body_follows_the_login_template_unless_set()
    {
        const string alt = "{\"credentials\":{\"login\":\"{username}\",\"secret\":\"{password}\"}}";
        Assert.That(Security(Target(new() { ["SIRIM_LOGIN_BODY"] = alt })).RateLimit.Body,
            Is.EqualTo("{\"credentials\":{\"login\":\"rate-limit-probe@sirim.invalid\",\"secret\":\"not-the-password\"}}"));
        Assert.That(Security(Target(new() { ["SIRIM_LOGIN_BODY"] = alt, ["SIRIM_SECURITY_RATE_LIMIT_BODY"] = "{\"pin\":\"0000\"}" })).RateLimit.Body,
            Is.EqualTo("{\"pin\":\"0000\"}"));
    }

    [Test]
    public async Task Probes_use_the_configured_liveness_route_and_login_template()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var target = Target(new()
        {
            ["SIRIM_API_URL"] = $"http://127.0.0.1:{port}", ["SIRIM_API_HTTP_URL"] = $"http://127.0.0.1:{port}",
            ["SIRIM_LIVENESS_PATH"] = "/health", ["SIRIM_LOGIN_PATH"] = "/api/session",
            ["SIRIM_LOGIN_BODY"] = "{\"credentials\":{\"login\":\"{username}\",\"secret\":\"{password}\"}}",
        });
        using var client = new ExchangeClient(TimeSpan.FromSeconds(5));
        var gate = new SecurityGate(target, Security(target), client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var redirectTask = gate.ProbeHttpsRedirectAsync(timeout.Token);
        var redirectRequest = await AnswerOneAsync(listener, timeout.Token);
        var redirect = await redirectTask;

        var errorsTask = gate.ProbeErrorsAsync([], new AuthResult(null, "no token in this test", null), timeout.Token);
        var requests = new List<string> { await AnswerOneAsync(listener, timeout.Token), await AnswerOneAsync(listener, timeout.Token) };
        var errors = await errorsTask;

        Assert.Multiple(() =>
        {
            Assert.That(redirectRequest, Does.StartWith("GET /health HTTP/1.1"));
            Assert.That(redirect!.Title, Is.EqualTo("plain HTTP GET /health"));
            Assert.That(errors.Select(e => e.Title), Has.Member("malformed JSON body: POST /api/session"));
            Assert.That(requests.Single(r => r.StartsWith("POST", StringComparison.Ordinal)),
                Does.StartWith("POST /api/session HTTP/1.1").And.EndWith("\r\n\r\n{\"credentials\":{\"login\":\"probe@sirim.invalid\",\"secret\":\""));
        });
    }

    /// <summary>Reads one request (headers and a Content-Length body) and answers 404 JSON, closing the connection.</summary>
    private static async Task<string> AnswerOneAsync(TcpListener listener, CancellationToken ct)
    {
        using var socket = await listener.AcceptTcpClientAsync(ct);
        var stream = socket.GetStream();
        var buffer = new byte[8192];
        var received = new StringBuilder();
        while (true)
        {
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = text.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(p => int.Parse(p[1].Trim())).FirstOrDefault();
                if (Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= length) break;
            }
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0) break;
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        await stream.WriteAsync(answer, ct);
        return received.ToString();
    }
}
