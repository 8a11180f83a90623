using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>
/// The gate against APIs written another way, each an in-process <see cref="FakeApi"/> that answers only what its
/// document promises: the credential where the document's security scheme puts it (an apiKey in the Authorization
/// header, an apiKey in the query), none on a public operation, lists wrapped in an object, and a served document
/// that is smaller for anonymous callers. Every request the gate sent is inspected, not only the verdicts.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class CredentialsAndWrappedListsTests
{
    private const string Token = "opaque-suite-token-4711";

    private static string SamplePath(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", name);

    private const string AnonymousDocument = """
        openapi: 3.0.3
        info: {title: Wrapped lists, API key in Authorization, version: '1'}
        paths:
          /api/ping:
            get:
              tags: [ping]
              security: []
              responses:
                '200':
                  description: Alive
                  content:
                    application/json:
                      schema: {type: object, properties: {ok: {type: boolean}}}
        """;

    [Test]
    public async Task An_api_key_in_the_authorization_header_goes_on_every_non_public_operation_and_a_wrapped_list_gives_the_item_id()
    {
        var full = await File.ReadAllTextAsync(SamplePath("authorization-apikey.openapi.yaml"));
        await using var api = FakeApi.Start(r =>
        {
            var authorized = r.Header("Authorization") == "Bearer " + Token;
            if (r.Path == "/openapi.yaml") return new FakeResponse(200, "application/yaml", authorized ? full : AnonymousDocument);
            if (r.Path is not ("/api/ping" or "/api/things") && !r.Path.StartsWith("/api/things/", StringComparison.Ordinal))
                return FakeResponse.Problem(404, "Not Found", r.Path);
            if (r.Method != "GET") return FakeResponse.Problem(405, "Method Not Allowed", r.Path, new Dictionary<string, string> { ["Allow"] = "GET" });
            if (r.Path == "/api/ping") return FakeResponse.Json("{\"ok\":true}");
            if (!authorized) return FakeResponse.Problem(401, "Unauthorized", r.Path);
            if (r.Path == "/api/things") return FakeResponse.Json("{\"links\":[\"self\"],\"data\":[{\"id\":7,\"name\":\"seven\"}],\"meta\":{\"total\":1}}");
            return r.Path == "/api/things/7" ? FakeResponse.Json("{\"id\":7,\"name\":\"seven\"}") : FakeResponse.Problem(404, "Not Found", r.Path);
        });

        var execution = await RunAsync(api, SamplePath("authorization-apikey.openapi.yaml"), new Uri(api.BaseUrl, "/openapi.yaml"));

        var run = execution.Run!;
        var failed = execution.Outcomes().Where(o => o.Failed).ToList();
        var sent = api.Received;
        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.Empty, FailureRenderer.RenderAll(failed, Redactor.None));
            Assert.That(run.Committed!.Unsupported, Is.Empty, "an apiKey scheme in a header is supported");
            Assert.That(run.Uncovered.Select(u => $"{u.OperationKey} {u.CaseId}: {u.Reason}"), Is.Empty);
            // Every request to a non-public operation carried the token as the scheme says, except the two credential cases.
            var secured = sent.Where(r => r.Path.StartsWith("/api/things", StringComparison.Ordinal)).ToList();
            Assert.That(secured.Count(r => r.Header("Authorization") == "Bearer " + Token), Is.EqualTo(secured.Count - 2 * 2));
            Assert.That(secured.Count(r => r.Header("Authorization") is null), Is.EqualTo(2), "missing_credentials of both operations");
            Assert.That(secured.Count(r => r.Header("Authorization") == "Bearer " + RequestFactory.InvalidToken), Is.EqualTo(2));
            Assert.That(run.Case("GET /api/things", "missing_credentials")!.Mutation, Is.EqualTo("no Authorization header"));
            Assert.That(run.Case("GET /api/things", "missing_credentials")!.Exchanges.Single().Status, Is.EqualTo(401));
            // The public operation got no credential, and has no credential cases.
            var pings = sent.Where(r => r.Path == "/api/ping").ToList();
            Assert.That(pings, Is.Not.Empty);
            Assert.That(pings.Select(r => r.Header("Authorization")), Has.All.Null);
            Assert.That(run.Case("GET /api/ping", "missing_credentials")!.State, Is.EqualTo(CaseState.NotApplicable));
            // The item GET used the id the wrapped list answered (under "data", not the first array "links").
            Assert.That(run.Case("GET /api/things/{id}", "positive")!.Exchanges.Single().Request.Url.AbsolutePath, Is.EqualTo("/api/things/7"));
            Assert.That(run.Case("GET /api/things/{id}", "positive")!.State, Is.EqualTo(CaseState.Passed));
            // Drift: the document was fetched with the credential (the anonymous one lacks two operations), read as YAML.
            Assert.That(sent.Where(r => r.Path == "/openapi.yaml").Select(r => r.Header("Authorization")), Is.EqualTo(new[] { "Bearer " + Token }));
            Assert.That(run.Served!.Document, Is.Not.Null, run.Served.Error);
            Assert.That(run.Drift.Where(d => d.What == "operation removed"), Is.Empty);
            Assert.That(execution.DriftOutcome().Failed, Is.False);
        });
    }

    [Test]
    public async Task Drift_without_credentials_would_see_the_smaller_anonymous_document()
    {
        // The same server read anonymously: proves the test above passes because of the credential, not by accident.
        var full = await File.ReadAllTextAsync(SamplePath("authorization-apikey.openapi.yaml"));
        await using var api = FakeApi.Start(r => r.Path == "/openapi.yaml"
            ? new FakeResponse(200, "application/yaml", r.Header("Authorization") == "Bearer " + Token ? full : AnonymousDocument)
            : FakeResponse.Problem(404, "Not Found", r.Path));
        using var client = new ExchangeClient(TimeSpan.FromSeconds(5));
        var committed = await Document.ContractLoader.ParseAsync(full, "committed", CancellationToken.None);
        var anonymous = await Document.ContractLoader.LoadUrlAsync(new Uri(api.BaseUrl, "/openapi.yaml"), client, [], CancellationToken.None);
        var drift = Drift.ContractDrift.Compare(committed.Document!, anonymous.Document!);
        Assert.That(drift.Where(d => d.Breaking).Select(d => d.ToString()),
            Is.SupersetOf(new[] { "BREAKING: GET /api/things: operation removed", "BREAKING: GET /api/things/{id}: operation removed" }));
    }

    [Test]
    public async Task An_api_key_in_the_query_goes_in_the_query_and_is_removed_or_forged_there_by_the_credential_cases()
    {
        await using var api = FakeApi.Start(r =>
        {
            var authorized = r.QueryValue("api_key") == Token;
            if (r.Path == "/openapi.json")
                return authorized ? new FakeResponse(200, "application/json", File.ReadAllText(SamplePath("query-apikey.openapi.json"))) : FakeResponse.Problem(401, "Unauthorized", r.Path);
            if (r.Path != "/items" && !r.Path.StartsWith("/items/", StringComparison.Ordinal)) return FakeResponse.Problem(404, "Not Found", r.Path);
            if (r.Method != "GET") return FakeResponse.Problem(405, "Method Not Allowed", r.Path, new Dictionary<string, string> { ["Allow"] = "GET" });
            if (!authorized) return FakeResponse.Problem(401, "Unauthorized", r.Path);
            if (r.Path == "/items")
                return int.TryParse(r.QueryValue("page"), out var page) && page is >= 1 and <= 9
                    ? FakeResponse.Json("[{\"id\":3},{\"id\":4}]") : FakeResponse.Problem(400, "Bad Request", r.Path);
            return r.Path == "/items/3" ? FakeResponse.Json("{\"id\":3}") : FakeResponse.Problem(404, "Not Found", r.Path);
        });

        var execution = await RunAsync(api, SamplePath("query-apikey.openapi.json"), new Uri(api.BaseUrl, "/openapi.json"));

        var run = execution.Run!;
        var failed = execution.Outcomes().Where(o => o.Failed).ToList();
        var items = api.Received.Where(r => r.Path.StartsWith("/items", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.Empty, FailureRenderer.RenderAll(failed, Redactor.None));
            Assert.That(run.Committed!.Unsupported, Is.Empty);
            Assert.That(items.Select(r => r.Header("Authorization")), Has.All.Null, "an apiKey in the query is not also sent as a header");
            Assert.That(items.Count(r => r.QueryValue("api_key") == Token), Is.EqualTo(items.Count - 2 * 2));
            Assert.That(items.Count(r => r.QueryValue("api_key") is null), Is.EqualTo(2));
            Assert.That(items.Count(r => r.QueryValue("api_key") == RequestFactory.InvalidToken), Is.EqualTo(2));
            Assert.That(run.Case("GET /items", "missing_credentials")!.Mutation, Is.EqualTo("no 'api_key' query parameter"));
            Assert.That(run.Case("GET /items", "invalid_credentials")!.Mutation, Is.EqualTo("query parameter 'api_key' = <an invalid token>"));
            Assert.That(run.Case("GET /items/{id}", "positive")!.Exchanges.Single().Request.Url.AbsolutePath, Is.EqualTo("/items/3"));
            Assert.That(api.Received.Where(r => r.Path == "/openapi.json").Select(r => r.QueryValue("api_key")), Is.EqualTo(new[] { Token }));
            Assert.That(execution.DriftOutcome().Failed, Is.False);
            // The key is in the URL: what the evidence writes of the exchange shows it redacted.
            var positive = run.Case("GET /items", "positive")!.Exchanges.Single();
            Assert.That(positive.ToRawText(Redactor.None) + positive.ToCurl(Redactor.None), Does.Not.Contain(Token).And.Contain("api_key=[redacted]"));
        });
    }

    private static async Task<ContractsExecution> RunAsync(FakeApi api, string document, Uri servedDocument)
    {
        var env = new Dictionary<string, string>
        {
            ["SIRIM_ENVIRONMENT"] = "third-party", ["SIRIM_API_URL"] = api.BaseUrl.ToString(), ["SIRIM_CONTRACT_FILE"] = document,
            ["SIRIM_OPENAPI_URL"] = servedDocument.ToString(), ["SIRIM_TOKEN"] = Token, ["SIRIM_RUN_ID"] = "credentials",
        };
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var client = new ExchangeClient(TimeSpan.FromSeconds(5));
        var execution = await ContractsExecution.RunAsync(loaded.Options!, RepositoryRoot.Find(), client, cts.Token);
        Assert.That(execution.Problem, Is.Null);
        return execution;
    }
}
