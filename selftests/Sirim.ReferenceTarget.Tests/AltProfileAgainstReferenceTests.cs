using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using Npgsql;
using Sirim.ReferenceTarget.Hosting;

namespace Sirim.ReferenceTarget.Tests;

/// <summary>
/// The reference target started in its alt convention profile (throwaway PostgreSQL, real process), checked with a
/// plain HttpClient: health routes and media type, login shape, wrapped lists, the YAML contract, the frontend on the
/// API origin, database sessions without application_name, the standard routes gone, and one seeded defect per gate.
/// Runs next to the other fixtures: its deployment, ports and cluster are its own, and its only timings are lower bounds
/// (a seeded delay), which a busy machine cannot make pass wrongly.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class AltProfileAgainstReferenceTests
{
    private const string HealthJson = "application/health+json";
    private ReferenceDeployment _deployment = null!;
    private HttpClient _http = null!;
    private string? _defect;

    private string ApiUrl => _deployment.Target!.Settings.ApiUrl;
    private static string Root => RepositoryLayout.FindRoot();

    [OneTimeSetUp]
    public async Task Start()
    {
        _deployment = await ReferenceDeployment.StartAsync(profile: ReferenceProfile.Alt);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(15) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http?.Dispose();
        if (_deployment is not null) await _deployment.DisposeAsync();
    }

    [TearDown]
    public void ShowTargetLogIfFailed()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && _deployment?.Target is { } target)
            TestContext.Out.WriteLine($"reference target (alt, defect {_defect ?? "none"}) log, last lines:\n" +
                                      string.Join('\n', target.Log.Split('\n').TakeLast(40)));
    }

    /// <summary>The target with <paramref name="defect"/> switched on (null: clean), in place or restarted; the database is kept.</summary>
    private async Task UseAsync(string? defect)
    {
        if (_defect == defect && _deployment.Target is not null) return;
        await _deployment.UseDefectAsync(defect, https: false, extra: null, CancellationToken.None);
        _defect = defect;
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? token = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ApiUrl + path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _http.PostAsync(ApiUrl + path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string SessionBody(string login, string secret) =>
        JsonSerializer.Serialize(new { credentials = new { login, secret } });

    private async Task<string> LoginAsync()
    {
        using var response = await PostJsonAsync("/api/session", SessionBody(ReferenceDeployment.SeedUser, _deployment.SeedPassword));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["data"]!["access_token"]!.GetValue<string>();
    }

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static ReadResult ParseContract(string yaml)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        return OpenApiDocument.Parse(yaml, OpenApiConstants.Yaml, settings);
    }

    [Test, Order(1)]
    public async Task Health_routes_answer_health_json_and_the_standard_ones_are_gone()
    {
        await UseAsync(null);
        using var live = await GetAsync("/health");
        using var ready = await GetAsync("/health/ready");
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(live.Content.Headers.ContentType?.MediaType, Is.EqualTo(HealthJson));
        Assert.That((await JsonOf(live)).ToJsonString(), Is.EqualTo("""{"status":"pass"}"""));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.Content.Headers.ContentType?.MediaType, Is.EqualTo(HealthJson));
        Assert.That((await JsonOf(ready))["status"]!.GetValue<string>(), Is.EqualTo("UP"));
        Assert.That((await JsonOf(ready))["checks"]!["database"]!["status"]!.GetValue<string>(), Is.EqualTo("UP"));

        foreach (var path in new[] { "/healthz", "/readyz", "/openapi.json" })
        {
            using var gone = await GetAsync(path);
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
            Assert.That(gone.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), path);
        }
        using var oldLogin = await PostJsonAsync("/api/auth/login", """{"email":"ana@sirim.test","password":"x"}""");
        Assert.That(oldLogin.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test, Order(2)]
    public async Task Login_is_a_session_with_nested_credentials_answering_data_access_token()
    {
        await UseAsync(null);
        using var ok = await PostJsonAsync("/api/session", SessionBody(ReferenceDeployment.SeedUser, _deployment.SeedPassword));
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ok.Headers.CacheControl?.NoStore, Is.True);
        var data = (await JsonOf(ok))["data"]!.AsObject();
        Assert.That(data.Select(p => p.Key), Is.EquivalentTo(new[] { "access_token", "token_type", "expires_in" }));
        Assert.That(data["token_type"]!.GetValue<string>(), Is.EqualTo("Bearer"));
        Assert.That(data["expires_in"]!.GetValue<int>(), Is.EqualTo(1800));
        Assert.That(data["access_token"]!.GetValue<string>().Split('.'), Has.Length.EqualTo(3));

        using var me = await GetAsync("/api/me", data["access_token"]!.GetValue<string>());
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the session's token is accepted by the API");

        using var wrong = await PostJsonAsync("/api/session", SessionBody(ReferenceDeployment.SeedUser, "not-the-password"));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var flat = await PostJsonAsync("/api/session", JsonSerializer.Serialize(new { email = ReferenceDeployment.SeedUser, password = _deployment.SeedPassword }));
        Assert.That(flat.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the standard body shape is not this profile's");
        Assert.That((await JsonOf(flat))["detail"]!.GetValue<string>(), Does.Contain("credentials"));
    }

    [Test, Order(3)]
    public async Task Lists_are_wrapped_in_data_and_meta()
    {
        await UseAsync(null);
        var token = await LoginAsync();
        using var empresas = await GetAsync("/api/empresas", token);
        var list = await JsonOf(empresas);
        Assert.That(list.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "data", "meta" }));
        var items = list["data"]!.AsArray();
        Assert.That(items, Is.Not.Empty);
        Assert.That(list["meta"]!.ToJsonString(), Is.EqualTo($$"""{"total":{{items.Count}},"page":1,"pageSize":{{items.Count}}}"""));

        var empresaId = items[0]!["id"]!.GetValue<int>();
        using var gastos = await GetAsync($"/api/gastos?empresaId={empresaId}&page=1&pageSize=5", token);
        var page = await JsonOf(gastos);
        Assert.That(gastos.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "data", "meta" }));
        Assert.That(page["data"]!.AsArray().Count, Is.LessThanOrEqualTo(5));
        Assert.That(page["meta"]!["page"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(page["meta"]!["pageSize"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(page["meta"]!["total"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(page["data"]!.AsArray().Count));
    }

    [Test, Order(4)]
    public async Task The_yaml_contract_is_served_as_committed_and_describes_auth_as_an_authorization_api_key()
    {
        await UseAsync(null);
        using var served = await GetAsync("/openapi.yaml");
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(served.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/yaml"));
        var yaml = await served.Content.ReadAsStringAsync();
        Assert.That(yaml, Is.EqualTo(await File.ReadAllTextAsync(Path.Combine(Root, "contracts", "openapi-alt.yaml"))));

        var read = ParseContract(yaml);
        Assert.That(read.Diagnostic?.Errors, Is.Empty);
        var document = read.Document!;
        Assert.That(document.Paths.Keys, Is.SupersetOf(new[] { "/health", "/health/ready", "/api/session", "/openapi.yaml", "/api/empresas", "/api/gastos" }));
        Assert.That(document.Paths.Keys, Has.None.AnyOf("/healthz", "/readyz", "/api/auth/login", "/openapi.json"));
        var scheme = document.Components!.SecuritySchemes!.Single().Value;
        Assert.That((scheme.Type, scheme.In, scheme.Name), Is.EqualTo(((SecuritySchemeType?)SecuritySchemeType.ApiKey, (ParameterLocation?)ParameterLocation.Header, "Authorization")));
        foreach (var (path, item) in document.Paths)
        foreach (var (method, operation) in item.Operations!)
        {
            var security = operation.Security;
            Assert.That(security, Is.Not.Null, $"{method} {path} declares its security");
            Assert.That(security!.Count == 0 || security.All(r => r.Keys.All(k => k.Reference.Id == "apiKeyAuth")), Is.True, $"{method} {path}");
        }
    }

    [Test, Order(5)]
    public async Task Every_get_of_the_contract_answers_a_status_it_declares()
    {
        await UseAsync(null);
        var document = ParseContract(await File.ReadAllTextAsync(Path.Combine(Root, "contracts", "openapi-alt.yaml"))).Document!;
        var token = await LoginAsync();
        var checkedRoutes = 0;
        foreach (var (path, item) in document.Paths)
        {
            if (!item.Operations!.TryGetValue(HttpMethod.Get, out var operation)) continue;
            var concrete = path.Replace("{id}", "1", StringComparison.Ordinal) + (path == "/api/gastos" ? "?empresaId=1" : "");
            var secured = operation.Security is { Count: > 0 };
            foreach (var withToken in secured ? new[] { false, true } : [false])
            {
                using var response = await GetAsync(concrete, withToken ? token : null);
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(operation.Responses!.Keys, Does.Contain(status), $"GET {concrete} {(withToken ? "with" : "without")} a token answered {status}");
                var media = response.Content.Headers.ContentType?.MediaType;
                if (media is not null && media != "application/problem+json")
                    Assert.That(operation.Responses[status].Content!.Keys, Does.Contain(media), $"GET {concrete}: media type {media}");
                checkedRoutes++;
            }
        }
        Assert.That(checkedRoutes, Is.GreaterThanOrEqualTo(12));
    }

    [Test, Order(6)]
    public async Task The_frontend_is_served_from_the_api_origin_with_data_qa_ids_as_its_build_folder_holds_it()
    {
        await UseAsync(null);
        var build = Path.Combine(Path.GetTempPath(), "sirim-alt-frontend-" + Guid.NewGuid().ToString("N"));
        try
        {
            await ReferenceDeployment.WriteFrontendBuildAsync(ReferenceProfile.Alt, build, _deployment.DllPath, CancellationToken.None);
            Assert.That(_deployment.SuiteEnvironment()["SIRIM_FRONTEND_URL"], Is.EqualTo(ApiUrl));
            foreach (var (path, file, media) in new[] { ("/", "index.html", "text/html"), ("/index.html", "index.html", "text/html"),
                         ("/app.js", "app.js", "text/javascript"), ("/styles.css", "styles.css", "text/css"), ("/version.json", "version.json", "application/json") })
            {
                using var response = await GetAsync(path);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(media), path);
                Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(build, file))), path + " is the build's file");
                Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.StartWith("default-src 'self'"), path + " has the frontend CSP");
            }
            var index = await File.ReadAllTextAsync(Path.Combine(build, "index.html"));
            Assert.That(index, Does.Contain("data-qa=\"sirim-login-email\"").And.Not.Contain("data-testid"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(build, "app.js")), Does.Contain("'sirim.auth'").And.Not.Contain("sessionStorage"));

            using var config = await GetAsync("/config.json");
            Assert.That((await JsonOf(config))["apiBaseUrl"]!.GetValue<string>(), Is.EqualTo(ApiUrl));
            using var api = await GetAsync("/api/version");
            Assert.That(api.Headers.GetValues("Content-Security-Policy").Single(), Does.StartWith("default-src 'none'"), "the API keeps its own CSP");
            using var post = await PostJsonAsync("/index.html", "{}");
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        }
        finally
        {
            if (Directory.Exists(build)) Directory.Delete(build, recursive: true);
        }
    }

    [Test, Order(7)]
    public async Task Database_sessions_of_the_pool_have_an_empty_application_name()
    {
        await UseAsync(null);
        var token = await LoginAsync();
        using (await GetAsync("/api/empresas", token)) { }
        await using var monitor = new NpgsqlConnection(_deployment.Database.Credentials.MonitorConnectionString);
        await monitor.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT application_name FROM pg_stat_activity WHERE usename = $1 AND datname = $2", monitor);
        cmd.Parameters.Add(new() { Value = _deployment.Database.Credentials.AppUser });
        cmd.Parameters.Add(new() { Value = _deployment.Database.Credentials.Database });
        var names = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        Assert.That(names, Is.Not.Empty, "the pool keeps its connections open");
        Assert.That(names, Is.All.Empty);
    }

    [TestCase(null, HttpStatusCode.ServiceUnavailable, "DOWN"), Order(8)]
    [TestCase("readyz_ignores_database", HttpStatusCode.OK, "UP")]
    public async Task Readiness_with_the_database_stopped(string? defect, HttpStatusCode expected, string status)
    {
        await UseAsync(defect);
        await _deployment.Database.StopServerAsync(CancellationToken.None);
        try
        {
            using var ready = await GetAsync("/health/ready");
            using var live = await GetAsync("/health");
            Assert.That(ready.StatusCode, Is.EqualTo(expected));
            Assert.That(ready.Content.Headers.ContentType?.MediaType, Is.EqualTo(HealthJson));
            Assert.That((await JsonOf(ready))["status"]!.GetValue<string>(), Is.EqualTo(status));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness does not depend on the database");
        }
        finally
        {
            await _deployment.Database.StartServerAsync(CancellationToken.None);
        }
    }

    [Test, Order(9)]
    public async Task Failed_sessions_are_rate_limited_with_retry_after()
    {
        await UseAsync(null);
        HttpStatusCode last = 0;
        HttpResponseMessage? limited = null;
        for (var attempt = 1; attempt <= 12 && limited is null; attempt++)
        {
            var response = await PostJsonAsync("/api/session", SessionBody("nobody@sirim.invalid", "wrong"));
            last = response.StatusCode;
            if (last == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }
        using (limited)
        {
            Assert.That(last, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(limited!.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }
        _defect = "(locked out)"; // the next test restarts the target, which forgets the lockout
    }

    /// <summary>One seeded defect per gate, where the profile's route or file differs from the standard one.</summary>
    [TestCase("healthz_html"), Order(10)]
    [TestCase("rate_limit_missing")]
    [TestCase("contracts_served_contract_drift")]
    [TestCase("contracts_empresa_missing_field")]
    [TestCase("header_missing_csp")]
    [TestCase("cors_reflect_any_origin")]
    [TestCase("dashboard_js_error")]
    [TestCase("logout_keeps_token")]
    [TestCase("frontend_asset_modified")]
    [TestCase("slow_gastos")]
    [TestCase("canary_slow")]
    public async Task Seeded_defect_applies_in_the_alt_profile(string defect)
    {
        await UseAsync(defect);
        switch (defect)
        {
            case "healthz_html":
            {
                using var live = await GetAsync("/health");
                Assert.That(live.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
                break;
            }
            case "rate_limit_missing":
                for (var attempt = 1; attempt <= 12; attempt++)
                {
                    using var response = await PostJsonAsync("/api/session", SessionBody("nobody@sirim.invalid", "wrong"));
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {attempt}");
                }
                break;
            case "contracts_served_contract_drift":
            {
                using var served = await GetAsync("/openapi.yaml");
                var read = ParseContract(await served.Content.ReadAsStringAsync());
                Assert.That(read.Diagnostic?.Errors, Is.Empty);
                Assert.That(read.Document!.Paths.Keys, Does.Not.Contain("/api/users").And.Contain("/api/version").And.Contain("/api/gastos/{id}"));
                break;
            }
            case "contracts_empresa_missing_field":
            {
                var token = await LoginAsync();
                using var list = await GetAsync("/api/empresas", token);
                var id = (await JsonOf(list))["data"]![0]!["id"]!.GetValue<int>();
                using var empresa = await GetAsync($"/api/empresas/{id}", token);
                Assert.That((await JsonOf(empresa)).AsObject().Select(p => p.Key), Is.EqualTo(new[] { "id", "nombre" }));
                break;
            }
            case "header_missing_csp":
                foreach (var path in new[] { "/", "/api/version" })
                {
                    using var response = await GetAsync(path);
                    Assert.That(response.Headers.Contains("Content-Security-Policy"), Is.False, path);
                }
                break;
            case "cors_reflect_any_origin":
            {
                using var response = await GetAsync("/api/version", origin: "https://evil.example");
                Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("https://evil.example"));
                break;
            }
            case "dashboard_js_error" or "logout_keeps_token":
            {
                using var response = await GetAsync("/app.js");
                var js = await response.Content.ReadAsStringAsync();
                Assert.That(js, Does.Not.Contain("data-testid").And.Not.Contain("sessionStorage"), "the defect's change is made to the profile's build");
                Assert.That(js, defect == "dashboard_js_error"
                    ? Does.Contain("document.querySelector('[data-qa=\"sirim-dashboard\"]')").And.Contain("widget.render()")
                    : Does.Contain("el('logout').addEventListener('click', () => showLogin());"));
                break;
            }
            case "frontend_asset_modified":
            {
                using var response = await GetAsync("/styles.css");
                var served = await response.Content.ReadAsStringAsync();
                var built = await File.ReadAllTextAsync(Path.Combine(Root, "target", "frontend", "styles.css"));
                Assert.That(served, Does.StartWith(built).And.Not.EqualTo(built));
                break;
            }
            case "slow_gastos":
            {
                var token = await LoginAsync();
                var watch = Stopwatch.StartNew();
                using var response = await GetAsync("/api/gastos?empresaId=1", token);
                Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)));
                Assert.That((await JsonOf(response))["meta"], Is.Not.Null);
                break;
            }
            case "canary_slow":
            {
                // Every probed request is slower: even the fastest of three (a clean one takes a few milliseconds).
                var fastest = TimeSpan.MaxValue;
                for (var i = 0; i < 3; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await GetAsync("/health/ready");
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                    if (watch.Elapsed < fastest) fastest = watch.Elapsed;
                }
                Assert.That(fastest, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(60)), "the alt readiness route is probed");
                break;
            }
            default:
                Assert.Fail($"no check for {defect}");
                break;
        }
    }

    [Test, Order(11)]
    public async Task An_unknown_profile_is_refused_by_the_hosting()
    {
        var error = Assert.Throws<HostingException>(() => ReferenceProfile.Parse("legacy"));
        Assert.That(error!.Message, Is.EqualTo("'legacy' is not a profile of the reference target; use standard or alt"));
        await Task.CompletedTask;
    }
}
