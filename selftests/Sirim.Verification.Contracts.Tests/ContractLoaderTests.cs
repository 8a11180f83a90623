using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Tests;

public sealed class ContractLoaderTests
{
    private static string Sample => File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", "mini.openapi.json"));

    [Test]
    public async Task Reads_operations_parameters_security_and_response_schemas_of_a_3_0_document()
    {
        var loaded = await ContractLoader.ParseAsync(Sample, "mini.openapi.json", CancellationToken.None);
        Assert.That(loaded.Error, Is.Null);
        var doc = loaded.Document!;
        Assert.That(doc.Operations.Select(o => o.Key), Is.EqualTo(new[] { "GET /items", "POST /items", "GET /items/{id}" }));
        var list = doc.Find("GET", "/items")!;
        Assert.That(list.Secured, Is.True);
        Assert.That(list.Tag, Is.EqualTo("items"));
        Assert.That(list.Parameters.Single().Required, Is.True);
        Assert.That(doc.Find("POST", "/items")!.Responses.Single().RequiredHeaders, Is.EqualTo(new[] { "Location" }));
        Assert.That(doc.Unsupported, Is.Empty);
    }

    // A response schema that is only a reference ({"$ref": "#/components/schemas/Gasto"}) is compiled and enforced like
    // an inline one; it used to be listed as an unsupported construct and left unvalidated.
    [TestCase("contracts/openapi.json", "GET /api/gastos/{id}", TestName = "committed JSON contract: every response schema compiles")]
    [TestCase("contracts/openapi-alt.yaml", "GET /api/gastos/{id}", TestName = "alt YAML contract: every response schema compiles")]
    public async Task Every_response_schema_of_the_committed_contracts_compiles_and_a_reference_one_is_enforced(string file, string operation)
    {
        var path = Path.Combine(Sirim.Verification.Core.RepositoryRoot.Find(), file);
        var loaded = await ContractLoader.ParseAsync(File.ReadAllText(path), file, CancellationToken.None);
        Assert.That(loaded.Document!.Unsupported.Where(u => u.Contains("could not be compiled")), Is.Empty);
        var response = loaded.Document.Find(operation.Split(' ')[0], operation.Split(' ')[1])!.Responses.First(r => r.StatusKey == "200");
        var (validator, problem) = loaded.Document.Schemas.For(response.Content.Values.OfType<Microsoft.OpenApi.IOpenApiSchema>().Single());
        Assert.That(problem, Is.Null);
        Assert.That(validator!.Validate("""{"id": "not-a-number"}"""), Is.Not.Empty, "a body off the referenced schema is refused");
    }

    // Each bad source fails with one message that names where it came from.
    [TestCase("", "the document is empty", TestName = "empty")]
    [TestCase("{not json", "not a readable OpenAPI document", TestName = "malformed JSON")]
    [TestCase("<html>oops</html>", "not a JSON or YAML document (starts with '<html>oops</html>': an HTML or XML page?)", TestName = "HTML page")]
    [TestCase("openapi: 3.0.3\ninfo: {title: t\n  version: [", "not a readable OpenAPI document (YAML)", TestName = "malformed YAML")]
    [TestCase("just some text", "could not be read as YAML (OpenApiUnsupportedSpecVersionException: OpenAPI specification version 'just some text' is not supported.)", TestName = "plain text")]
    [TestCase("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}", "declares no paths", TestName = "no paths")]
    public async Task A_bad_document_fails_with_one_clear_message(string text, string expected)
    {
        var loaded = await ContractLoader.ParseAsync(text, "/somewhere/openapi.json", CancellationToken.None);
        Assert.That(loaded.Document, Is.Null);
        Assert.That(loaded.Error, Does.StartWith("contract /somewhere/openapi.json: ").And.Contain(expected));
    }

    [Test]
    public async Task A_yaml_document_reads_like_its_json_twin()
    {
        var yaml = await ContractLoader.ParseAsync(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", "mini.openapi.yaml")), "mini.openapi.yaml", CancellationToken.None);
        var json = await ContractLoader.ParseAsync(Sample, "mini.openapi.json", CancellationToken.None);
        Assert.That(yaml.Error, Is.Null);
        Assert.That(yaml.Document!.Operations.Select(o => $"{o.Key} {o.Secured} {string.Join(",", o.Parameters.Select(p => p.Name))} {string.Join(",", o.DocumentedStatuses)}"),
            Is.EqualTo(json.Document!.Operations.Select(o => $"{o.Key} {o.Secured} {string.Join(",", o.Parameters.Select(p => p.Name))} {string.Join(",", o.DocumentedStatuses)}")));
        Assert.That(yaml.Document.Unsupported, Is.Empty);
        Assert.That(ContractLoader.ReadOperations(yaml.RawText!).Select(o => o.Key), Is.EqualTo(new[] { "GET /items", "POST /items", "GET /items/{id}" }));
    }

    [Test]
    public async Task An_unreachable_document_says_where_and_why()
    {
        using var client = new ExchangeClient(TimeSpan.FromSeconds(2));
        var loaded = await ContractLoader.LoadUrlAsync(new Uri("http://127.0.0.1:9/openapi.json"), client, [], CancellationToken.None);
        Assert.That(loaded.Error, Does.StartWith("contract http://127.0.0.1:9/openapi.json: unreachable ("));
    }

    [Test]
    public async Task Unresolvable_references_and_unsupported_constructs_are_reported_not_thrown()
    {
        const string text = """
            {"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{
              "/x":{"get":{"responses":{"200":{"$ref":"#/components/responses/Nope"}}},
                    "post":{"requestBody":{"required":true,"content":{"multipart/form-data":{"schema":{"type":"object"}}}},"responses":{"200":{"description":"ok"}},
                            "callbacks":{"onDone":{}}}}},
             "webhooks":{"ping":{"post":{"responses":{"200":{"description":"ok"}}}}}}
            """;
        var loaded = await ContractLoader.ParseAsync(text, "third-party.json", CancellationToken.None);
        Assert.That(loaded.Error, Is.Null);
        Assert.That(loaded.Document!.Unsupported, Has.Some.Contains("GET /x: response 200 is a reference that does not resolve")
            .And.Some.Contains("POST /x: request body media type multipart/form-data is not synthesised")
            .And.Some.Contains("webhooks (ping)"));
    }

    // Through the gate's own entry point: a bad contract stops it before the first request with one message naming it.
    [TestCase("file", "{\"openapi\": \"3.0.3\", \"paths\": {", "not a readable OpenAPI document (JSON)", TestName = "malformed contract file")]
    [TestCase("url", null, "unreachable (", TestName = "unreachable contract URL")]
    public async Task The_gate_stops_with_one_message_naming_a_malformed_or_unreachable_contract(string kind, string? text, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sirim-contract-{Guid.NewGuid():N}.json");
        var source = kind == "file" ? file : "http://127.0.0.1:9/openapi.json";
        if (text is not null) await File.WriteAllTextAsync(file, text);
        try
        {
            var env = new Dictionary<string, string> { ["SIRIM_API_URL"] = "http://127.0.0.1:9/", ["SIRIM_CONTRACT_FILE"] = source, ["SIRIM_TOKEN"] = "t" };
            var target = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null)).Options!;
            using var client = new ExchangeClient(TimeSpan.FromSeconds(2));
            var execution = await ContractsExecution.RunAsync(target, Sirim.Verification.Core.RepositoryRoot.Find(), client, CancellationToken.None);
            Assert.That(execution.Run, Is.Null);
            Assert.That(execution.Problem, Does.StartWith($"[contracts] contract {source}: ").And.Contain(expected).And.Not.Contain("\n"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
