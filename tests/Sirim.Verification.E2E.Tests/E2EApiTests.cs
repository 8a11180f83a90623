using System.Net;
using System.Net.Sockets;
using System.Text;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Api;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The API side of the flows reads answers where the page map says: against a small local API whose lists are wrapped
/// as {"data":[…],"meta":{"total":…}} (the second convention profile), the alt map finds and removes the run's records
/// page by page; the default map (bare arrays) says clearly where it found nothing.
/// </summary>
[NonParallelizable]
public sealed class E2EApiTests
{
    private const string Tag = "e2e-r1";

    /// <summary>Gastos of empresa 1, two per page, total 3: ids 1 and 3 carry the tag.</summary>
    private static readonly string[] Pages =
    [
        $$$"""{"data":[{"id":1,"empresaId":1,"fecha":"2031-12-24","concepto":"{{{Tag}}} UI a","monto":1.5,"categoria":"otros"},{"id":2,"empresaId":1,"fecha":"2031-12-24","concepto":"other","monto":2,"categoria":"otros"}],"meta":{"page":1,"pageSize":2,"total":3}}""",
        $$$"""{"data":[{"id":3,"empresaId":1,"fecha":"2031-12-24","concepto":"{{{Tag}}} API a","monto":3,"categoria":"otros"}],"meta":{"page":2,"pageSize":2,"total":3}}""",
    ];

    private static E2EPageMap Map(string file) =>
        PageMapLoader.Load(Path.Combine(RepositoryRoot.Find(), "scenarios", "e2e", file)).Map!;

    [Test]
    public async Task Alt_map_reads_wrapped_lists_page_by_page_and_removes_the_tagged_records()
    {
        await using var api = await FakeApi.StartAsync();
        using var client = new ExchangeClient(TimeSpan.FromSeconds(10));
        var e2e = new E2EApi(Target(api.BaseUrl), client, Map("page-map-alt.json").Api);

        var name = await e2e.MyNameAsync(CancellationToken.None);
        var cleanup = await e2e.RemoveTaggedAsync(Tag, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(name, Is.EqualTo("Ana Pérez"));
            Assert.That(cleanup.Removed, Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(cleanup.Left, Is.Empty);
            Assert.That(api.Requests, Is.EqualTo(new[]
            {
                "GET /api/me", "GET /api/empresas",
                "GET /api/gastos?empresaId=1&page=1&pageSize=100", "GET /api/gastos?empresaId=1&page=2&pageSize=100",
                "DELETE /api/gastos/1", "DELETE /api/gastos/3",
            }), "the total at /meta/total ends the paging: no third page is asked for");
            Assert.That(api.Authorization, Is.All.EqualTo("Bearer test-token"));
        });
    }

    [Test]
    public async Task Default_map_against_wrapped_lists_says_what_it_expected()
    {
        await using var api = await FakeApi.StartAsync();
        using var client = new ExchangeClient(TimeSpan.FromSeconds(10));
        var e2e = new E2EApi(Target(api.BaseUrl), client, Map("page-map.json").Api);
        Assert.That(async () => await e2e.EmpresasAsync(CancellationToken.None), Throws.TypeOf<E2EFlowException>().With.Message.StartWith(
            "GET /api/empresas: the body is not the expected JSON (The JSON value could not be converted to"));
    }

    private static TargetOptions Target(Uri api)
    {
        var env = new Dictionary<string, string>
        {
            ["SIRIM_API_URL"] = api.ToString(), ["SIRIM_FRONTEND_URL"] = api.ToString(), ["SIRIM_RUN_ID"] = "r1", ["SIRIM_TOKEN"] = "test-token",
        };
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        return loaded.Options ?? throw new InvalidOperationException(loaded.ErrorReport);
    }

    /// <summary>A small API on 127.0.0.1 answering like the second convention profile; records each request.</summary>
    private sealed class FakeApi : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _loop;

        private FakeApi(HttpListener listener, Uri baseUrl)
        {
            _listener = listener;
            BaseUrl = baseUrl;
            _loop = Task.Run(ServeAsync);
        }

        public Uri BaseUrl { get; }
        public List<string> Requests { get; } = [];
        public List<string?> Authorization { get; } = [];

        public static Task<FakeApi> StartAsync()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var url = $"http://127.0.0.1:{port}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(url);
            listener.Start();
            return Task.FromResult(new FakeApi(listener, new Uri(url)));
        }

        private async Task ServeAsync()
        {
            for (var served = 0; served < 100 && _listener.IsListening; served++) // bounded
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
                var request = context.Request;
                var target = request.Url!.PathAndQuery;
                lock (Requests)
                {
                    Requests.Add($"{request.HttpMethod} {target}");
                    Authorization.Add(request.Headers["Authorization"]);
                }
                var (status, body) = (request.HttpMethod, request.Url.AbsolutePath) switch
                {
                    ("GET", "/api/me") => (200, """{"id":1,"name":"Ana Pérez","role":"admin"}"""),
                    ("GET", "/api/empresas") => (200, """{"data":[{"id":1,"nombre":"Alfa SRL","rnc":"101"}],"meta":{"total":1}}"""),
                    ("GET", "/api/gastos") => request.QueryString["page"] switch
                    {
                        "1" => (200, Pages[0]),
                        "2" => (200, Pages[1]),
                        _ => (200, """{"data":[],"meta":{"total":3}}"""),
                    },
                    ("DELETE", _) => (204, ""),
                    _ => (404, """{"title":"not found"}"""),
                };
                context.Response.StatusCode = status;
                if (body.Length > 0)
                {
                    var bytes = Encoding.UTF8.GetBytes(body);
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
