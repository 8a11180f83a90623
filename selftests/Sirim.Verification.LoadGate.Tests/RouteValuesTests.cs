using Sirim.Verification.Core.Http;
using System.Text.Json;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.LoadGate.Http;
using Sirim.Verification.LoadGate.Routes;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>Placeholder expansion in paths and bodies, binding of the settings the routes name, the created id's JSON Pointer and Location.</summary>
public sealed class RouteValuesTests
{
    private static TargetOptions Options(params (string Name, string Value)[] settings)
    {
        var env = new Dictionary<string, string> { ["SIRIM_API_URL"] = "http://127.0.0.1:5080", ["SIRIM_RUN_ID"] = "run1", ["SIRIM_LOAD_EMPRESA_ID"] = "7" };
        foreach (var (name, value) in settings) env[name] = value;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        return loaded.Options!;
    }

    private static CriticalRoute Route(string json)
    {
        var (routes, errors) = RoutesFile.Parse($$"""{ "routes": [ {{json}} ] }""", "routes.json");
        Assert.That(errors, Is.Empty);
        return routes.Single();
    }

    private static readonly RequestValues Request = new(42, "0b6f3a52-9f5e-4f57-a7f6-0d4c3a1e2b11");

    [TestCase("/api/gastos?empresaId={empresaId}&pageSize=20", "/api/gastos?empresaId=7&pageSize=20", TestName = "path: {empresaId} is loadEmpresaId, as before")]
    [TestCase("/api/gastos?empresaId={loadEmpresaId}", "/api/gastos?empresaId=7", TestName = "path: a setting key")]
    [TestCase("/api/items/{n}?run={runId}", "/api/items/42?run=run1", TestName = "path: the request's sequence and the run id")]
    [TestCase("/api/items/{uuid}", "/api/items/0b6f3a52-9f5e-4f57-a7f6-0d4c3a1e2b11", TestName = "path: the request's uuid")]
    [TestCase("/api/search?q={tag}", "/api/search?q=sirim-verification%20load%20run1", TestName = "path: values are percent-encoded")]
    [TestCase("/api/{environment}/x", "/api/reference/x", TestName = "path: any non-secret setting with a default")]
    public void A_path_gets_its_placeholders_filled(string path, string expected)
    {
        var route = Route($$"""{ "name": "r", "method": "GET", "path": "{{path}}" }""");
        var (values, errors) = RouteValues.Bind([route], Options());
        Assert.That(errors, Is.Empty);
        Assert.That(values!.Path(route.Path!, Request), Is.EqualTo(expected));
    }

    [Test]
    public void A_body_gets_strings_and_numbers_filled_and_keeps_everything_else()
    {
        var route = Route("""
            { "name": "r", "method": "POST", "path": "/x",
              "body": { "empresaId": "{empresaId:number}", "n": "{n:number}", "ref": "r-{runId}-{n}", "id": "{uuid}", "concepto": "{tag}",
                        "nested": [ { "e": "{loadEmpresaId}", "quote": "say \"{runId}\"" } ], "monto": 1.00, "ok": true, "none": null, "text": "no {placeholder here" } }
            """);
        var (values, _) = RouteValues.Bind([route], Options());
        var body = values!.Body(route, Request);
        Assert.That(body, Is.EqualTo(
            "{\"empresaId\":7,\"n\":42,\"ref\":\"r-run1-42\",\"id\":\"0b6f3a52-9f5e-4f57-a7f6-0d4c3a1e2b11\",\"concepto\":\"sirim-verification load run1\"," +
            "\"nested\":[{\"e\":\"7\",\"quote\":\"say \\u0022run1\\u0022\"}],\"monto\":1.00,\"ok\":true,\"none\":null,\"text\":\"no {placeholder here\"}"));
        Assert.That(JsonDocument.Parse(body!).RootElement.GetProperty("nested")[0].GetProperty("quote").GetString(), Is.EqualTo("say \"run1\""), "a valid JSON document");
    }

