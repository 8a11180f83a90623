using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using Sirim.ReferenceTarget.Hosting;

namespace Sirim.ReferenceTarget.Tests;

/// <summary>
/// contracts/openapi-alt.yaml against contracts/openapi.json: the same resources with the same shapes and statuses,
/// and only the profile's conventions (health, login, contract route, list wrappers, auth scheme, frontend) differ.
/// </summary>
public sealed class AltContractTests
{
    private static readonly string[] StandardOnly = ["/healthz", "/readyz", "/api/auth/login", "/openapi.json"];
    private static readonly string[] AltOnly = ["/health", "/health/ready", "/api/session", "/openapi.yaml", "/", "/config.json"];
    private static readonly string[] WrappedLists = ["/api/empresas", "/api/gastos"];

    private static OpenApiDocument Load(string file)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var text = File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), "contracts", file));
        var read = OpenApiDocument.Parse(text, file.EndsWith(".json", StringComparison.Ordinal) ? OpenApiConstants.Json : OpenApiConstants.Yaml, settings);
        Assert.That(read.Diagnostic?.Errors, Is.Empty, file);
        return read.Document!;
    }

    private static async Task<string> Json(IOpenApiSerializable element) =>
        await element.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);

    [Test]
    public void The_alt_contract_has_the_standard_paths_but_the_profiles_own()
    {
        var standard = Load("openapi.json");
        var alt = Load("openapi-alt.yaml");
        Assert.That(alt.Paths.Keys.Except(AltOnly), Is.EquivalentTo(standard.Paths.Keys.Except(StandardOnly)));
        Assert.That(alt.Paths.Keys, Is.SupersetOf(AltOnly));
    }

    [Test]
    public void Shared_operations_answer_the_same_statuses_with_the_same_media_types()
    {
        var standard = Load("openapi.json");
        var alt = Load("openapi-alt.yaml");
        foreach (var (path, item) in standard.Paths.Where(p => !StandardOnly.Contains(p.Key)))
        foreach (var (method, operation) in item.Operations!)
        {
            var other = alt.Paths[path].Operations![method];
            Assert.That(other.Responses!.Keys, Is.EquivalentTo(operation.Responses!.Keys), $"{method} {path}");
            foreach (var (status, response) in operation.Responses)
                Assert.That(other.Responses[status].Content?.Keys ?? [], Is.EquivalentTo(response.Content?.Keys ?? []), $"{method} {path} {status}");
            Assert.That(other.Security is { Count: 0 }, Is.EqualTo(operation.Security is { Count: 0 }), $"{method} {path}: public in both or secured in both");
        }
    }

    [Test]
    public async Task Shared_schemas_and_the_non_list_answers_are_identical()
    {
        var standard = Load("openapi.json");
        var alt = Load("openapi-alt.yaml");
        var shared = standard.Components!.Schemas!.Keys.Intersect(alt.Components!.Schemas!.Keys).ToList();
        Assert.That(shared, Is.SupersetOf(new[] { "Empresa", "Gasto", "GastoInput", "UserProfile", "Problem", "ValidationProblem", "Version" }));
        foreach (var name in shared.Where(n => n is not ("Health" or "Readiness")))
            Assert.That(await Json(alt.Components.Schemas[name]), Is.EqualTo(await Json(standard.Components.Schemas[name])), name);

        foreach (var (path, item) in standard.Paths.Where(p => !StandardOnly.Contains(p.Key)))
        foreach (var (method, operation) in item.Operations!)
        foreach (var (status, response) in operation.Responses!)
        {
            if (status == "200" && method == HttpMethod.Get && WrappedLists.Contains(path)) continue;
            Assert.That(await Json(alt.Paths[path].Operations![method].Responses![status]), Is.EqualTo(await Json(response)), $"{method} {path} {status}");
        }
    }

    [TestCase("/api/empresas", "EmpresaList", "Empresa")]
    [TestCase("/api/gastos", "GastoList", "Gasto")]
    public async Task Lists_are_declared_wrapped_in_data_and_meta(string path, string list, string item)
    {
        var alt = Load("openapi-alt.yaml");
        var schema = alt.Paths[path].Operations![HttpMethod.Get].Responses!["200"].Content!["application/json"].Schema!;
        Assert.That(schema, Is.InstanceOf<OpenApiSchemaReference>());
        Assert.That(((OpenApiSchemaReference)schema).Reference.Id, Is.EqualTo(list));
        var wrapper = alt.Components!.Schemas![list];
        Assert.That(wrapper.Required, Is.EquivalentTo(new[] { "data", "meta" }));
        Assert.That(((OpenApiSchemaReference)wrapper.Properties!["data"].Items!).Reference.Id, Is.EqualTo(item));
        Assert.That(alt.Components.Schemas["ListMeta"].Required, Is.EquivalentTo(new[] { "total", "page", "pageSize" }));
        await Task.CompletedTask;
    }
}
