using System.Net;
using System.Net.Sockets;
using System.Text;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Api;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The API side of the flows reads answers where the page map says: against a small local API whose lists are wrapped
/// as {"data":[…],"meta":{"total":…}} (the second convention profile), the alt map lists the gastos page by page, and
/// the Core cleanup finds the run's records by their tag, deletes and reads each one back; a delete that keeps the row
/// is named as left behind. The default map (bare arrays) says clearly where it found nothing.
/// </summary>
[NonParallelizable]
public sealed class E2EApiTests
{
    private const string Tag = "e2e-r1";

    /// <summary>Gastos of empresa 1, shown two per page: ids 1 and 3 carry the tag.</summary>
    private static readonly (long Id, string Concepto)[] Gastos = [(1, $"{Tag} UI a"), (2, "other"), (3, $"{Tag} API a")];

    private static E2EPageMap Map(string file) =>
        PageMapLoader.Load(Path.Combine(RepositoryRoot.Find(), "scenarios", "e2e", file)).Map!;

    [Test]
    public async Task Alt_map_lists_wrapped_pages_and_the_cleanup_removes_the_tagged_records_and_reads_them_back()
    {
        await using var api = await FakeApi.StartAsync();
        using var client = new ExchangeClient(TimeSpan.FromSeconds(10));
        var e2e = new E2EApi(Target(api.BaseUrl), client, Map("page-map-alt.json").Api, "gasto_round_trip", Tag);

        var name = await e2e.MyNameAsync(CancellationToken.None);
        var before = await e2e.InventoryAsync(CancellationToken.None);
        var account = await e2e.CleanUpAsync(before, 3, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(name, Is.EqualTo("Ana Pérez"));
            Assert.That(before.Items.Select(i => i.Id), Is.EqualTo(new[] { "1", "2", "3" }));
            Assert.That(account.Results.Select(r => (r.Resource.Id, r.Gone, r.Verification)), Is.EqualTo(new[]
            {
                ("1", true, "DELETE → 204; GET → 404"), ("3", true, "DELETE → 204; GET → 404"),
            }));
            Assert.That(account.Results.Select(r => r.Resource.FoundBy), Is.All.StartWith("the run tag in GET /api/gastos?empresaId={empresaId}"));
            Assert.That(account.Judge().Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(account.InventoryConfirms, Is.True);
            Assert.That(api.Requests, Is.EqualTo(new[]
            {
                "GET /api/me",
                "GET /api/empresas", "GET /api/gastos?empresaId=1&page=1&pageSize=100", "GET /api/gastos?empresaId=1&page=2&pageSize=100",
                "GET /api/empresas", "GET /api/gastos?empresaId=1&page=1&pageSize=100", "GET /api/gastos?empresaId=1&page=2&pageSize=100",
                "DELETE /api/gastos/1", "GET /api/gastos/1", "DELETE /api/gastos/3", "GET /api/gastos/3",
                "GET /api/empresas", "GET /api/gastos?empresaId=1&page=1&pageSize=100",
            }), "the total at /meta/total ends the paging: no page past it is asked for");
            Assert.That(api.Authorization, Is.All.EqualTo("Bearer test-token"));
        });
    }

    [Test]
    public async Task A_delete_that_keeps_the_row_is_retried_then_named_with_how_to_remove_it()
    {
        await using var api = await FakeApi.StartAsync(keepsRows: true);
        using var client = new ExchangeClient(TimeSpan.FromSeconds(10));
        var e2e = new E2EApi(Target(api.BaseUrl), client, Map("page-map-alt.json").Api, "gasto_round_trip", Tag);
        e2e.TrackCreatedInUi(3, "its id on the new row");

        var account = await e2e.CleanUpAsync(InventorySnapshot.Failed("/api/gastos", "GET /api/gastos", "not listed"), 2, CancellationToken.None);
        var outcome = account.Judge();
        var evidence = account.Render(new MarkdownDocument("e2e"), new Redactor(["test-token"])).ToString();

        Assert.Multiple(() =>
        {
            Assert.That(account.NotGone.Select(r => (r.Resource.Id, r.Verification)), Is.EqualTo(new[]
            {
                ("3", "still there after 2 DELETE attempt(s): DELETE → 204; GET → 200"), ("1", "still there after 2 DELETE attempt(s): DELETE → 204; GET → 200"),
            }));
            Assert.That(outcome.Failed, Is.True);
            Assert.That(outcome.Actual, Does.StartWith(
                "2 left: /api/gastos/3 (created by POST /api/gastos (gasto_round_trip, through the frontend)): still there after 2 DELETE attempt(s)"));
            Assert.That(evidence, Does.Contain("| /api/gastos/3 | POST /api/gastos (gasto_round_trip, through the frontend); found by its id on the new row | **NO** |")
                .And.Contain($"curl -X DELETE '{api.BaseUrl}api/gastos/3' -H 'Authorization: Bearer [redacted]'")
                .And.Not.Contain("test-token"));
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

        private readonly bool _keepsRows;
        private readonly HashSet<long> _deleted = [];

        private FakeApi(HttpListener listener, Uri baseUrl, bool keepsRows)
        {
            _listener = listener;
            BaseUrl = baseUrl;
            _keepsRows = keepsRows;
            _loop = Task.Run(ServeAsync);
        }

        public Uri BaseUrl { get; }
        public List<string> Requests { get; } = [];
        public List<string?> Authorization { get; } = [];

        private IEnumerable<(long Id, string Concepto)> Remaining => Gastos.Where(g => !_deleted.Contains(g.Id));

        /// <summary>Page <paramref name="page"/> of the remaining gastos, two per page, with the total at /meta/total.</summary>
        private string Page(int page)
        {
            var all = Remaining.ToList();
            var items = all.Skip((page - 1) * 2).Take(2).Select(g =>
                $$"""{"id":{{g.Id}},"empresaId":1,"fecha":"2031-12-24","concepto":"{{g.Concepto}}","monto":1.5,"categoria":"otros"}""");
            return $$$"""{"data":[{{{string.Join(",", items)}}}],"meta":{"page":{{{page}}},"pageSize":2,"total":{{{all.Count}}}}}""";
        }

        /// <summary>Answers 204 to any DELETE; removes the gasto unless the API keeps rows (a delete never committed).</summary>
        private string Delete(string path)
        {
            if (!_keepsRows && long.TryParse(path.Split('/')[^1], out var id)) _deleted.Add(id);
            return "";
        }

        public static Task<FakeApi> StartAsync(bool keepsRows = false)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var url = $"http://127.0.0.1:{port}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(url);
            listener.Start();
            return Task.FromResult(new FakeApi(listener, new Uri(url), keepsRows));
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
                    ("GET", "/api/gastos") => (200, Page(int.Parse(request.QueryString["page"] ?? "1", System.Globalization.CultureInfo.InvariantCulture))),
                    ("GET", var path) when Remaining.Any(g => path == $"/api/gastos/{g.Id}") => (200, """{"data":{"id":1}}"""),
                    ("DELETE", var path) => (204, Delete(path)),
                    _ => (404, """{"title":"not found"}"""),
                };
                context.Response.KeepAlive = false; // one connection per request, as in the contracts self-tests' FakeApi (which says why)
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