    [Test]
    public void The_date_placeholder_is_today_in_utc()
    {
        var route = Route("""{ "name": "r", "method": "POST", "path": "/x", "body": { "fecha": "{date}" } }""");
        static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = Today();
        var body = RouteValues.Bind([route], Options()).Values!.Body(route, Request);
        var after = Today();
        // Read around the call, so a run across midnight still has the day the body was written.
        Assert.That(body, Is.AnyOf($"{{\"fecha\":\"{before}\"}}", $"{{\"fecha\":\"{after}\"}}"));
    }

    [Test]
    public void A_cleanup_path_gets_the_created_id()
    {
        var route = Route("""{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "/id", "cleanup": { "path": "/x/{id}?run={runId}" } }""");
        var values = RouteValues.Bind([route], Options()).Values!;
        Assert.That(values.Path(route.Cleanup!.Path, new RequestValues(0, "", "a b/1")), Is.EqualTo("/x/a%20b%2F1?run=run1"));
    }

    [TestCase("""{ "name": "r", "method": "GET", "path": "/x?f={frontendBaseUrl}" }""",
        "route r: placeholder '{frontendBaseUrl}' has no value; setting frontendBaseUrl (SIRIM_FRONTEND_URL) is not set; allowed: set it, or leave the placeholder out",
        TestName = "bind: a setting without a value")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "body": { "e": "{environment:number}" } }""",
        "route r: placeholder '{environment:number}' is 'reference', not a number; ':number' writes a JSON number; allowed: a numeric environment, or '{environment}' inside a string",
        TestName = "bind: :number on a setting that is not a number")]
    public void A_setting_a_route_needs_is_checked_before_any_request(string json, string error)
    {
        var (values, errors) = RouteValues.Bind([Route(json)], Options());
        Assert.That(values, Is.Null);
        Assert.That(errors, Is.EqualTo(new[] { error }));
    }

    [TestCase("""{"id":41}""", "/id", "41", TestName = "pointer: a number")]
    [TestCase("""{"data":{"id":"abc-1"}}""", "/data/id", "abc-1", TestName = "pointer: a string in a wrapper")]
    [TestCase("""{"items":[{"id":5},{"id":6}]}""", "/items/1/id", "6", TestName = "pointer: an array index")]
    [TestCase("""{"a/b":{"m~n":9}}""", "/a~1b/m~0n", "9", TestName = "pointer: escaped '/' and '~'")]
    [TestCase("""77""", "", "77", TestName = "pointer: the whole document")]
    [TestCase("""{"id":41}""", "/ID", null, TestName = "pointer: members are case-sensitive")]
    [TestCase("""{"id":{"value":1}}""", "/id", null, TestName = "pointer: an object is no id")]
    [TestCase("""{"id":1.5}""", "/id", null, TestName = "pointer: a fraction is no id")]
    [TestCase("""{"id":""}""", "/id", null, TestName = "pointer: an empty string is no id")]
    [TestCase("""{"items":[1]}""", "/items/01", null, TestName = "pointer: a leading zero is no index")]
    public void The_created_id_is_found_by_its_json_pointer(string json, string pointer, string? id)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.That(JsonPointers.Id(doc.RootElement, pointer), Is.EqualTo(id));
    }

    [TestCase("/api/gastos/41", "41", TestName = "location: relative")]
    [TestCase("http://127.0.0.1:5080/api/gastos/41/", "41", TestName = "location: absolute, trailing slash")]
    [TestCase("/api/items/a%20b?x=1", "a b", TestName = "location: escaped, with a query")]
    public void The_created_id_is_the_last_segment_of_the_location(string location, string id) =>
        Assert.That(SirimRequests.LastSegment(new Uri(location, UriKind.RelativeOrAbsolute)), Is.EqualTo(id));
}
